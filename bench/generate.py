"""Write a synthetic briefing of realistic shape for the benchmark: `generate.py N [DIR]`.

The standard shape: N claims in files of 100, N/20 actors (a few of them named in thousands
of claims, as a desk's main actors are), 50 topics, N/10 sources of about 6 KB of German prose
each. `--shape wide` lays the same kind of facts out differently, so that no speedup can rest
on one layout: N/8 actors with summaries, roles, aliases and affiliations, one of them the
subject of most claims; 200 topics; N/8 sources of about 12 KB with publisher and date; one
claims file per source; a third of the claims cited by a second source, a quarter hedged
("Berichten zufolge", "möglicherweise"), figures with qualifiers ("etwa") and dates given as a
month. `--shape tall` piles the facts up instead: claims files of 5,000 claims, N/50 actors,
12 topics, N/50 sources of about 40 KB, half of the claims with a figure. `--shape split`
scatters them over many small files: N/3 actors, N/3 sources of about 3 KB, claims files of 20,
400 topics. `--shape single` is the standard shape with one claims file per claim.

Every quote is a sentence of its source, every figure and date is written in its quote, every
actor is named in the prose. The output is a project folder (facts/, sources/ and the site's
docs, templates and theme copied from this checkout) that passes `build.py --root DIR check
--strict`. Seeded: the same N and shape give the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What a project folder needs besides facts and sources, copied from this checkout.
SITE_FILES = ("mkdocs.yml", "docs", "templates", "overrides")
MEASURES = 20


@dataclass(frozen=True)
class Shape:
    """How a generated briefing is laid out."""

    #: Actors per claim (N/20: 0.05).
    actors: float
    topics: int
    source_bytes: int
    claims_per_source: int
    #: Claims per claims file; 0: one claims file per source.
    claims_per_file: int
    #: Share of claims whose subject is the first actor, on top of the Zipf-like weights.
    hub: float = 0.0
    #: Share of claims a second source cites too.
    second_citation: float = 0.0
    #: Share of claims hedged in their quote (half "Berichten zufolge", half "möglicherweise").
    hedged: float = 0.0
    #: Actors and topics with summaries, roles, aliases, affiliations; sources with metadata.
    described: bool = False
    #: Share of claims that carry a figure of one of the MEASURES.
    measured: float = 0.2


SHAPES = {
    "standard": Shape(actors=1 / 20, topics=50, source_bytes=6000, claims_per_source=10,
                      claims_per_file=100),
    "wide": Shape(actors=1 / 8, topics=200, source_bytes=12000, claims_per_source=8,
                  claims_per_file=0, hub=0.6, second_citation=0.3, hedged=0.25, described=True),
    "tall": Shape(actors=1 / 50, topics=12, source_bytes=40000, claims_per_source=50,
                  claims_per_file=5000, second_citation=0.1, hedged=0.1, measured=0.5),
    "split": Shape(actors=1 / 3, topics=400, source_bytes=3000, claims_per_source=3,
                   claims_per_file=20),
    "single": Shape(actors=1 / 20, topics=50, source_bytes=6000, claims_per_source=10,
                    claims_per_file=1),
}
#: The unnamed voice behind "Berichten zufolge" in the wide shape.
REPORTS = "unbenannte-berichte"

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")
SYLLABLES = ("ka", "lo", "ver", "min", "sto", "ra", "bel", "dun", "ti", "mar", "go", "sel",
             "va", "ren", "tor", "ul", "bri", "nes", "ho", "lan", "zer", "pi", "dor", "wen")
NOUNS = ("Munition", "Raketen", "Drohnen", "Ausbildung", "Technologie", "Treibstoff",
         "Ersatzteile", "Satelliten", "Soldaten", "Fahrzeuge", "Geschütze", "Radaranlagen",
         "Funkgeräte", "Panzerabwehr", "Sanitätsmaterial", "Schiffe", "Lastwagen")
UNITS = ("Soldaten", "Geschosse", "Raketen", "Drohnen", "Fahrzeuge", "Tonnen Material")
ADJECTIVES = ("umfangreiche", "neue", "geheime", "regelmäßige", "verstärkte", "begrenzte",
              "erhebliche", "mehrere", "weitere", "zusätzliche", "moderne", "ältere")
PLACES = ("im Grenzgebiet", "an der Küste", "im Hafen", "in der Hauptstadt", "auf dem Flugfeld",
          "im Norden", "im Süden", "in einem Lager", "an der Front", "im Hinterland")
FILLER = ("Beobachter halten die Angaben für plausibel, wenn auch nicht unabhängig bestätigt.",
          "Die Lage bleibt nach übereinstimmenden Berichten unübersichtlich.",
          "Einzelheiten zu Umfang und Zeitraum wurden nicht genannt.",
          "Mehrere Fachleute verwiesen auf frühere Lieferungen ähnlicher Art.",
          "Eine offizielle Stellungnahme lag bis zum Abend nicht vor.",
          "Die Angaben ließen sich zunächst nicht überprüfen.")
VERBS = {"delivers": "lieferte", "supports": "unterstützte", "cooperates": "arbeitete zusammen mit",
         "trains": "bildete aus", "states": "erklärte gegenüber", "warns": "warnte",
         "condemns": "verurteilte", "visits": "besuchte", "agrees": "vereinbarte mit",
         "tests": "testete", "assesses": "bewertete", "seeks": "suchte die Nähe zu"}
SPEECH_ACTS = ("states", "warns")
KINDS = ("country", "organization", "person", "person", "system")


@dataclass
class Actor:
    id: str
    kind: str
    name: str


@dataclass
class Claim:
    id: str
    subject: Actor
    predicate: str
    obj: Actor | None
    topics: list[str]
    sentence: str
    date: str | None = None
    quantity: dict[str, object] | None = None
    measure: str | None = None
    claimant: Actor | None = None
    involves: list[Actor] = field(default_factory=list)
    modality: str = "asserted"
    #: Sources that cite it besides the first.
    also: list[str] = field(default_factory=list)


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _actors(rng: random.Random, count: int) -> list[Actor]:
    """Unique names that are whole words, so no name is part of another one."""
    actors: list[Actor] = []
    words: set[str] = set()
    while len(actors) < count:
        kind = KINDS[len(actors) % len(KINDS)]
        base = _word(rng, 3).capitalize()
        name = {"country": f"{base}ien", "organization": f"Behörde {base}",
                "person": f"{_word(rng, 2).capitalize()} {base}",
                "system": f"{base.upper()[:3]}-{rng.randint(10, 99)}"}[kind]
        if base in words or name in words:
            continue
        words.update((base, name))
        actors.append(Actor(f"akteur-{len(actors) + 1:05d}", kind, name))
    return actors


def _weights(count: int) -> list[float]:
    """Zipf-like: the first actors are in thousands of claims at 10,000, most in a few."""
    return [1 / (rank + 1) ** 1.1 for rank in range(count)]


def _number(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _claim(rng: random.Random, cid: str, actors: list[Actor], weights: list[float],
           first: Actor | None, shape: Shape, year: int, measured: bool) -> Claim:
    subject = first or (actors[0] if shape.hub and rng.random() < shape.hub
                        else rng.choices(actors, weights)[0])
    predicate = rng.choice(sorted(VERBS))
    obj = rng.choices(actors, weights)[0]
    if obj is subject:
        obj = actors[(actors.index(subject) + 1) % len(actors)]
    noun = rng.choice(NOUNS)
    claim = Claim(cid, subject, predicate, obj,
                  sorted({f"thema-{rng.randrange(shape.topics) + 1:03d}"
                          for _ in range(rng.choice((1, 1, 2)))}), "")
    words = [subject.name, VERBS[predicate], obj.name]
    if rng.random() < 0.6:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if shape.described and rng.random() < 0.3:
            claim.date = f"{year}-{month:02d}"
            words = [f"im {MONTHS[month - 1]} {year}", VERBS[predicate], subject.name, obj.name]
        else:
            claim.date = f"{year}-{month:02d}-{day:02d}"
            words = [f"am {day}. {MONTHS[month - 1]} {year}", VERBS[predicate], subject.name,
                     obj.name]
    hedge = ""
    # A speech act ("erklärte", "warnte") hedged would need a speaker as claimant.
    if shape.hedged and rng.random() < shape.hedged and predicate not in SPEECH_ACTS:
        hedge = rng.choice(("reported", "possible"))
        claim.modality = hedge
        if hedge == "possible":
            words[1] += " möglicherweise"
    if measured:
        amount = rng.randrange(1, 400) * 50
        unit = UNITS[int(cid[-5:]) % MEASURES % len(UNITS)]
        as_stated = f"{_number(amount)} {unit}"
        claim.quantity = {"amount": amount, "unit": unit, "as_stated": as_stated}
        if shape.described and rng.random() < 0.4:
            claim.quantity |= {"approx": "about", "as_stated": f"etwa {as_stated}"}
        claim.measure = f"messgroesse-{int(cid[-5:]) % MEASURES + 1:02d}"
        words.append(f"insgesamt {claim.quantity['as_stated']}")
    else:
        words.append(f"{rng.choice(ADJECTIVES)} {noun}")
    words.append(rng.choice(PLACES))
    if hedge == "reported":
        # "Berichten zufolge" names no speaker: the claimant is the unnamed voice.
        words.insert(0, "Berichten zufolge")
        claim.claimant = Actor(REPORTS, "unnamed", "Unbenannte Berichte")
    elif rng.random() < 0.3:
        claim.claimant = rng.choices(actors, weights)[0]
        words.append(f"wie {claim.claimant.name} erklärte")
    if rng.random() < 0.2:
        other = rng.choice(actors)
        if other not in (subject, obj):
            claim.involves = [other]
            words.append(f"unter Beteiligung von {other.name}")
    words.append(f"(Vorgang {cid[-5:]})")
    text = " ".join(words)
    claim.sentence = text[0].upper() + text[1:] + "."
    return claim


def _prose(rng: random.Random, sentences: list[str], actors: list[Actor], size_goal: int) -> str:
    """About size_goal bytes of text: the cited sentences among filler in paragraphs."""
    body = list(sentences)
    size = sum(len(s.encode("utf-8")) + 1 for s in body)
    while size < size_goal:
        extra = rng.choice(FILLER) if rng.random() < 0.5 else (
            f"Auch {rng.choice(actors).name} äußerte sich zu {rng.choice(ADJECTIVES)} "
            f"{rng.choice(NOUNS)} {rng.choice(PLACES)}.")
        body.insert(rng.randrange(len(body) + 1), extra)
        size += len(extra.encode("utf-8")) + 1
    paragraphs = []
    while body:
        take = rng.randint(3, 6)
        paragraphs.append(" ".join(body[:take]))
        body = body[take:]
    return "\n\n".join(paragraphs) + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _claim_yaml(c: Claim, source: str) -> str:
    lines = [f"- id: {c.id}",
             f"  statement: {_q(c.sentence)}",
             f"  subject: {c.subject.id}",
             f"  predicate: {c.predicate}"]
    if c.obj:
        lines.append(f"  object: {c.obj.id}")
    if c.involves:
        lines.append(f"  involves: [{', '.join(a.id for a in c.involves)}]")
    lines.append(f"  topics: [{', '.join(c.topics)}]")
    if c.date:
        lines.append(f"  date: {c.date}")
    if c.quantity:
        q = c.quantity
        approx = f"approx: {q['approx']}, " if "approx" in q else ""
        lines.append(f"  quantity: {{amount: {q['amount']}, unit: {_q(str(q['unit']))}, "
                     f"{approx}as_stated: {_q(str(q['as_stated']))}}}")
        lines.append(f"  measure: {c.measure}")
    if c.claimant:
        lines.append(f"  claimant: {c.claimant.id}")
    if c.modality != "asserted":
        lines.append(f"  modality: {c.modality}")
    lines.append("  citations:")
    for cited in (source, *c.also):
        lines += [f"    - source: {cited}", f"      quote: {_q(c.sentence)}"]
    return "\n".join(lines) + "\n"


def _actor_yaml(a: Actor, actors: list[Actor], described: bool) -> str:
    text = f"id: {a.id}\nkind: {a.kind}\nname: {_q(a.name)}\n"
    if not described or a.kind == "unnamed":
        return text
    text += f"summary: {_q(f'Erzeugter Akteur *{a.name}* für den Benchmark; nichts ist echt.')}\n"
    number = int(a.id[-5:])
    if a.kind == "person":
        text += "role: Sprecher\n"
        employer = actors[(number * 7) % len(actors)]
        if employer.kind == "organization":
            text += f"affiliation: {employer.id}\n"
    if a.kind == "country":
        text += f"aliases: [{_q('Republik ' + a.name)}]\n"
    return text


def generate(n: int, out: Path, seed: int = 15, shape: str = "standard") -> None:
    form = SHAPES[shape]
    rng = random.Random(f"{seed}-{n}" if shape == "standard" else f"{seed}-{n}-{shape}")
    actors = _actors(rng, max(2, int(n * form.actors)))
    weights = _weights(len(actors))
    if out.exists():
        shutil.rmtree(out)
    for name in ("actors", "topics", "measures", "claims"):
        (out / "facts" / name).mkdir(parents=True)
    (out / "sources").mkdir()
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        else:
            shutil.copy2(src, out / name)
    # mkdocs.yml names the hook module by path; the npm packages are shipped with the site.
    for name in ("briefing", "node_modules"):
        if (ROOT / name).exists():
            (out / name).symlink_to(ROOT / name, target_is_directory=True)
    (out / "facts" / "briefing.yaml").write_text(
        f"title: Synthetisches Lagebild mit {n} Aussagen\nshort_title: Synthetisch\n"
        "description: Erzeugt von bench/generate.py, um Prüfung und Bau zu messen.\n"
        "introduction: Ein erzeugtes Lagebild von realistischer Gestalt; kein Inhalt ist "
        "echt.\nslug: lagebild-synthetisch\nlanguage: de\n", encoding="utf-8")
    for a in actors:
        (out / "facts" / "actors" / f"{a.id}.yaml").write_text(
            _actor_yaml(a, actors, form.described), encoding="utf-8")
    for t in range(1, form.topics + 1):
        summary = (f"summary: Erzeugtes Thema Nummer {t} für den Benchmark.\n"
                   if form.described else "")
        (out / "facts" / "topics" / f"thema-{t:03d}.yaml").write_text(
            f"id: thema-{t:03d}\ntitle: Thema {_word(rng, 3).capitalize()}\norder: {t}\n"
            f"{summary}", encoding="utf-8")
    for m in range(1, MEASURES + 1):
        unit = UNITS[(m - 1) % len(UNITS)]
        (out / "facts" / "measures" / f"messgroesse-{m:02d}.yaml").write_text(
            f"id: messgroesse-{m:02d}\ntitle: {_q(f'Messgröße {m}: {unit}')}\n",
            encoding="utf-8")
    sources = max(1, n // form.claims_per_source)
    sids = [f"{s:05d}-bericht" for s in range(sources)]
    cited: list[list[str]] = [[] for _ in sids]
    claims: list[tuple[Claim, str]] = []
    for s, sid in enumerate(sids):
        year = 2022 + s * 4 // sources
        for _ in range(n * (s + 1) // sources - n * s // sources):
            number = len(claims) + 1
            # The first claims name every actor once, so none is an orphan.
            first = actors[number - 1] if number <= len(actors) else None
            claim = _claim(rng, f"aussage-{number:05d}", actors, weights, first, form, year,
                           measured=rng.random() < form.measured)
            if sources > 1 and form.second_citation and rng.random() < form.second_citation:
                other = (s + 1 + rng.randrange(sources - 1)) % sources
                claim.also.append(sids[other])
                cited[other].append(claim.sentence)
            claims.append((claim, sid))
            cited[s].append(claim.sentence)
    if any(c.claimant and c.claimant.id == REPORTS for c, _ in claims):
        (out / "facts" / "actors" / f"{REPORTS}.yaml").write_text(
            f"id: {REPORTS}\nkind: unnamed\nname: Unbenannte Berichte\n", encoding="utf-8")
    for s, sid in enumerate(sids):
        text = _prose(rng, cited[s], actors, form.source_bytes)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        meta = (f"publisher: {_q(f'Verlag {s % 40 + 1}')}\nurl: null\n"
                f"published: {2022 + s * 4 // sources}-{s % 12 + 1:02d}-{s % 28 + 1:02d}\n"
                if form.described else "publisher: null\nurl: null\npublished: null\n")
        (out / "sources" / f"{sid}.md").write_text(
            f"---\nid: {sid}\ntitle: {_q(f'[Bericht {s + 1}]')}\n{meta}"
            f"language: de\nrights: full-text\nsha256: {digest}\n---\n{text}",
            encoding="utf-8")
    files: dict[str, list[str]] = {}
    for number, (claim, sid) in enumerate(claims):
        name = (f"teil-{number // form.claims_per_file + 1:03d}" if form.claims_per_file
                else f"aus-{sid}")
        files.setdefault(name, []).append(_claim_yaml(claim, sid))
    for name, parts in files.items():
        (out / "facts" / "claims" / f"{name}.yaml").write_text("\n".join(parts),
                                                                encoding="utf-8")
    findings = [c for c, _ in claims[:: max(1, len(claims) // 5)]][:5]
    (out / "facts" / "findings.yaml").write_text("".join(
        f"- id: befund-{i + 1}\n  text: {_q(c.sentence)}\n  claims: [{c.id}]\n"
        for i, c in enumerate(findings)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help="number of claims")
    parser.add_argument("out", type=Path, nargs="?", help="output folder (default bench/out/N)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="standard")
    args = parser.parse_args()
    out = args.out or ROOT / "bench" / "out" / (
        str(args.n) if args.shape == "standard" else f"{args.n}-{args.shape}")
    generate(args.n, out, args.seed, args.shape)
    print(out)


if __name__ == "__main__":
    main()
