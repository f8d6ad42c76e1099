"""Properties of intake's pure rules, over many generated cases (hypothesis), without servers."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from intake.api.views import StartupSummary, StartupView
from intake.domain.duplicates import Copy, live, why_not_linked
from intake.domain.identity import company_search_keys
from intake.domain.submission import Founder, Status, Submission

UNIVERSITIES = ("kangseo-univ", "dongyang-mirae", "snu", "soongsil", "cau", "chongshin")

# What company names are written with: Hangul syllables, Latin letters with and without
# accents, digits, spaces and the punctuation of legal forms.
NAME_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñ0123456789 ().&-"),
)
LEGAL_FORMS = st.sampled_from(["", "(주)", "㈜", "주식회사 ", "Inc. ", "Co ", " Ltd", " 주식회사"])


@st.composite
def company_names(draw: st.DrawFn) -> str:
    body = draw(st.text(NAME_CHARACTERS, min_size=1, max_size=30))
    form = draw(LEGAL_FORMS)
    return form + body if not form.startswith(" ") else body + form


@given(name=company_names(), cut=st.integers(min_value=1, max_value=40))
def test_typing_the_start_of_a_name_finds_it(name: str, cut: int) -> None:
    typed = name[:cut]
    typed_keys = company_search_keys(typed)
    stored_keys = company_search_keys(name)
    if typed_keys:
        assert any(key.startswith(t) for t in typed_keys for key in stored_keys)


@given(name=company_names())
def test_case_and_width_do_not_change_what_finds_a_name(name: str) -> None:
    assert company_search_keys(name.upper()) == company_search_keys(name.lower())
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    assert company_search_keys(fullwidth) == company_search_keys(name)


@st.composite
def records(draw: st.DrawFn, startup_id: str) -> list[Copy]:
    """The copies of one startup as intake keeps them: one per university, at most one live
    copy graduated."""
    universities = draw(st.lists(st.sampled_from(UNIVERSITIES), unique=True, max_size=6))
    statuses = [draw(st.sampled_from(list(Status))) for _ in universities]
    graduated = [i for i, s in enumerate(statuses) if s is Status.GRADUATED]
    for extra in graduated[1:]:
        statuses[extra] = Status.NURTURING
    return [
        Copy(
            submission_id=f"sub-{startup_id}-{university}",
            startup_id=startup_id,
            university_id=university,
            status=status,
            submitted_on=date(2026, 3, 2),
        )
        for university, status in zip(universities, statuses, strict=True)
    ]


@given(
    asking=st.sampled_from(UNIVERSITIES),
    pre_startup=records("st-pre"),
    company=records("st-company"),
)
def test_a_link_is_refused_exactly_when_it_would_break_one_copy_per_university_or_graduation(
    asking: str, pre_startup: list[Copy], company: list[Copy]
) -> None:
    joined = live([*pre_startup, *company])
    universities = [copy.university_id for copy in joined]
    breaks = len(set(universities)) != len(universities) or (
        sum(copy.status is Status.GRADUATED for copy in joined) > 1
    )

    reason = why_not_linked(asking, pre_startup, company)

    assert (reason is not None) == breaks
    others = set(UNIVERSITIES) - {asking}
    assert reason is None or not any(university in reason for university in others)


def _submission(submission_id: str, university_id: str) -> Submission:
    return Submission(
        submission_id=submission_id,
        startup_id="st-1",
        university_id=university_id,
        company_name="Hangang Labs",
        stage="pre_startup",
        business_registration_number=None,
        registered_on=None,
        founders=[Founder(name="김민지", birth_date=date(1996, 4, 2), role="ceo")],
        sector="ai",
        description="d",
        desired_district="gwanak",
        contact={},
        documents=[],
        youth=True,
        submitted_on=date(2026, 3, 2),
    )


@given(copies=records("st-1"), university=st.sampled_from(UNIVERSITIES))
def test_the_list_and_the_detail_agree_on_whether_a_startup_is_a_duplicate(
    copies: list[Copy], university: str
) -> None:
    submission = _submission(f"sub-st-1-{university}", university)
    summary = StartupSummary.of(submission, copies)
    view = StartupView.of(submission, copies)
    assert summary.duplicate is (view.duplicate is not None)
    others = [c for c in live(copies) if c.university_id != university]
    assert summary.duplicate is bool(others)
