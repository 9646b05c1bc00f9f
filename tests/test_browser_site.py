"""What a reader clicks on the website, in Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import serve, wait_for_result


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def test_citation_leads_to_highlighted_passage(page: Any) -> None:
    page.goto("akteure/garpiya-geran.html")
    citation = page.locator("#ru-kp-shahed-produktion a.beleg").first
    href = citation.get_attribute("href")
    assert href and "#zitat-" in href
    citation.click()
    page.wait_for_url("**/quellen/003-budanov-shahed-drohnen.html#zitat-*")
    anchor = href.split("#")[1]
    passage = page.locator(f"mark#{anchor}")
    expect(passage).to_be_visible()
    expect(passage).to_be_in_viewport()
    assert "Garpiya" in passage.inner_text()
    # The targeted passage is set apart from the other cited passages.
    outline = passage.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    other = page.locator("mark.zitat:not(:target)").first
    assert other.evaluate("e => getComputedStyle(e).outlineStyle") == "none"


def test_search_finds_actor_profile(page: Any) -> None:
    page.goto("index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type("Budanov")
    wait_for_result(page, "akteure/kyrylo-budanov.html")


def test_profile_links_to_source_mentions(page: Any) -> None:
    page.goto("akteure/kn-23.html")
    page.get_by_role("link", name="[Ukrainischer Geheimdienst: Russland wird Nordkorea bei der "
                                   "Produktion von Shahed-Drohnen unterstützen]").first.click()
    page.wait_for_url("**/quellen/003-budanov-shahed-drohnen.html")
    expect(page.locator("a.erwaehnung[href='../akteure/kn-23.html']").first).to_be_visible()
