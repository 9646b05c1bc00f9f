"""The built real site: every internal link and anchor resolves, every actor mention links."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefing.check import check
from tests.conftest import ROOT


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        #: The article text of a source page in order: (the href of the actor link it is in,
        #: "" in another link, None outside links; text).
        self.text: list[tuple[str | None, str]] = []
        self._in_text = 0
        self._link: list[str] = []
        self._in_aside = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        for name in ("src",):
            if a.get(name):
                self.resources.append(a[name] or "")
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"] or "")
        if tag == "div" and "quelltext" in (a.get("class") or ""):
            self._in_text = 1
        elif self._in_text and tag == "div":
            self._in_text += 1
        if self._in_text and tag == "a":
            self._link.append((a.get("href") or "") if "erwaehnung" in (a.get("class") or "")
                              else "")
        if self._in_text and tag == "aside":
            self._in_aside += 1

    def handle_endtag(self, tag: str) -> None:
        if self._in_text and tag == "div":
            self._in_text -= 1
        if self._in_text and tag == "a":
            self._link.pop()
        if self._in_text and tag == "aside":
            self._in_aside -= 1

    def handle_data(self, data: str) -> None:
        if self._in_text and not self._in_aside:
            self.text.append((self._link[-1] if self._link else None, data))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def test_every_internal_link_and_anchor_resolves(real_site: Path) -> None:
    pages = {p.relative_to(real_site).as_posix(): parse(p) for p in real_site.rglob("*.html")}
    broken = []
    checked = 0
    for name, page in pages.items():
        for href in page.links + page.resources:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):  # the 404 page links from the site root
                target = path.lstrip("/") or "index.html"
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)
                                            ) if path else name
            if target.endswith("/") or target == ".":
                target = posixpath.join(target, "index.html")
            if not (real_site / target).exists():
                broken.append(f"{name}: {href} (no file)")
                continue
            if parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                broken.append(f"{name}: {href} (no anchor)")
            checked += 1
    assert not broken, "\n".join(broken[:20])
    assert checked > 1000


def test_every_citation_anchor_exists(real_site: Path) -> None:
    claims = json.loads((real_site / "data/claims.json").read_text("utf-8"))
    for claim in claims:
        page, anchor = claim["url"].split("#")
        assert anchor in parse(real_site / page).ids
        for citation in claim["citations"]:
            page, anchor = citation["url"].split("#")
            assert anchor in parse(real_site / page).ids, citation


def test_each_actor_links_once_at_its_first_mention(real_site: Path) -> None:
    """A source page links an actor's first mention, as a lexicon links a term once; a name
    left unlinked before its actor's link is a missed mention."""
    briefing, _ = check(ROOT)
    owner = {n: a.id for a in briefing.actors.values() for n in (a.name, *a.aliases)}
    pattern = re.compile(r"(?<![\wÄÖÜäöüß])(" + "|".join(
        map(re.escape, sorted(owner, key=len, reverse=True))) + ")")
    for source in briefing.sources:
        linked: list[str] = []
        missed: list[str] = []
        for href, data in parse(real_site / f"quellen/{source}.html").text:
            if href:
                linked.append(href.removeprefix("../akteure/").removesuffix(".html"))
            elif href is None:
                missed += [name for name in pattern.findall(data) if owner[name] not in linked]
        assert len(linked) == len(set(linked)) and not missed, (source, linked, missed[:5])
        assert linked, source


def test_no_resource_from_another_origin(real_site: Path) -> None:
    for path in real_site.rglob("*.html"):
        for url in parse(path).resources:
            assert not urlsplit(url).scheme and not url.startswith("//"), (path, url)


def test_the_website_needs_no_npm_and_is_readable_by_others(tmp_path: Path) -> None:
    """Built without node_modules (only the offline bundle ships the worker shim), and readable:
    GitHub Pages' artifact upload fails on a directory others cannot read; the site is built
    in a mkdtemp folder (0700), and an analyst's umask may be as strict."""
    import os
    import shutil

    from briefing.site import build
    from tests.conftest import EXAMPLE, project_copy

    root = project_copy(tmp_path / "repo", facts_from=EXAMPLE)
    shutil.rmtree(root / "node_modules")
    before = os.umask(0o077)
    try:
        site = build(root)
    finally:
        os.umask(before)
    closed = [p.relative_to(root).as_posix() for p in [site, *site.rglob("*")]
              if p.stat().st_mode & (0o005 if p.is_dir() else 0o004) != (
                  0o005 if p.is_dir() else 0o004)]
    assert closed == []
    assert "iframe-worker" not in (site / "index.html").read_text("utf-8")
    assert not (site / "assets" / "vendor").exists()
