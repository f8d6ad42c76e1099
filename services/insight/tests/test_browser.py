"""The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, driven by
selenium), served by insight run as its own process over real HTTP: sign in, open the funnel
and one journey, keep screenshots. `make test` installs the browser and the CJK fonts."""

import asyncio
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from conftest import TEST_KEYS, as_environment, eventually
from relay_devstack import processes
from relay_devstack.servers import free_port, wait_for_port
from services.insight.tests.conftest import caught_up, send
from services.insight.tests.kit import program_with_outcomes

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# No sandbox: CI runs as root. Nothing in the background reaches for the network.
ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1400",
)


@contextmanager
def insight_process(values: dict[str, Any], log: Path) -> Iterator[str]:
    port = free_port()
    environment = as_environment("INSIGHT_", {**values, "http_port": port})
    process = processes.spawn(
        [sys.executable, "-m", "relay_eventing", "insight"],
        env={**environment, "PATH": "/usr/bin:/bin"},
        stdout=log.open("ab"),
        stderr=processes.STDOUT,
    )
    try:
        wait_for_port(port, process, timeout_s=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        processes.end(process)


@dataclass
class Seen:
    bar_widths: list[float]
    conversion_cells: list[str]
    timeline_steps: list[str]
    journey_text: str


def drive(base: str, key: str, folder: Path) -> Seen:
    """What a person does: sign in, read the funnel, open one startup's journey."""
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (*ARGUMENTS, f"--user-data-dir={folder / 'profile'}"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        browser.set_page_load_timeout(20)
        wait = WebDriverWait(browser, 15)
        browser.get(f"{base}/")
        browser.find_element(By.ID, "key").send_keys(key)
        browser.find_element(By.ID, "sign-in").click()
        wait.until(expected_conditions.presence_of_element_located((By.ID, "funnel-chart")))
        browser.save_screenshot(str(folder / "funnel.png"))
        bars = browser.find_elements(By.CSS_SELECTOR, "svg#funnel-chart rect.bar")
        bar_widths = [float(bar.get_attribute("width") or 0) for bar in bars]
        rates = browser.find_elements(By.CSS_SELECTOR, "#funnel-table td:nth-child(3)")
        conversion_cells = [cell.text for cell in rates]
        browser.get(f"{base}/dashboard/startups/st-a")
        wait.until(expected_conditions.presence_of_element_located((By.ID, "timeline")))
        browser.save_screenshot(str(folder / "journey.png"))
        steps = browser.find_elements(By.CSS_SELECTOR, "ol#timeline > li")
        return Seen(
            bar_widths=bar_widths,
            conversion_cells=conversion_cells,
            timeline_steps=[step.get_attribute("data-event-type") or "" for step in steps],
            journey_text=browser.find_element(By.ID, "timeline").text,
        )
    finally:
        browser.quit()


# Skipped only outside CI (pytest run by hand on a machine without the browser); in CI, where
# `make test` installs it first, a missing browser fails the test.
@pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and not os.environ.get("CI"),
    reason="make system-deps installs chromium and chromium-driver",
)
async def test_a_person_signs_in_and_sees_the_funnel_chart_and_a_journey_timeline(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, tmp_path: Path
) -> None:
    events = program_with_outcomes()
    with insight_process(settings_for("insight"), tmp_path / "insight.log") as base:
        await send(bootstrap, events)
        async with httpx.AsyncClient(base_url=base, timeout=10) as insight:
            await eventually(lambda: caught_up(insight), what="insight to read the program")
        seen = await asyncio.to_thread(drive, base, TEST_KEYS["council"], tmp_path)

    assert len(seen.bar_widths) == 8, "the funnel's chart has a bar per stage"
    assert seen.bar_widths[0] > seen.bar_widths[-1] > 1, seen.bar_widths
    assert seen.conversion_cells[1] == "75.0%"
    assert len(seen.timeline_steps) == 15, seen.timeline_steps
    assert seen.timeline_steps[0] == "StartupSubmitted"
    assert "LeapProgramEnrolled" in seen.timeline_steps
    assert "관악구 입주 완료" in seen.journey_text
    for shot in ("funnel.png", "journey.png"):
        assert (tmp_path / shot).stat().st_size > 10_000, shot
