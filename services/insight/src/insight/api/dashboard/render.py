"""Rendering the dashboard's pages: Jinja2 with autoescape on everything, and words for people."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from insight.domain.names import institution_name

KST = timezone(timedelta(hours=9), "KST")
# No script runs and nothing is loaded from elsewhere; forms post back to insight only.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def krw(value: int | None) -> str:
    """Won as Korean offices write large sums: 억 (10⁸) and 만 (10⁴)."""
    if value is None:
        return "-"
    if abs(value) >= 100_000_000:
        return f"{value / 100_000_000:,.1f}억원"
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.0f}만원"
    return f"{value:,}원"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def in_seoul(moment: datetime) -> str:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S KST")


ENVIRONMENT = Environment(
    loader=PackageLoader("insight", "templates"),
    autoescape=True,  # every template, whatever its name: nothing a producer sent is trusted
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.filters.update(
    krw=krw,
    percent=percent,
    number=number,
    in_seoul=in_seoul,
    ko=lambda code: institution_name(code, "ko"),
    en=lambda code: institution_name(code, "en"),
)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = ENVIRONMENT.get_template(name).render(request=request, now=datetime.now(UTC), **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)
