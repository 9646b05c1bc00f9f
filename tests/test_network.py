"""The actor network: merged edges, dashed hedged edges, determinism, and legibility in Debian's
Chromium at desktop and phone width, for the real briefing and a generated one of 100 actors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from briefing import graph
from briefing.check import check
from briefing.site import build
from briefing.views import Views
from tests.browser import serve
from tests.conftest import ROOT, project_copy
from tests.generated import generate

WIDTHS = (1280, 390)

#: Per text element of every network on the page: its size in CSS px as drawn, and its box.
MEASURE = """() => [...document.querySelectorAll('svg.netzwerk')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('a.knoten text')].map(t => {
    const r = t.getBoundingClientRect();
    return {size: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: [r.left, r.top, r.right, r.bottom], text: t.textContent};
  });
})"""


def test_parallel_relations_are_one_edge_with_a_count() -> None:
    briefing, _ = check(ROOT)
    relations = Views(briefing).relations
    pairs = graph.edges(relations)
    keys = [(e.a, e.b) for e in pairs]
    assert len(keys) == len(set(keys))
    kp_ru = next(e for e in pairs if (e.a, e.b) == ("kp", "ru"))
    assert len(kp_ru.claims) > 1 and kp_ru.directions == {("kp", "ru"), ("ru", "kp")}
    svg = graph.svg(briefing, relations, lambda a: a)
    assert f">{len(kp_ru.claims)}</text>" in svg
    assert "marker-start" in svg and "marker-end" in svg


def test_an_edge_is_dashed_only_when_all_its_relations_are_hedged() -> None:
    briefing, _ = check(ROOT)
    relations = Views(briefing).relations
    pair = [r for r in relations if {r.subject, r.object} == {"kp", "ru"}]
    assert any(not r.hedged for r in pair)
    hedged = [replace(r, hedged=True) if r in pair else r for r in relations]
    svg = graph.svg(briefing, hedged, lambda a: a)
    dashed = re.findall(r'<g class="kante unsicher"><title>([^<]*)</title><line [^>]*'
                        r'stroke-dasharray', svg)
    assert any("Nordkorea" in d and "Russland" in d for d in dashed)
    assert "nicht als Tatsache belegt" in svg
    # One firm relation between two actors keeps their edge solid.
    partly = [replace(r, hedged=True) if r in pair[1:] else r for r in relations]
    solid = re.findall(r'<g class="kante"><title>([^<]*)</title>',
                       graph.svg(briefing, partly, lambda a: a))
    assert any("Nordkorea" in t and "Russland" in t for t in solid)


@pytest.mark.parametrize("neighbours", [*range(0, 25), 60, 199, 1000])
def test_ego_layout_is_networkx_shell_layout(neighbours: int) -> None:
    """graph._shells computes what nx.shell_layout gives, without a graph: the same
    coordinates to the last bit, so that the pages stay byte for byte as they were (and an
    upgrade of networkx that lays shells out otherwise fails here)."""
    import networkx as nx  # type: ignore[import-untyped]

    others = [f"n{i}" for i in range(neighbours)]
    ours = graph._shells("c", others)
    theirs = nx.shell_layout(nx.empty_graph(["c", *others]), [["c"], others] if others
                             else [["c"]])
    assert list(ours) == ["c", *others]
    for node, at in theirs.items():
        assert [float(x).hex() for x in ours[node]] == [float(x).hex() for x in at]


def test_network_is_deterministic(tmp_path: Path) -> None:
    root = generate(tmp_path / "gen", actors=40, claims=80)
    briefing, problems = check(root)
    assert not problems.errors(), problems.sorted()
    relations = Views(briefing).relations
    first = graph.svg(briefing, relations, lambda a: f"{a}.html")
    assert first == graph.svg(briefing, relations, lambda a: f"{a}.html")
    assert first.count('class="knoten"') == 40


@pytest.fixture(scope="module")
def sites(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        dict[str, str]]:
    generated = generate(tmp_path_factory.mktemp("gen") / "facts", actors=100)
    big = build(project_copy(tmp_path_factory.mktemp("gross"), facts_from=generated))
    with serve(real_site) as real, serve(big) as large:
        yield {"real": real, "large": large}


def _overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("site", "path"), [
    ("real", "netzwerk.html"), ("real", "akteure/kp.html"), ("real", "akteure/wladimir-putin.html"),
    ("large", "netzwerk.html"), ("large", "akteure/akteur-000.html")])
def test_every_label_is_legible(browser: Any, sites: dict[str, str], site: str, path: str,
                                width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(sites[site] + path)
    labels = page.evaluate(MEASURE)
    assert labels, "no network on the page"
    assert min(label["size"] for label in labels) >= 12
    assert _overlaps(labels) == []
    # The page itself does not scroll sideways; only the figure does.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
