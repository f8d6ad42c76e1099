"""The one-line summary of a journal entry, in Korean and in English."""

from typing import Any

from insight.domain.entries import JourneyEntry, view_of
from insight.domain.names import INSTITUTIONS, institution_name, word

_MONEY = {"amount_krw", "revenue_krw", "investment_raised_krw", "exports_krw"}


class _Facts(dict[str, str]):
    """Missing facts (an entry written before a template named them) read as '?'."""

    def __missing__(self, key: str) -> str:
        return "?"


def summarize(entry: JourneyEntry) -> tuple[str, str]:
    """(Korean, English) one-line summary of the entry."""
    view = view_of(entry.topic)
    return (
        view.ko.format_map(_rendered(entry.facts, "ko")),
        view.en.format_map(_rendered(entry.facts, "en")),
    )


def _rendered(facts: dict[str, Any], language: str) -> _Facts:
    return _Facts({name: _render(name, value, language) for name, value in facts.items()})


def _render(name: str, value: Any, language: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(_render(name, item, language) for item in value)
    if isinstance(value, bool):
        return ("예" if value else "아니오") if language == "ko" else ("yes" if value else "no")
    if name in _MONEY and isinstance(value, int):
        return f"{value:,}원" if language == "ko" else f"KRW {value:,}"
    if isinstance(value, float):
        return f"{value:.1f}"
    text = str(value)
    if text in INSTITUTIONS:
        return institution_name(text, language)
    return word(text, language)
