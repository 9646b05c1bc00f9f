"""Write a synthetic briefing of realistic shape for the benchmark: `generate.py N [DIR]`.

N claims, N/20 actors (a few of them named in thousands of claims, as a desk's main actors
are), 50 topics, N/10 sources of about 6 KB of German prose each; every quote is a sentence
of its source, every figure and date is written in its quote, every actor is named in the
prose. The output is a project folder (facts/, sources/ and the site's docs, templates and
theme copied from this checkout) that passes `build.py --root DIR check --strict`. Seeded: the
same N gives the same files.
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
CLAIMS_PER_FILE = 100
SOURCE_BYTES = 6000
TOPICS = 50
MEASURES = 20

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
        if base in words:
            continue
        words.add(base)
        actors.append(Actor(f"akteur-{len(actors) + 1:05d}", kind, name))
    return actors


def _weights(count: int) -> list[float]:
    """Zipf-like: the first actors are in thousands of claims at 10,000, most in a few."""
    return [1 / (rank + 1) ** 1.1 for rank in range(count)]


def _number(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _claim(rng: random.Random, cid: str, actors: list[Actor], weights: list[float],
           first: Actor | None, topics: int, year: int, measured: bool) -> Claim:
    subject = first or rng.choices(actors, weights)[0]
    predicate = rng.choice(sorted(VERBS))
    obj = rng.choices(actors, weights)[0]
    if obj is subject:
        obj = actors[(actors.index(subject) + 1) % len(actors)]
    noun = rng.choice(NOUNS)
    claim = Claim(cid, subject, predicate, obj, sorted({f"thema-{rng.randrange(topics) + 1:02d}"
                                                        for _ in range(rng.choice((1, 1, 2)))}),
                  "")
    words = [subject.name, VERBS[predicate], obj.name]
    if rng.random() < 0.6:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        claim.date = f"{year}-{month:02d}-{day:02d}"
        words = [f"am {day}. {MONTHS[month - 1]} {year}", VERBS[predicate], subject.name,
                 obj.name]
    if measured:
        amount = rng.randrange(1, 400) * 50
        unit = UNITS[int(cid[-5:]) % MEASURES % len(UNITS)]
        as_stated = f"{_number(amount)} {unit}"
        claim.quantity = {"amount": amount, "unit": unit, "as_stated": as_stated}
        claim.measure = f"messgroesse-{int(cid[-5:]) % MEASURES + 1:02d}"
        words.append(f"insgesamt {as_stated}")
    else:
        words.append(f"{rng.choice(ADJECTIVES)} {noun}")
    words.append(rng.choice(PLACES))
    if rng.random() < 0.3:
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


def _prose(rng: random.Random, sentences: list[str], actors: list[Actor]) -> str:
    """About SOURCE_BYTES of text: the cited sentences among filler in paragraphs."""
    body = list(sentences)
    size = sum(len(s.encode("utf-8")) + 1 for s in body)
    while size < SOURCE_BYTES:
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
        lines.append(f"  quantity: {{amount: {q['amount']}, unit: {_q(str(q['unit']))}, "
                     f"as_stated: {_q(str(q['as_stated']))}}}")
        lines.append(f"  measure: {c.measure}")
    if c.claimant:
        lines.append(f"  claimant: {c.claimant.id}")
    lines += ["  citations:", f"    - source: {source}", f"      quote: {_q(c.sentence)}"]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 15) -> None:
    rng = random.Random(f"{seed}-{n}")
    actors = _actors(rng, max(2, n // 20))
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
            f"id: {a.id}\nkind: {a.kind}\nname: {_q(a.name)}\n", encoding="utf-8")
    for t in range(1, TOPICS + 1):
        (out / "facts" / "topics" / f"thema-{t:02d}.yaml").write_text(
            f"id: thema-{t:02d}\ntitle: Thema {_word(rng, 3).capitalize()}\norder: {t}\n",
            encoding="utf-8")
    for m in range(1, MEASURES + 1):
        unit = UNITS[(m - 1) % len(UNITS)]
        (out / "facts" / "measures" / f"messgroesse-{m:02d}.yaml").write_text(
            f"id: messgroesse-{m:02d}\ntitle: {_q(f'Messgröße {m}: {unit}')}\n",
            encoding="utf-8")
    sources = max(1, n // 10)
    claims: list[tuple[Claim, str]] = []
    for s in range(sources):
        sid = f"{s:05d}-bericht"
        year = 2022 + s * 4 // sources
        cited = []
        for _ in range(n * (s + 1) // sources - n * s // sources):
            number = len(claims) + 1
            # The first claims name every actor once, so none is an orphan.
            first = actors[number - 1] if number <= len(actors) else None
            claim = _claim(rng, f"aussage-{number:05d}", actors, weights, first, TOPICS, year,
                           measured=rng.random() < 0.2)
            claims.append((claim, sid))
            cited.append(claim.sentence)
        text = _prose(rng, cited, actors)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        (out / "sources" / f"{sid}.md").write_text(
            f"---\nid: {sid}\ntitle: {_q(f'[Bericht {s + 1}]')}\npublisher: null\nurl: null\n"
            f"published: null\nlanguage: de\nrights: full-text\nsha256: {digest}\n---\n{text}",
            encoding="utf-8")
    for start in range(0, len(claims), CLAIMS_PER_FILE):
        part = claims[start:start + CLAIMS_PER_FILE]
        (out / "facts" / "claims" / f"teil-{start // CLAIMS_PER_FILE + 1:03d}.yaml").write_text(
            "\n".join(_claim_yaml(c, sid) for c, sid in part), encoding="utf-8")
    findings = [c for c, _ in claims[:: max(1, len(claims) // 5)]][:5]
    (out / "facts" / "findings.yaml").write_text("".join(
        f"- id: befund-{i + 1}\n  text: {_q(c.sentence)}\n  claims: [{c.id}]\n"
        for i, c in enumerate(findings)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help="number of claims")
    parser.add_argument("out", type=Path, nargs="?", help="output folder (default bench/out/N)")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    out = args.out or ROOT / "bench" / "out" / str(args.n)
    generate(args.n, out, args.seed)
    print(out)


if __name__ == "__main__":
    main()
