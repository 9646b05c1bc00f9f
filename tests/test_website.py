"""The published website, served on loopback: every page kind loads with no request to another
origin, no console error and no serious or critical accessibility violation (axe-core)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import serve

PAGE_KINDS = ["index.html", "aenderungen.html", "akteure/index.html", "akteure/kp.html",
              "themen/munition.html", "aussagen/lieferungen.html", "zahlen.html",
              "quellen/index.html",
              "quellen/004-verteidigungsminister-besucht-nordkorea.html", "chronik.html",
              "netzwerk.html", "daten.html", "methodik.html", "redaktion/index.html",
              "404.html"]


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_page_kind(browser: Any, site_url: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    own = urlsplit(site_url).netloc
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if urlsplit(r.url).netloc == own
            or r.url.startswith(("data:", "about:")) else foreign.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    context.route("**/*", lambda route: route.continue_() if urlsplit(
        route.request.url).netloc == own else route.abort())
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    context.close()
    assert foreign == []
    assert errors == []
    serious = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_published_site_has_canonical_and_edit_links_sitemap_and_robots(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.site import build
    from tests.conftest import EXAMPLE, project_copy

    monkeypatch.setenv("SITE_URL", "https://lagebild.example.org/briefing")
    # As in a pull request's preview: the edit link goes to the branch the PR targets.
    monkeypatch.setenv("GITHUB_REPOSITORY", "desk/lagebild")
    monkeypatch.setenv("GITHUB_REF_NAME", "7/merge")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    built = build(project_copy(tmp_path / "repo", EXAMPLE))
    profile = (built / "akteure/kp.html").read_text("utf-8")
    assert 'href="https://github.com/desk/lagebild/edit/main/facts/actors/kp.yaml"' in profile
    url = "https://lagebild.example.org/briefing/akteure/kp.html"
    assert f'<link rel="canonical" href="{url}">' in profile
    assert f'<meta property="og:url" content="{url}">' in profile
    assert url in (built / "sitemap.xml").read_text("utf-8")
    assert (built / "robots.txt").read_text("utf-8").endswith(
        "Sitemap: https://lagebild.example.org/briefing/sitemap.xml\n")
    assert "Seite nicht gefunden" in (built / "404.html").read_text("utf-8")
