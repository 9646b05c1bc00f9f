"""What the search index holds, proven in the offline bundle from file:// with no network.

A generated briefing large enough for numbered list pages (busy actors' claim lists): every
claim is indexed once, on its claims page, and its result leads to its anchor; list pages,
which repeat the claims, are not in the index; profiles are found by their title.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
from playwright.sync_api import expect

from bench.generate import generate
from briefing.bundle import bundle
from briefing.check import check
from briefing.model import Briefing
from briefing.views import Views
from tests.browser import wait_for_result


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    root = tmp_path_factory.mktemp("suche") / "400"
    generate(400, root)
    folder = tmp_path_factory.mktemp("entpackt")
    with zipfile.ZipFile(bundle(root, "suche")) as archive:
        archive.extractall(folder)
    return folder, check(root)[0]


def index_docs(folder: Path) -> list[dict[str, str]]:
    inlined = (folder / "search" / "search_index.js").read_text("utf-8")
    docs: list[dict[str, str]] = json.loads(inlined.removeprefix("var __index = "))["docs"]
    return docs


def claims_page(briefing: Briefing, claim_id: str) -> str:
    return Views(briefing).claim_page(briefing.claims[claim_id]).removesuffix(".md") + ".html"


def busy_actor(briefing: Briefing) -> str:
    views = Views(briefing)
    return max(sorted(briefing.actors), key=lambda a: len(views.claims_about(a)))


def test_each_claim_is_indexed_once_on_its_claims_page(bundled: tuple[Path, Briefing]) -> None:
    folder, briefing = bundled
    docs = index_docs(folder)
    assert not [d["location"] for d in docs if "--" in d["location"].split("#")[0]]
    summarised = {cid for f in briefing.findings for cid in f.claims}
    for claim in briefing.claims.values():
        holding = {d["location"] for d in docs
                   if claim.statement in d["title"] or claim.statement in d["text"]}
        # The generated statement is its source's sentence, and source texts this small are
        # indexed: found again in the article it came from, and in the finding ("Lage in
        # Kürze") that sums it up, which the generator writes in the same words.
        elsewhere = {f"quellen/{c.source}.html#text" for c in claim.citations} | (
            {"index.html#lage-in-kurze"} if claim.id in summarised else set())
        assert holding - elsewhere == {f"{claims_page(briefing, claim.id)}#{claim.id}-titel"}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    leaving: list[str] = []
    context.route("**/*", lambda route: (leaving.append(route.request.url), route.abort())
                  if not route.request.url.startswith("file://") else route.continue_())
    yield page
    context.close()
    assert leaving == [], f"requests left the bundle: {leaving}"


def search(page: Any, folder: Path, query: str) -> list[str]:
    """Type query into the search of the bundle's start page; once the results for it are
    shown, where their links lead: path in the bundle and anchor ("aussagen/x.html#y")."""
    page.goto((folder / "index.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                           ".textContent.trim() === 'Suchbegriff eingeben'")
    page.keyboard.type(query)
    page.wait_for_function("() => !['Suchbegriff eingeben', 'Suche wird initialisiert'].includes("
                           "document.querySelector('.md-search-result__meta').textContent.trim())")
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    return [target(folder, link) for link in links]


def target(folder: Path, url: str) -> str:
    """Where a link into the bundle leads, without the query Material adds to highlight
    the search words there (?h=…)."""
    parts = urlsplit(url)
    path = Path(url2pathname(parts.path)).relative_to(folder).as_posix()
    return f"{path}#{parts.fragment}" if parts.fragment else path


def test_claim_found_once_leads_to_its_anchor(page: Any,
                                              bundled: tuple[Path, Briefing]) -> None:
    folder, briefing = bundled
    claim = briefing.claims["aussage-00123"]
    anchor = f"{claims_page(briefing, claim.id)}#{claim.id}-titel"
    # Its number is in its statement: "(Vorgang 00123)".
    links = search(page, folder, "00123")
    assert [link for link in links if claim.id in link] == [anchor]
    pages = {link.split("#")[0] for link in links}
    assert pages <= {claims_page(briefing, claim.id)} | {
        f"quellen/{c.source}.html" for c in claim.citations}, links
    page.locator(f".md-search-result__item a[href$='#{claim.id}-titel']").click()
    page.wait_for_url(lambda url: target(folder, url) == anchor)
    expect(page.locator(f"#{claim.id}")).to_be_in_viewport()


def test_list_page_is_not_found_profile_is(page: Any, bundled: tuple[Path, Briefing]) -> None:
    folder, briefing = bundled
    actor = briefing.actors[busy_actor(briefing)]
    listed = folder / "akteure" / f"{actor.id}--aussagen--2.html"
    # The busiest actor's list pages name the range 51–100 (the second in its title, the others
    # in their pager), and no page the search holds does: were a list page indexed, this query
    # would find it.
    assert f"Aussagen über {actor.name} 51–100" in listed.read_text("utf-8")
    assert not [link for link in search(page, folder, "51–100") if "--" in link]
    search(page, folder, actor.name)
    wait_for_result(page, f"akteure/{actor.id}.html")


def test_search_runs_once_typing_pauses(page: Any, bundled: tuple[Path, Briefing]) -> None:
    """From file:// Material's search runs on the page's thread: a query per typed letter
    held up the letters after it (docs/javascripts/suche.js)."""
    folder, briefing = bundled
    actor = briefing.actors[busy_actor(briefing)]
    page.goto((folder / "index.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                           ".textContent.trim() === 'Suchbegriff eingeben'")
    # Material writes the result count once for every answer of its search.
    page.evaluate("() => { window.answers = 0; new MutationObserver(records => "
                  "window.answers += records.length).observe(document.querySelector("
                  "'.md-search-result__meta'), {childList: true}); }")
    page.keyboard.type(actor.name)
    wait_for_result(page, f"akteure/{actor.id}.html")
    assert page.evaluate("window.answers") < len(actor.name) / 2
