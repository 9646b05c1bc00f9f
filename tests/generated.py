"""A generated briefing of any size, to see how the network copes with many actors.

Seeded, so every run writes the same facts: a few hub states, many organisations and persons
with long names, and relations that concentrate on the hubs as in a real Lagebild.
"""

from __future__ import annotations

import random
from pathlib import Path

KINDS = (("country", "Staat"), ("organization", "Behörde für Beschaffung und Logistik"),
         ("person", "Sonderbeauftragte Person"), ("system", "Waffensystem Typ"))
PREDICATES = ("delivers", "supports", "cooperates", "warns", "condemns", "trains")


def generate(root: Path, actors: int = 100, claims: int = 220, seed: int = 1) -> Path:
    """Write facts/ and sources/ of a briefing with this many actors into root."""
    rng = random.Random(seed)
    ids = []
    for n in range(actors):
        kind, stem = KINDS[0] if n < 8 else KINDS[1 + n % 3]
        actor = f"akteur-{n:03d}"
        ids.append(actor)
        path = root / "facts" / "actors" / f"{actor}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"id: {actor}\nkind: {kind}\nname: {stem} {n}\n", encoding="utf-8")
    hubs = ids[:4]
    pairs = [(ids[n], rng.choice(hubs if n >= 4 else ids[4:])) for n in range(actors)]
    while len(pairs) < claims:
        pairs.append((rng.choice(ids), rng.choice(hubs if rng.random() < 0.6 else ids)))
    lines = [f"Meldung {n}: {s} und {o}." for n, (s, o) in enumerate(pairs)]
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "000-generiert.md").write_text(
        "---\nid: 000-generiert\ntitle: '[Generierte Meldungen]'\n---\n" + "\n".join(lines)
        + "\n", encoding="utf-8")
    records = []
    for n, (subject, obj) in enumerate(pairs):
        if subject == obj:
            obj = ids[(ids.index(obj) + 1) % actors]
        records.append(
            f"- id: meldung-{n}\n  statement: Meldung {n}.\n  subject: {subject}\n"
            f"  predicate: {rng.choice(PREDICATES)}\n  object: {obj}\n"
            f"  citations: [{{source: 000-generiert, quote: 'Meldung {n}:'}}]\n")
    (root / "facts" / "claims").mkdir(parents=True, exist_ok=True)
    (root / "facts" / "claims" / "meldungen.yaml").write_text("".join(records), "utf-8")
    (root / "facts" / "briefing.yaml").write_text(
        f"title: Generiertes Lagebild mit {actors} Akteuren\n", encoding="utf-8")
    return root
