"""The offline bundle, unzipped and opened from file:// in Debian's Chromium with no network."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from briefing.bundle import bundle
from briefing.text import slug
from tests.browser import wait_for_result
from tests.conftest import project_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = project_copy(tmp_path_factory.mktemp("bundle") / "repo")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "test", "--date", "2026-01-02T03:04:05Z"],
                   check=True, env={"GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z",
                                    "PATH": "/usr/bin:/bin"})
    archive = bundle(root, "lagebild-russland-nordkorea")
    unpacked = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as z:
        z.extractall(unpacked)
    return archive, unpacked


def test_name_and_reproducibility(built: tuple[Path, Path]) -> None:
    archive, _ = built
    assert archive.name == "lagebild-russland-nordkorea-offline.zip"
    assert slug("Lagebild Russland–Nordkorea") == "lagebild-russland-nordkorea"
    first = archive.read_bytes()
    again = bundle(archive.parent.parent, "Lagebild Russland–Nordkorea")
    assert again.read_bytes() == first


def test_contents(built: tuple[Path, Path]) -> None:
    _, folder = built
    for needed in ("index.html", "data/claims.json", "data/claims.csv", "search/search_index.js",
                   "assets/vendor/iframe-worker/shim.js", "assets/vendor/iframe-worker/LICENSE"):
        assert (folder / needed).is_file(), needed
    start = (folder / "index.html").read_text("utf-8")
    assert "erstellt aus Commit" in start and "2026-01-02" in start
    for page in folder.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, page


@pytest.fixture
def page(browser: Any, built: tuple[Path, Path]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    leaving: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(("file://", "data:", "about:"))
            else leaving.append(r.url))
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith(
        "file://") else route.continue_())
    page.leaving = leaving
    yield page
    context.close()
    assert leaving == [], f"requests left the bundle: {leaving}"


def url(built: tuple[Path, Path], path: str) -> str:
    return (built[1] / path).as_uri()


@pytest.mark.parametrize("query, expected", [("Munition", "themen/munition.html"),
                                             ("Budanov", "akteure/kyrylo-budanov.html"),
                                             # in its quote right after „
                                             ("unterseeisch", "aussagen/technologie.html")])
def test_search_works_offline(page: Any, built: tuple[Path, Path], query: str,
                              expected: str) -> None:
    page.goto(url(built, "index.html"))
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    wait_for_result(page, expected)


def test_citation_to_highlighted_passage(page: Any, built: tuple[Path, Path]) -> None:
    page.goto(url(built, "akteure/garpiya-geran.html"))
    citation = page.locator("#ru-kp-shahed-produktion a.beleg").first
    anchor = (citation.get_attribute("href") or "").split("#")[1]
    citation.click()
    passage = page.locator(f"mark#{anchor}")
    expect(passage).to_be_in_viewport()
    assert passage.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"


def test_network_node_leads_to_profile(page: Any, built: tuple[Path, Path]) -> None:
    page.goto(url(built, "netzwerk.html"))
    node = page.locator("svg.netzwerk a.knoten[href*='akteure/kim-jong-un.html']")
    expect(node).to_be_visible()
    node.click()
    page.wait_for_url("**/akteure/kim-jong-un.html")
    expect(page.locator("h1")).to_contain_text("Kim Jong-un")
