"""The Voilà dashboard in a real browser (Debian Chromium via pytest-playwright).

Waits are on exactly what is asserted (the new number, the new image source), with the
generous timeouts Voilà needs to run the notebook; never a sleep. The expected totals come
from the reference plan (35 officers) and from the hand arithmetic of tests/test_scenario.py
(``chain``) for 36, never from planlib's own computation.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect

from hand_chain import chain

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),  # pytest-playwright 0.10 on pytest ≥ 9.1
]

LOAD = 120_000  # ms: Voilà starts a kernel and runs the whole notebook first
CHANGE = 60_000  # ms: one slider change through the kernel


def starts_with(number) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(str(number))}(?!\d)")


def test_slider_changes_the_plan_and_back(page: Page, dashboard_url, xicheng_plan, artifacts, record_property):
    page.goto(dashboard_url, timeout=LOAD)
    total = page.locator(".planlib-inspections-total")
    expect(total).to_have_text(starts_with(506), timeout=LOAD)
    expect(page.locator(".planlib-key-share")).to_have_text(starts_with("60.47%"))
    expect(page.locator(".planlib-plan-ratio")).to_have_text(starts_with("5.90%"))
    expect(page.locator(".planlib-badge.planlib-pass")).to_have_count(3)
    # no error output anywhere: no stderr stream, no error cell, no traceback
    expect(page.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")).to_have_count(0)
    expect(page.get_by_text(re.compile("Traceback|There was an error when executing cell"))).to_have_count(0)

    chart = page.locator("img.planlib-waterfall")
    expect(chart).to_have_attribute("src", re.compile(r"\S"))
    first_src = chart.get_attribute("src")

    handle = page.locator(".planlib-staff .noUi-handle")
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^35(\.0)?$"))
    handle.focus()
    start = time.perf_counter()
    handle.press("ArrowRight")
    expected = chain(xicheng_plan, 36)["planned"]
    expect(total).to_have_text(starts_with(expected), timeout=CHANGE)
    round_trip = time.perf_counter() - start
    expect(chart).not_to_have_attribute("src", first_src, timeout=CHANGE)
    chart_round_trip = time.perf_counter() - start
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^36(\.0)?$"))
    assert expected != 506

    page.set_viewport_size({"width": 1400, "height": 2200})  # Voilà scrolls inside a fixed-height page
    page.locator(".planlib-dashboard").screenshot(path=artifacts / "dashboard-36-officers.png")

    handle.press("ArrowLeft")
    expect(total).to_have_text(starts_with(506), timeout=CHANGE)
    expect(page.locator(".planlib-key-share")).to_have_text(starts_with("60.47%"))

    timings = {"slider_to_total_s": round(round_trip, 3), "slider_to_chart_s": round(chart_round_trip, 3)}
    (artifacts / "browser-timing.json").write_text(json.dumps(timings), encoding="utf-8")
    for name, value in timings.items():
        record_property(name, value)
    print(f"browser round trip for one slider step: {timings}")


def test_an_impossible_plan_is_shown_as_impossible(page: Page, dashboard_url, xicheng_plan, artifacts):
    """20 officers (typed into the slider's readout, as a user would): the inspection workdays
    are negative, so no card may show an inspection count or share, no badge may be green,
    and the waterfall is redrawn below zero. Figures by hand (tests/hand_chain.py)."""
    by_hand = chain(xicheng_plan, 20)
    assert by_hand["inspection"] < 0  # the premise
    lack = by_hand["key_workdays"] - by_hand["inspection"]
    page.goto(dashboard_url, timeout=LOAD)
    total = page.locator(".planlib-inspections-total")
    expect(total).to_have_text(starts_with(506), timeout=LOAD)
    chart = page.locator("img.planlib-waterfall")
    expect(chart).to_have_attribute("src", re.compile(r"\S"))
    first_src = chart.get_attribute("src")

    readout = page.locator(".planlib-staff .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    page.keyboard.press("Enter")
    expect(total).to_have_text(re.compile(r"^\s*无法完成"), timeout=CHANGE)
    expect(total).to_contain_text(f"监督检查工作日−{-by_hand['inspection']}个")
    expect(total).to_contain_text(f"缺{lack}个")
    expect(page.locator(".planlib-card.planlib-card-fail")).to_have_count(3)
    expect(page.locator(".planlib-key-share")).not_to_contain_text("%")
    expect(page.locator(".planlib-badge.planlib-pass")).to_have_count(0)
    expect(page.locator(".planlib-badge.planlib-fail[data-rule='capacity']")).to_have_count(1)
    expect(chart).not_to_have_attribute("src", first_src, timeout=CHANGE)
    expect(page.locator(".planlib-chain")).to_contain_text(f"=−{-by_hand['inspection']}个")
    expect(page.locator(".planlib-chain")).to_contain_text("计划无法完成")
    expect(page.get_by_text(re.compile("Traceback"))).to_have_count(0)
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.locator(".planlib-dashboard").screenshot(path=artifacts / "dashboard-20-officers-impossible.png")
