"""Who a startup really is: the business registration number and the normalized identity keys."""

import re
import unicodedata
from datetime import date
from typing import Literal

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_BRN_SHAPE = re.compile(r"^\d{3}-?\d{2}-?\d{5}$")
# Legal-form words say nothing about which company it is: "(주)한강랩스" is "한강랩스 주식회사".
_LEGAL_FORMS = re.compile(
    r"주식회사|유한회사|\(주\)|㈜|\(유\)|\b(?:inc|corp|corporation|co|ltd|llc|company)\b\.?"
)
_NOT_A_LETTER = re.compile(r"[\W_]+")

MatchedOn = Literal["business_registration_number", "ceo_and_company_name"]


def brn_check_digit(first_nine: str) -> int:
    """The 10th digit of a 사업자등록번호, from the national tax service's weighting."""
    digits = [int(char) for char in first_nine]
    total = sum(d * w for d, w in zip(digits, BRN_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def normalize_brn(value: str) -> str:
    """The 10 digits of a valid number; raises ValueError naming what is wrong."""
    text = value.strip()
    if not _BRN_SHAPE.match(text):
        raise ValueError("must be 10 digits, optionally written as 123-45-67890")
    digits = text.replace("-", "")
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("check digit does not match: not a valid 사업자등록번호")
    return digits


def normalize_name(value: str) -> str:
    """Case, width, spacing and punctuation removed, so spellings of one name compare equal."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return _NOT_A_LETTER.sub("", text)


def normalize_company(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    return normalize_name(_LEGAL_FORMS.sub(" ", text))


def brn_key(brn: str) -> str:
    return f"brn:{brn}"


def ceo_key(ceo_name: str, ceo_birth_date: date, company_name: str) -> str:
    return (
        f"ceo:{normalize_name(ceo_name)}|{ceo_birth_date.isoformat()}|"
        f"{normalize_company(company_name)}"
    )


def identity_keys(
    brn: str | None, ceo_name: str, ceo_birth_date: date, company_name: str
) -> list[tuple[str, MatchedOn]]:
    """The keys that identify a company, strongest first."""
    keys: list[tuple[str, MatchedOn]] = []
    if brn is not None:
        keys.append((brn_key(brn), "business_registration_number"))
    keys.append((ceo_key(ceo_name, ceo_birth_date, company_name), "ceo_and_company_name"))
    return keys


# A legal form at the start of a name, followed by the name itself: "(주)한강랩스", "Inc. Foo".
_LEADING_LEGAL_FORM = re.compile(
    r"^\s*(?:주식회사|유한회사|\(주\)|\(유\)|(?:inc|corp|corporation|co|ltd|llc|company)\b\.?)"
    r"\s*(?=\S)"
)


def search_key(text: str) -> str:
    """Letters and digits only: case folded, accents dropped, Hangul split into its jamo.

    Every step works character by character, so the key of the start of a name is the start of
    the name's key, even while a syllable is half typed ("하" finds "한강").
    """
    return _NOT_A_LETTER.sub("", unicodedata.normalize("NFKD", text).casefold())


def company_search_keys(name: str) -> list[str]:
    """What a company name is found by: the whole name, and the name after a leading legal
    form, so "(주)한강" and "한강" both find "(주)한강랩스". Empty for a name of no letters."""
    text = unicodedata.normalize("NFKC", name).casefold()
    keys = (search_key(text), search_key(_LEADING_LEGAL_FORM.sub("", text, count=1)))
    return [key for key in dict.fromkeys(keys) if key]
