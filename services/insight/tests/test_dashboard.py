"""The dashboard over ASGI on the real servers: sign-in, its cookie, the pages, and who sees what
on every insight route (JSON, reports, pages)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from conftest import TEST_KEYS, eventually, key_of
from insight.main import create_app
from insight.settings import Settings
from services.insight.tests.conftest import Publish, caught_up
from services.insight.tests.kit import Life, program_with_outcomes

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
async def app(settings: Settings, publish: Publish) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await publish(*program_with_outcomes())
        async with client_of(application) as anyone:
            await eventually(lambda: caught_up(anyone), what="insight to read the program")
        yield application


def client_of(app: FastAPI, base_url: str = LOCAL) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@asynccontextmanager
async def signed_in(
    app: FastAPI, organization: str, base_url: str = LOCAL
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app, base_url) as client:
        answer = await client.post("/dashboard/sign-in", data={"key": TEST_KEYS[organization]})
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == "/dashboard/funnel"
        yield client


async def test_signing_in_keeps_a_strict_http_only_cookie_that_is_not_the_key(
    app: FastAPI,
) -> None:
    async with client_of(app) as browser:
        page = await browser.get("/")
        assert page.status_code == 200
        assert 'action="/dashboard/sign-in"' in page.text
        wrong = await browser.post("/dashboard/sign-in", data={"key": "rk_nobody"})
        assert wrong.status_code == 401
        assert "insight_session" not in wrong.headers.get("set-cookie", "")

        answer = await browser.post("/dashboard/sign-in", data={"key": TEST_KEYS["snu"]})
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Secure" not in cookie  # plain http on the loopback address: development
        assert TEST_KEYS["snu"] not in cookie
        assert (await browser.get("/")).headers["location"] == "/dashboard/funnel"
        funnel = await browser.get("/dashboard/funnel")
        assert funnel.status_code == 200
        assert "서울대" in funnel.text  # who is signed in
        assert "default-src 'none'" in funnel.headers["content-security-policy"]

        signed_out = await browser.post("/dashboard/sign-out")
        assert signed_out.status_code == 303
        assert (await browser.get("/dashboard/funnel")).headers["location"] == "/"
    async with signed_in(app, "snu", "https://insight.example") as remote:
        # Anywhere but the developer's own machine the cookie travels over TLS only.
        assert remote.cookies.get("insight_session")
    async with client_of(app, "https://insight.example") as other:
        answer = await other.post("/dashboard/sign-in", data={"key": TEST_KEYS["snu"]})
        assert "Secure" in answer.headers["set-cookie"]


async def test_a_stolen_cookie_is_worthless_after_sign_out(app: FastAPI) -> None:
    async with signed_in(app, "council") as browser:
        token = browser.cookies["insight_session"]
        await browser.post("/dashboard/sign-out")
    async with client_of(app) as thief:
        thief.cookies.set("insight_session", token)
        assert (await thief.get("/dashboard/funnel")).status_code == 303


async def test_the_pages_show_the_funnel_chart_the_lag_outcomes_search_and_a_timeline(
    app: FastAPI,
) -> None:
    async with signed_in(app, "council") as browser:
        funnel = (await browser.get("/dashboard/funnel")).text
        assert funnel.count('<rect class="bar"') == 8
        assert "접수 · submitted" in funnel
        assert '<strong id="funnel-startups">4</strong>' in funnel
        assert "intake.startup-submitted.v1" in funnel  # the lag per source topic
        assert '<strong id="lag-total">0</strong>' in funnel

        outcomes = (await browser.get("/dashboard/outcomes", params={"by": "district"})).text
        assert outcomes.count("<svg") == 6
        assert "관악구" in outcomes
        assert "생존율" in outcomes

        found = (await browser.get("/dashboard/startups", params={"q": "st-c"})).text
        assert '<strong id="startup-count">1</strong>' in found
        assert 'href="/dashboard/startups/st-c"' in found

        journey = (await browser.get("/dashboard/startups/st-a")).text
        assert journey.count("<li data-event-type=") == 15
        assert "관악구 입주 완료" in journey
        assert "settled in Gwanak-gu" in journey


async def test_what_producers_sent_is_escaped_on_every_page(app: FastAPI, publish: Publish) -> None:
    hostile = Life("st-xss", sector="<script>alert(1)</script>").submit()
    await publish(*hostile.events)
    async with signed_in(app, "council") as browser:
        await eventually(lambda: caught_up(browser), what="the hostile startup")
        page = (await browser.get("/dashboard/startups", params={"q": "st-xss"})).text
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# Every insight route, as SNU asks about CAU's startup or CAU's figures: refused. The council
# reads each; a startup nobody knows is not found.
ROUTES = [
    ("json", "/startups/st-c/journey", {}),
    ("json", "/funnel", {"university": "cau"}),
    ("json", "/outcomes", {"university": "cau"}),
    ("json", "/reports/funder.csv", {"university": "cau"}),
    ("json", "/reports/funder.xlsx", {"university": "cau"}),
    ("json", "/reports/startups.csv", {"university": "cau"}),
    ("page", "/dashboard/startups/st-c", {}),
    ("page", "/dashboard/funnel", {"university": "cau"}),
    ("page", "/dashboard/outcomes", {"university": "cau"}),
    ("page", "/dashboard/startups", {"university": "cau"}),
    ("page", "/dashboard/reports/funder.csv", {"university": "cau"}),
    ("page", "/dashboard/reports/funder.xlsx", {"university": "cau"}),
    ("page", "/dashboard/reports/startups.csv", {"university": "cau"}),
]


@pytest.mark.parametrize(("kind", "path", "query"), ROUTES)
async def test_a_university_is_refused_another_universitys_startup_on_every_route(
    app: FastAPI, kind: str, path: str, query: dict[str, str]
) -> None:
    for reader, status in (("snu", 403), ("council", 200), ("cau", 200)):
        if kind == "json":
            async with client_of(app) as client:
                answer = await client.get(path, params=query, headers=key_of(reader))
        else:
            async with signed_in(app, reader) as client:
                answer = await client.get(path, params=query)
        assert answer.status_code == status, (reader, answer.text[:300])
        if kind == "page" and status == 403:
            assert "볼 수 없습니다" in answer.text


@pytest.mark.parametrize("kind", ["json", "page"])
async def test_a_startup_nobody_knows_is_not_found(app: FastAPI, kind: str) -> None:
    if kind == "json":
        async with client_of(app) as client:
            answer = await client.get("/startups/st-nobody/journey", headers=key_of("snu"))
    else:
        async with signed_in(app, "snu") as client:
            answer = await client.get("/dashboard/startups/st-nobody")
    assert answer.status_code == 404
