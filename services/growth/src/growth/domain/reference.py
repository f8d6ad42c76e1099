"""Reference data: agencies, large firms and difficulty routes, seeded and extendable as data."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Agency(BaseModel):
    """A support agency; adding one is adding a document (and its API key), not code."""

    model_config = ConfigDict(frozen=True)

    agency_id: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9-]+$")
    name_ko: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class Firm(BaseModel):
    """A large or mid-size firm that publishes open innovation needs."""

    model_config = ConfigDict(frozen=True)

    firm_id: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9-]+$")
    name_ko: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
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

# The institution that answers each kind of difficulty unless the data says otherwise.
DIFFICULTY_ROUTES = {
    "funding": "kosme",
    "space": "kicox",
    "hiring": "sba",
    "regulation": "kosme",
    "sales_channel": "sba",
}
