"""Pure rules of the university stage, without servers."""

from datetime import date

import pytest

from intake.domain.identity import brn_check_digit, ceo_key, normalize_brn, normalize_company
from intake.domain.rubric import DEFAULT_RUBRIC, Score, weighted_total
from intake.domain.submission import is_youth, within_early_stage


def test_a_known_registration_number_passes_its_check_digit() -> None:
    # 220-81-62517 is a published 사업자등록번호; its check digit is 7.
    assert brn_check_digit("220816251") == 7
    assert normalize_brn("220-81-62517") == "2208162517"


def test_a_registration_number_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValueError, match="check digit"):
        normalize_brn("220-81-62518")


@pytest.mark.parametrize("text", ["22081625", "220-816-2517", "abcdefghij", ""])
def test_a_registration_number_of_the_wrong_shape_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="10 digits"):
        normalize_brn(text)


def test_a_ceo_is_youth_up_to_the_day_before_turning_forty() -> None:
    assert is_youth(date(1986, 6, 1), date(2026, 5, 31)) is True
    assert is_youth(date(1986, 6, 1), date(2026, 6, 1)) is False


def test_an_early_startup_registered_within_the_last_three_years() -> None:
    assert within_early_stage(date(2023, 6, 2), date(2026, 6, 1)) is True
    assert within_early_stage(date(2023, 6, 1), date(2026, 6, 1)) is False
    assert within_early_stage(date(2024, 2, 29), date(2027, 2, 28)) is True


def test_legal_forms_spacing_and_width_do_not_change_a_company_name() -> None:
    assert normalize_company("(주)한강 랩스") == normalize_company("한강랩스 주식회사")
    assert normalize_company("Hangang Labs, Inc.") == normalize_company("HANGANG LABS")
    assert ceo_key("김 민지", date(1996, 4, 2), "㈜한강랩스") == ceo_key(
        "김민지", date(1996, 4, 2), "한강랩스"
    )


def test_the_weighted_total_averages_reviewers_per_criterion() -> None:
    scores = [
        Score("team", 100, "a"),
        Score("team", 50, "b"),
        Score("market", 80, "a"),
        Score("technology", 80, "a"),
        Score("feasibility", 80, "a"),
    ]
    # team (100+50)/2=75 x30, the rest 80 x70, over 100
    assert weighted_total(DEFAULT_RUBRIC, scores) == 78.5
