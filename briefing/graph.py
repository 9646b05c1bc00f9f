"""The actor network as a static SVG, laid out at build time: no JavaScript, no CDN.

Actors with relations sit on a circle ordered by kind and name (deterministic, so the same
commit draws the same picture); each edge is one subject→object pair with its predicates as label.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Callable

from markupsafe import Markup

from briefing.model import Briefing
from briefing.views import Relation

KIND_ORDER = {"country": 0, "organization": 1, "person": 2, "system": 3, "unnamed": 4}
COLORS = {"country": "#1565c0", "person": "#6a1b9a", "organization": "#2e7d32",
          "system": "#c62828", "unnamed": "#616161"}
WIDTH, HEIGHT, RADIUS = 1400, 820, 340


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def svg(b: Briefing, relations: list[Relation], href: Callable[[str], str]) -> Markup:
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    lines: dict[tuple[str, str], list[str]] = defaultdict(list)
    # An edge is dashed when every relation it draws is hedged ("soll liefern an").
    hedged: dict[tuple[str, str], bool] = {}
    for r in relations:
        pairs[(r.subject, r.object)].append(r.label)
        lines[(r.subject, r.object)].append(r.line)
        hedged[(r.subject, r.object)] = hedged.get((r.subject, r.object), True) and r.hedged
    degree: dict[str, int] = defaultdict(int)
    for subject, obj in pairs:
        degree[subject] += 1
        degree[obj] += 1
    # The two busiest actors sit inside the circle, so their many edges fan out readably.
    hubs = sorted(degree, key=lambda a: (-degree[a], a))[:2]
    ring = sorted((a for a in degree if a not in hubs),
                  key=lambda a: (KIND_ORDER[b.actors[a].kind], b.actors[a].name))
    nodes = hubs + ring
    cx, cy = WIDTH / 2, HEIGHT / 2
    at = {hub: (round(cx + (i * 2 - 1) * RADIUS * 0.45, 1), cy) for i, hub in enumerate(hubs)}
    for i, actor in enumerate(ring):
        angle = 2 * math.pi * i / max(len(ring), 1) - math.pi / 2
        at[actor] = (round(cx + RADIUS * math.cos(angle), 1),
                     round(cy + RADIUS * math.sin(angle), 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'aria-labelledby="netz-titel" class="netzwerk">',
        '<title id="netz-titel">Netzwerk der Akteure: wer liefert, unterstützt, warnt – '
        "aus den Aussagen abgeleitet</title>",
        '<defs><marker id="pfeil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#757575"/></marker></defs>',
    ]
    for (subject, obj), labels in sorted(pairs.items()):
        (x1, y1), (x2, y2) = at[subject], at[obj]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        # Stop short of the node circles; offset the reverse direction so both stay visible.
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        ox, oy = -uy * 6, ux * 6
        sx, sy, ex, ey = x1 + ux * 16 + ox, y1 + uy * 16 + oy, x2 - ux * 16 + ox, y2 - uy * 16 + oy
        label = ", ".join(dict.fromkeys(labels))
        dash = ' stroke-dasharray="6 4"' if hedged[(subject, obj)] else ""
        kind = "kante unsicher" if dash else "kante"
        parts.append(
            f'<g class="{kind}"><title>{_e("; ".join(dict.fromkeys(lines[(subject, obj)])))}'
            f'</title><line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" '
            f'y2="{ey:.1f}" stroke="#9e9e9e" stroke-width="1.5"{dash} marker-end="url(#pfeil)"/>'
            f'<text x="{(sx + ex) / 2:.1f}" y="{(sy + ey) / 2:.1f}" font-size="10" '
            f'fill="#424242" text-anchor="middle">{_e(label)}</text></g>')
    for actor in nodes:
        x, y = at[actor]
        a = b.actors[actor]
        anchor = "start" if x >= cx else "end"
        tx = x + (18 if x >= cx else -18)
        parts.append(
            f'<a href="{_e(href(actor))}" class="knoten"><title>{_e(a.name)}</title>'
            f'<circle cx="{x}" cy="{y}" r="12" fill="{COLORS[a.kind]}"/>'
            f'<text x="{tx:.1f}" y="{y + 4:.1f}" font-size="14" text-anchor="{anchor}" '
            f'fill="#212121">{_e(a.name)}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
