"""The actor network as static SVG, laid out at build time: no JavaScript, no CDN.

The only module that imports networkx. Relations between the same two actors are merged into
one edge (arrows show the directions, a badge the number of claims, the tooltip every
relation). Positions come from networkx: Kamada–Kawai for the whole network (no randomness),
a shell for an actor's ego network; then node-and-label boxes are pushed apart until none
overlaps, so names stay legible with a hundred actors.

The SVG is drawn at its real size (1 SVG unit = 1 CSS pixel, the page scrolls it sideways on
a narrow screen), so text is never smaller than FONT, on a desktop or a phone.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx  # type: ignore[import-untyped]
import numpy
from markupsafe import Markup

from briefing.escape import html_attr
from briefing.model import Briefing, Claim
from briefing.views import KIND_NAMES, Relation

COLORS = {"country": "#1565c0", "person": "#6a1b9a", "organization": "#2e7d32",
          "system": "#c62828", "unnamed": "#616161"}
#: Font size of every text, in CSS pixels (the SVG is never scaled down).
FONT = 13
#: Width of one character of the label font, as a share of the font size (for box estimates).
CHAR = 0.58
#: Labels wrap after this many characters and are cut short after LINES lines.
LINE = 24
LINES = 3
#: Pixels per unit of the layout, times the square root of the number of actors.
SPREAD = 90.0
MARGIN = 24
LEGEND_HEIGHT = 34
HEDGED_LEGEND = "nicht als Tatsache belegt"


@dataclass
class Edge:
    """All relations between two actors, in either direction: one line on the picture."""

    a: str
    b: str
    #: (subject, the relation as a German line, object, claims) for every relation of the pair.
    relations: list[tuple[str, str, str, list[Claim]]] = field(default_factory=list)
    #: Drawn dashed: every relation of the pair is hedged (reported, possible, alleged …).
    hedged: bool = False

    @property
    def claims(self) -> list[Claim]:
        return list({c.id: c for *_, cs in self.relations for c in cs}.values())

    @property
    def directions(self) -> set[tuple[str, str]]:
        return {(s, o) for s, _, o, _ in self.relations}


def edges(relations: list[Relation]) -> list[Edge]:
    """Merge the relations of each pair of actors; an edge is hedged when all of them are."""
    pairs: dict[tuple[str, str], Edge] = {}
    hedged: dict[tuple[str, str], bool] = {}
    for r in relations:
        if r.subject == r.object:
            continue
        key = (min(r.subject, r.object), max(r.subject, r.object))
        pairs.setdefault(key, Edge(*key)).relations.append(
            (r.subject, r.line, r.object, r.claims))
        hedged[key] = hedged.get(key, True) and r.hedged
    for key, edge in pairs.items():
        edge.hedged = hedged[key]
    return [pairs[k] for k in sorted(pairs)]


@functools.lru_cache(maxsize=16_384)
def _label(name: str) -> tuple[str, ...]:
    """The name on at most LINES lines (the tooltip always has all of it); remembered, since
    every ego network of a large briefing wraps the names of the same busy actors again
    (bounded: the live preview runs for hours while names are edited)."""
    lines = textwrap.wrap(name, LINE, break_long_words=False) or [name]
    if len(lines) > LINES:
        rest = textwrap.shorten(" ".join(lines[LINES - 1:]), LINE, placeholder=" …")
        lines = [*lines[:LINES - 1], rest]
    return tuple(lines)


def _label_box(name: str, radius: float) -> tuple[float, float]:
    """Half width and half height of a node with its label below it."""
    lines = _label(name)
    width = max(len(line) for line in lines) * FONT * CHAR / 2
    return max(width, radius) + 4, (2 * radius + len(lines) * (FONT + 3) + 4) / 2


def _separate(at: dict[str, list[float]], boxes: dict[str, tuple[float, float]],
              below: dict[str, float]) -> None:
    """Push overlapping node boxes apart along the shorter overlap (a few sweeps suffice).

    A box reaches from the top of the node's circle to the end of its label: its centre lies
    below[n] under the node's centre."""
    nodes = sorted(at)
    for _ in range(200):
        moved = False
        for i, u in enumerate(nodes):
            for v in nodes[i + 1:]:
                dx = at[v][0] - at[u][0]
                dy = at[v][1] + below[v] - at[u][1] - below[u]
                ox = boxes[u][0] + boxes[v][0] - abs(dx)
                oy = boxes[u][1] + boxes[v][1] - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox < oy:
                    shift = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                    at[u][0] -= shift
                    at[v][0] += shift
                else:
                    shift = (oy / 2 + 0.5) * (1 if dy >= 0 else -1)
                    at[u][1] -= shift
                    at[v][1] += shift
        if not moved:
            return


def _radius(degree: int) -> float:
    return 7 + min(degree, 10) * 0.8


def _layout(nodes: list[str], pairs: list[Edge], centre: str | None) -> dict[str, list[float]]:
    """Positions in CSS pixels, before overlaps are removed and the canvas is fitted."""
    if centre is not None:
        others = [n for n in nodes if n != centre]
        pos = _shells(centre, others)
        # The neighbours' ring has radius 0.5 in shell_layout's units; give each its room.
        scale = 2 * max(170.0, len(others) * 13.0)
    else:
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((e.a, e.b) for e in pairs)
        # Kamada–Kawai gives every edge about the same length, so the spokes of a hub spread
        # out instead of piling up; it starts from a circle and has no randomness.
        pos = nx.kamada_kawai_layout(graph)
        scale = max(220.0, math.sqrt(len(nodes)) * SPREAD)
    return {n: [float(pos[n][0]) * scale, float(pos[n][1]) * scale] for n in nodes}


def _shells(centre: str, others: list[str]) -> dict[str, tuple[float, float]]:
    """What nx.shell_layout gives for [[centre], others]: the centre at (0, 0), the others on
    a ring (_ring), without building a graph first: an ego network is drawn for each of
    thousands of actors, and the graph cost more than the layout."""
    pos = {centre: (0.0, 0.0)}
    pos.update(zip(others, _ring(len(others)), strict=True))
    return pos


@functools.lru_cache(maxsize=1_024)
def _ring(count: int) -> tuple[tuple[float, float], ...]:
    """The positions of count nodes on the outer of two shells as nx.shell_layout places
    them, computed as it does, step for step, so that every coordinate is the same to the last
    bit; remembered, since ego networks differ only in how many neighbours they have."""
    if not count:
        return ()
    # The first shell, the centre alone, lies at radius 0; the second at radius 1/2, turned by
    # twice pi / 2 (shell_layout turns each shell by pi / its number of shells).
    theta = numpy.linspace(0, 2 * numpy.pi, count, endpoint=False,
                           dtype=numpy.float32) + numpy.pi
    ring = 0.5 * numpy.column_stack([numpy.cos(theta), numpy.sin(theta)]) + numpy.zeros(2)
    return tuple((float(x), float(y)) for x, y in ring)


def svg(b: Briefing, relations: list[Relation], href: Callable[[str], str], *,
        centre: str | None = None, title: str = "Netzwerk der Akteure") -> Markup:
    """The network of these relations; with centre, an actor's ego network."""
    pairs = edges(relations)
    degree: dict[str, int] = defaultdict(int)
    for e in pairs:
        degree[e.a] += 1
        degree[e.b] += 1
    nodes = sorted(set(degree) | ({centre} if centre else set()))
    if not nodes:
        return Markup("")
    at = _layout(nodes, pairs, centre)
    radius = {n: _radius(degree[n]) for n in nodes}
    boxes = {n: _label_box(b.actors[n].name, radius[n]) for n in nodes}
    below = {n: boxes[n][1] - radius[n] for n in nodes}
    _separate(at, boxes, below)
    left = min(at[n][0] - boxes[n][0] for n in nodes) - MARGIN
    top = min(at[n][1] - radius[n] for n in nodes) - MARGIN - LEGEND_HEIGHT
    for n in nodes:
        at[n] = [round(at[n][0] - left, 1), round(at[n][1] - top, 1)]
    kinds = sorted({b.actors[n].kind for n in nodes}, key=list(COLORS).index)
    legend_width = sum(len(KIND_NAMES[k]) * FONT * CHAR + 34 for k in kinds) + (
        len(HEDGED_LEGEND) * FONT * CHAR + 38 if any(e.hedged for e in pairs) else 0) + MARGIN
    width = math.ceil(max(max(at[n][0] + boxes[n][0] for n in nodes) + MARGIN, legend_width))
    height = math.ceil(max(at[n][1] + below[n] + boxes[n][1] for n in nodes) + MARGIN)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="netz-titel" '
        f'class="netzwerk" font-size="{FONT}" font-family="sans-serif">',
        f'<title id="netz-titel">{html_attr(title)}: wer liefert, unterstützt, warnt – aus den '
        "Aussagen abgeleitet</title>",
        '<defs><marker id="pfeil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" '
        'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#616161"/></marker></defs>',
        _legend(kinds, any(e.hedged for e in pairs)),
    ]
    for e in pairs:
        parts.append(_edge(e, at, radius))
    for n in sorted(nodes, key=lambda n: (n == centre, n)):
        parts.append(_node(b, n, at[n], radius[n], href(n), n == centre))
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(kinds: list[str], hedged: bool) -> str:
    parts = ['<g class="legende">']
    x = MARGIN
    for kind in kinds:
        parts.append(f'<circle cx="{x + 7}" cy="{MARGIN}" r="7" fill="{COLORS[kind]}"/>'
                     f'<text x="{x + 19}" y="{MARGIN + 4.5}" fill="#212121">'
                     f"{html_attr(KIND_NAMES[kind])}</text>")
        x += round(len(KIND_NAMES[kind]) * FONT * CHAR + 34)
    if hedged:
        parts.append(f'<line x1="{x}" y1="{MARGIN}" x2="{x + 30}" y2="{MARGIN}" '
                     'stroke="#757575" stroke-width="2" stroke-dasharray="6 4"/>'
                     f'<text x="{x + 38}" y="{MARGIN + 4.5}" fill="#212121">{HEDGED_LEGEND}</text>')
    parts.append("</g>")
    return "".join(parts)


def _edge(e: Edge, at: dict[str, list[float]], radius: dict[str, float]) -> str:
    (x1, y1), (x2, y2) = at[e.a], at[e.b]
    length = math.hypot(x2 - x1, y2 - y1) or 1
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    sx, sy = x1 + ux * (radius[e.a] + 2), y1 + uy * (radius[e.a] + 2)
    ex, ey = x2 - ux * (radius[e.b] + 2), y2 - uy * (radius[e.b] + 2)
    count = len(e.claims)
    markers = ""
    if (e.a, e.b) in e.directions:
        markers += ' marker-end="url(#pfeil)"'
    if (e.b, e.a) in e.directions:
        markers += ' marker-start="url(#pfeil)"'
    dash = ' stroke-dasharray="6 4"' if e.hedged else ""
    tooltip = "; ".join(f"{line} ({len(cs)})" for _, line, _, cs in e.relations)
    width = min(1.2 + count * 0.5, 5)
    badge = ""
    if count > 1:
        mx, my = (sx + ex) / 2, (sy + ey) / 2
        badge = (f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="9" fill="#fff" stroke="#9e9e9e"/>'
                 f'<text x="{mx:.1f}" y="{my + 4.5:.1f}" text-anchor="middle" '
                 f'fill="#212121">{count}</text>')
    kind = "kante unsicher" if e.hedged else "kante"
    return (f'<g class="{kind}"><title>{html_attr(tooltip)}</title>'
            f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" '
            f'stroke="#9e9e9e" stroke-width="{width:.1f}"'
            f"{dash}{markers}/>{badge}</g>")


def _node(b: Briefing, n: str, at: list[float], radius: float, href: str, centre: bool) -> str:
    a = b.actors[n]
    x, y = at
    ring = ' stroke="#212121" stroke-width="3"' if centre else ' stroke="#fff" stroke-width="2"'
    weight = ' font-weight="bold"' if centre else ""
    lines = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else FONT + 3}">{html_attr(line)}</tspan>'
                    for i, line in enumerate(_label(a.name)))
    return (f'<a href="{html_attr(href)}" class="knoten"><title>{html_attr(a.name)} '
            f"({html_attr(KIND_NAMES[a.kind])})</title>"
            f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{COLORS[a.kind]}"{ring}/>'
            f'<text x="{x}" y="{y + radius + FONT + 1:.1f}" text-anchor="middle" '
            f'fill="#212121" paint-order="stroke" stroke="#fff" stroke-width="3"{weight}>'
            f"{lines}</text></a>")
