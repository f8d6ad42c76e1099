"""Reference data: agencies, large firms, program kinds and difficulty categories, seeded and
extendable as data by an operator, without a release."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from relay_contracts.support import SupportKind

# An id of reference data: short, lower case, stable (it travels in events).
ReferenceId = Annotated[str, Field(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Label = Annotated[str, Field(min_length=1, max_length=200)]


class Agency(BaseModel):
    """A support agency; adding one is adding a document (and its API key), not code."""

    model_config = ConfigDict(frozen=True)

    agency_id: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9-]+$")
    name_ko: Label
    name_en: Label


class Firm(BaseModel):
    """A large or mid-size firm that publishes open innovation needs."""

    model_config = ConfigDict(frozen=True)

    firm_id: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9-]+$")
    name_ko: Label
    name_en: Label
    size: Literal["large", "mid"]
    industrial_complex: str = "magok"


AGENCIES = (
    Agency(agency_id="sba", name_ko="서울경제진흥원", name_en="Seoul Business Agency"),
    Agency(
        agency_id="kosme",
        name_ko="중소벤처기업진흥공단",
        name_en="Korea SMEs and Startups Agency",
    ),
    Agency(
        agency_id="kicox",
        name_ko="한국산업단지공단",
        name_en="Korea Industrial Complex Corporation",
    ),
)

FIRMS = (
    Firm(firm_id="lg-electronics", name_ko="LG전자", name_en="LG Electronics", size="large"),
    Firm(firm_id="lotte", name_ko="롯데", name_en="Lotte", size="large"),
    Firm(firm_id="kolon", name_ko="코오롱", name_en="Kolon", size="large"),
    Firm(firm_id="s-oil", name_ko="에쓰오일", name_en="S-Oil", size="large"),
    Firm(firm_id="nexen", name_ko="넥센", name_en="Nexen", size="mid"),
)


class ProgramKind(BaseModel):
    """A kind of leap-stage program an agency runs (투자매칭, 수출, CEO 포럼, …)."""

    model_config = ConfigDict(frozen=True)

    kind_id: ReferenceId
    name_ko: Label
    name_en: Label
    support_kind: SupportKind = Field(
        description="Kind under which the benefit ledger records the money a program of this"
        " kind grants (the ledger's duplicate-benefit rules read it)."
    )


class DifficultyCategory(BaseModel):
    """A kind of difficulty (애로사항) and the agency that answers it when no agency holds the
    startup."""

    model_config = ConfigDict(frozen=True)

    category_id: ReferenceId
    name_ko: Label
    name_en: Label
    routed_to: str = Field(min_length=2, max_length=40, examples=["kosme"])


PROGRAM_KINDS = (
    ProgramKind(
        kind_id="investment_matching",
        name_ko="투자 매칭",
        name_en="Investment matching",
        support_kind="investment_matching",
    ),
    ProgramKind(kind_id="export", name_ko="수출 지원", name_en="Export", support_kind="export"),
    ProgramKind(
        kind_id="open_innovation",
        name_ko="오픈 이노베이션",
        name_en="Open innovation",
        support_kind="open_innovation",
    ),
    ProgramKind(kind_id="rnd", name_ko="R&D 지원", name_en="R&D", support_kind="rnd"),
    ProgramKind(kind_id="patent", name_ko="특허 지원", name_en="Patents", support_kind="patent"),
    ProgramKind(kind_id="hiring", name_ko="채용 지원", name_en="Hiring", support_kind="hiring"),
    ProgramKind(
        kind_id="management",
        name_ko="경영 지원",
        name_en="Management support",
        support_kind="consulting",
    ),
    ProgramKind(
        kind_id="technology",
        name_ko="기술 지원",
        name_en="Technology support",
        support_kind="consulting",
    ),
    ProgramKind(
        kind_id="sales_channel",
        name_ko="판로 지원",
        name_en="Sales channels",
        support_kind="consulting",
    ),
    ProgramKind(
        kind_id="ceo_forum",
        name_ko="네트워킹 · CEO 포럼",
        name_en="Networking: CEO forum",
        support_kind="education",
    ),
    ProgramKind(
        kind_id="tech_exchange",
        name_ko="네트워킹 · 기술 교류회",
        name_en="Networking: tech exchange",
        support_kind="education",
    ),
    ProgramKind(
        kind_id="tech_fair",
        name_ko="네트워킹 · 기술 박람회",
        name_en="Networking: tech fair",
        support_kind="open_innovation",
    ),
    ProgramKind(
        kind_id="dx_challenge", name_ko="DX 챌린지", name_en="DX challenge", support_kind="rnd"
    ),
    ProgramKind(
        kind_id="export_fair", name_ko="수출 박람회", name_en="Export fair", support_kind="export"
    ),
)

DIFFICULTY_CATEGORIES = (
    DifficultyCategory(category_id="funding", name_ko="자금", name_en="Funding", routed_to="kosme"),
    DifficultyCategory(category_id="space", name_ko="공간", name_en="Space", routed_to="kicox"),
    DifficultyCategory(category_id="hiring", name_ko="인력", name_en="Hiring", routed_to="sba"),
    DifficultyCategory(
        category_id="regulation", name_ko="규제", name_en="Regulation", routed_to="kosme"
    ),
    DifficultyCategory(
        category_id="sales_channel", name_ko="판로", name_en="Sales channels", routed_to="sba"
    ),
    DifficultyCategory(
        category_id="technology", name_ko="기술", name_en="Technology", routed_to="kicox"
    ),
    DifficultyCategory(category_id="export", name_ko="수출", name_en="Export", routed_to="kosme"),
    DifficultyCategory(
        category_id="management", name_ko="경영", name_en="Management", routed_to="sba"
    ),
)
