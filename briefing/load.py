"""Loading: read each fact and source file on its own into model records, with every position.

This is the only module that imports yaml. YAML is composed (never constructed) with libyaml's
CSafeLoader where present, so nothing but plain data can come out of a file, anchors and aliases
are refused before anything expands, and every node keeps its line and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing import schema
from briefing.model import (
    Actor,
    Citation,
    Claim,
    Date,
    Finding,
    Measure,
    Quantity,
    Source,
    Topic,
)
from briefing.problems import NOUNS, Location, Problems, did_you_mean
from briefing.text import slug

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels we pin
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
SCHEMA_LINE = "# yaml-language-server: $schema={}"

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
#: libyaml's problem texts, most specific first, in German with a hint; the last is the fallback.
_YAML_PROBLEMS = (
    ("tab", "ein Tabulator, wo YAML Einrückung erwartet",
     "nur mit Leerzeichen einrücken, nie mit Tabulatoren"),
    ("mapping values are not allowed", "hier darf kein ': ' stehen",
     "Text mit ': ' in Anführungszeichen setzen, z. B. title: \"Munition: Lieferungen\""),
    ("could not find expected ':'", "ein ':' fehlt",
     "jede Zeile einer Zuordnung hat die Form 'feld: wert'"),
    ("did not find expected '-' indicator", "ein '- ' fehlt",
     "alle Einträge einer Liste gleich weit einrücken und mit '- ' beginnen"),
    ("unknown escape character", "unbekanntes Escape-Zeichen in doppelten Anführungszeichen",
     "einfache Anführungszeichen nehmen oder den Rückstrich verdoppeln (\\\\)"),
    ("end of stream", "die Datei endet mitten in einem Wert",
     "offene Anführungszeichen oder Klammern schließen"),
    ("found unexpected end", "die Datei endet mitten in einem Wert",
     "offene Anführungszeichen oder Klammern schließen"),
    ("while parsing a flow", "eine Liste in [ ] oder Zuordnung in { } ist nicht richtig "
     "geschlossen", "Kommas und schließende Klammern prüfen"),
    ("", "die Einrückung oder ein Zeichen passt hier nicht",
     "Einrückung und Anführungszeichen in dieser Zeile prüfen; Text mit ': ' in "
     "Anführungszeichen setzen"),
)
_EXAMPLES = {
    "actor": "id: kim-jong-un\nkind: person\nname: Kim Jong-un",
    "topic": "id: munition\ntitle: Munition",
    "measure": "id: kp-ru-munition\ntitle: Munitionslieferungen Nordkoreas an Russland",
    "claims": "- id: kp-ru-munition\n  statement: …\n  subject: kp\n  predicate: delivers\n"
              "  citations:\n    - source: 000-…\n      quote: …",
    "findings": "- id: lieferungen\n  text: …\n  claims: [kp-ru-munition]",
    "source": "---\nid: 000-beispiel\ntitle: …\n---\n<Text>",
}


@dataclass
class Y:
    """A YAML node turned into plain data, still carrying its position."""

    value: Any
    where: Location
    keys: dict[str, Location] = field(default_factory=dict)


@dataclass
class Records:
    """Everything loaded, file by file, before any cross-reference is resolved."""

    actors: list[Actor] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    #: (kind, id) of records that exist but could not be loaded in full: references to them
    #: are not reported again, and usage warnings wait until every claim loads. A record that
    #: only lacks required fields is also in the lists above (with empty stand-ins), so that
    #: its other fields are still checked; a briefing with broken records is never built.
    broken: set[tuple[str, str]] = field(default_factory=set)


def _loc(path: str, mark: Any, line_offset: int = 0) -> Location:
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Y | None:
    """Compose text into a Y tree; report syntax, alias and tag problems instead of raising.

    Returns None when the file could not be read; an empty document gives Y(None).
    """
    try:
        # Aliases are found on the event stream, before composing, so that a billion-laughs
        # file costs one pass over its text and nothing expands.
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                problems.add(_loc(path, event.start_mark, line_offset), "yaml-alias",
                             f"der Verweis '*{event.anchor}' wiederholt einen Wert von "
                             "anderer Stelle",
                             "den Wert ausschreiben; Anker (&) und Verweise (*) sind in "
                             "Faktendateien nicht erlaubt")
                return None
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _loc(path, mark, line_offset) if mark else Location(path)
        problem = f"{exc.problem or ''} {exc.context or ''}".strip()
        message, hint = next((m, h) for needle, m, h in _YAML_PROBLEMS if needle in problem)
        problems.add(where, "yaml-syntax", message, hint)
        return None
    except yaml.YAMLError as exc:
        problems.add(Location(path), "yaml-syntax",
                     f"kein gültiges YAML ({str(exc).splitlines()[0]})",
                     "die Datei als reinen UTF-8-Text speichern")
        return None
    if node is None:
        return Y(None, Location(path, 1 + line_offset))
    return _convert(node, path, problems, line_offset)


def _convert(node: Any, path: str, problems: Problems, line_offset: int) -> Y | None:
    where = _loc(path, node.start_mark, line_offset)
    if node.tag not in _PLAIN_TAGS:
        problems.add(where, "yaml-tag", f"der ausdrückliche Typ '{node.tag}' ist nicht erlaubt",
                     "den Typ entfernen: Faktendateien enthalten nur Text, Zahlen, Listen und "
                     "Zuordnungen")
        return None
    if isinstance(node, yaml.MappingNode):
        value: dict[str, Y] = {}
        keys: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key_where = _loc(path, key_node.start_mark, line_offset)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(key_where, "wrong-type", "ein Feldname muss einfacher Text sein",
                             "Feldnamen als einfache Wörter schreiben, z. B. 'name:'")
                continue
            key = key_node.value
            if key in keys:
                problems.add(key_where, "duplicate-key",
                             f"das Feld '{key}' steht zweimal in dieser Zuordnung "
                             f"(zuerst in Zeile {keys[key].line})",
                             "einen der beiden Einträge behalten, den anderen löschen")
                continue
            keys[key] = key_where
            child = _convert(value_node, path, problems, line_offset)
            if child is not None:
                value[key] = child
        return Y(value, where, keys)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(n, path, problems, line_offset) for n in node.value]
        return Y([i for i in items if i is not None], where)
    return Y(_scalar(node), where)


def _scalar(node: Any) -> Any:
    """The plain value of a scalar; its text when YAML's type for it cannot be built.

    A plain `2025-02-30` resolves to a timestamp and a 5000-digit number to an int, and both
    raise while being constructed; kept as text they reach the field checks, which locate them.
    """
    try:
        value = SafeLoader("").construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError):
        return node.value
    if isinstance(value, float) and not math.isfinite(value):
        return node.value
    return value


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_text(path: Path, root: Path, problems: Problems, *, code: str) -> str | None:
    """Read one file as UTF-8, refusing links, paths outside root, oversize and bad bytes."""
    rel = path.relative_to(root).as_posix()
    where = Location(rel)
    if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
        problems.add(where, "unsafe-path", "die Datei ist ein symbolischer Link oder liegt "
                     "außerhalb des Repositorys", "den Link durch die Datei selbst ersetzen")
        return None
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        problems.add(where, "file-too-large",
                     f"die Datei hat {_thousands(len(data))} Bytes; gelesen werden "
                     f"höchstens {_thousands(MAX_BYTES)}",
                     "auf mehrere Dateien aufteilen")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(Location(rel, line, col), code,
                     f"das Byte 0x{data[exc.start]:02x} ist kein gültiges UTF-8",
                     "als UTF-8 speichern (in den meisten Editoren: „Speichern mit Kodierung“)")
        return None
    if text.startswith("\ufeff"):
        problems.add(where, code, "die Datei beginnt mit einem Byte-Order-Mark (BOM)",
                     "als UTF-8 ohne BOM speichern")
        return None
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.add(Location(rel, line, 1), code,
                     "die Datei hat Windows-Zeilenenden (CRLF)",
                     "mit LF-Zeilenenden speichern; .gitattributes hält sie bei git-Checkouts "
                     "auf LF, ein Editor kann sie aber umstellen")
        return None
    return text


def read_fields(y: Y, fields: dict[str, schema.Field], record: str, problems: Problems,
                prefix: str = "") -> tuple[dict[str, Any], dict[str, Location]] | None:
    """Validate one mapping against its declared fields; None when it is not a mapping.

    record names the record in messages ("Aussage"); prefix is the path of a nested mapping
    ("quantity.")."""
    what = f"{record}, Feld '{prefix[:-1]}'" if prefix else record
    if not isinstance(y.value, dict):
        problems.add(y.where, "wrong-type",
                     f"{what}: erwartet eine Zuordnung, gefunden: {_describe(y.value)}",
                     "Zeilen der Form 'feld: wert' schreiben, z. B. " + ", ".join(list(fields)[:3]))
        return None
    values: dict[str, Any] = {}
    at: dict[str, Location] = {}
    for key, child in y.value.items():
        if key not in fields:
            suggestion = did_you_mean(key, fields)
            problems.add(y.keys[key], "unknown-key", f"{what}: unbekanntes Feld '{key}'",
                         suggestion or "erlaubt sind: " + ", ".join(fields))
            continue
        at[key] = child.where
        value = _coerce(child, fields[key], record, prefix + key, problems)
        if value is not None:
            values[key] = value
    for key, spec in fields.items():
        if spec.required and key not in y.keys:
            problems.add(y.where, spec.missing_code, f"{what}: das Feld '{prefix}{key}' fehlt",
                         f"'{key}:' ergänzen ({spec.doc})")
    return values, at


def _describe(value: Any) -> str:
    if value is None:
        return "nichts"
    if isinstance(value, bool):
        return f"der Wahrheitswert {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"die Zahl {value}"
    if isinstance(value, str) and len(value) > 40 and value.isdigit():
        return f"eine Zahl mit {len(value)} Stellen, zu groß zum Lesen"
    if isinstance(value, str):
        return f"der Text '{value[:40]}'"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung"
    if isinstance(value, dt.date):
        return f"das Datum {value.isoformat()}"
    return f"einen Wert vom Typ {type(value).__name__}"


def _coerce(y: Y, spec: schema.Field, record: str, name: str, problems: Problems) -> Any:
    value = y.value
    what = f"{record}, Feld '{name}'"
    if value is None or value == "" or value == []:
        if spec.required:
            problems.add(y.where, spec.missing_code, f"{what} ist leer",
                         f"ausfüllen: {spec.doc}")
        return None

    def wrong(expected: str, hint: str = "") -> None:
        problems.add(y.where, "wrong-type", f"{what}: erwartet {expected}, "
                     f"gefunden: {_describe(value)}", hint or f"eintragen: {spec.doc}")

    kind = spec.kind
    if kind in ("text", "str", "ref", "url", "id", "enum"):
        if not isinstance(value, str):
            wrong("Text", "den Wert in Anführungszeichen setzen, z. B. \"2024\"")
            return None
        if kind == "text" and not value.strip():
            problems.add(y.where, "missing-field", f"{what} ist leer",
                         f"ausfüllen: {spec.doc}")
            return None
        if kind == "id" and not re.fullmatch(schema.SLUG, value):
            problems.add(y.where, "bad-id", f"{what}: '{value}' ist keine gültige id "
                         "(klein geschrieben, pfadsicher)",
                         f"nur a-z, 0-9 und einzelne Bindestriche, z. B. "
                         f"'{slug(value) or 'beispiel'}'")
            return None
        if kind == "enum" and value not in spec.choices:
            problems.add(y.where, "bad-value", f"{what}: '{value}' ist nicht erlaubt",
                         did_you_mean(value, spec.choices) or "erlaubt sind: "
                         + ", ".join(spec.choices))
            return None
        if kind == "url" and not re.match(r"https?://\S+$", value):
            problems.add(y.where, "bad-value", f"{what}: '{value}' ist keine http(s)-Adresse",
                         "die vollständige Adresse schreiben, z. B. https://example.org/artikel")
            return None
        return value
    if kind in ("refs", "strs"):
        if not isinstance(value, list) or not all(isinstance(i.value, str) for i in value):
            wrong("eine Liste von Texten",
                  f"[{value}] schreiben" if isinstance(value, str) else "")
            return None
        return tuple(Y(i.value, i.where) for i in value) if kind == "refs" else tuple(
            i.value for i in value)
    if kind == "bool":
        if not isinstance(value, bool):
            wrong("true oder false")
            return None
        return value
    if kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, int if kind == "int" else (int, float)):
            wrong("eine Zahl", "nur Ziffern schreiben, z. B. 1000000 (ohne Punkte oder "
                  "Leerzeichen)")
            return None
        if abs(value) > schema.MAX_NUMBER:
            problems.add(y.where, "bad-value", f"{what}: die Zahl ist zu groß (höchstens "
                         f"{_thousands(schema.MAX_NUMBER)})",
                         "die Zahl prüfen; sehr große Angaben mit einer Einheit schreiben, "
                         "z. B. amount: 2 und unit: Billionen Dollar")
            return None
        return value
    if kind == "date":
        return parse_date(y, what, problems)
    if kind == "map":
        read = read_fields(y, spec.fields or {}, record, problems, f"{name}.")
        return read and Y(read, y.where)
    if kind == "maps":
        if not isinstance(value, list):
            wrong("eine Liste von Zuordnungen", "jeden Eintrag mit '- ' beginnen")
            return None
        out = []
        for item in value:
            read = read_fields(item, spec.fields or {}, record, problems, f"{name}.")
            if read:
                out.append(Y(read, item.where))
        return tuple(out)
    raise ValueError(kind)


def parse_date(y: Y, what: str, problems: Problems) -> Date | None:
    value = y.value
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(schema.DATE, value):
        problems.add(y.where, "bad-date", f"{what}: '{value}' ist kein Datum der Form "
                     "2024, 2024-01, 2024-01-19, XXXX-01-19 oder 2024-01/2024-03",
                     "Jahr, Monat und Tag mit Bindestrichen schreiben; XXXX, wenn das Jahr "
                     "unbekannt ist")
        return None
    parts = value.split("/")
    bounds = []
    for part in parts:
        pieces = part.split("-")
        year = None if pieces[0] == "XXXX" else int(pieces[0])
        month = int(pieces[1]) if len(pieces) > 1 else None
        day = int(pieces[2]) if len(pieces) > 2 else None
        if day is not None and month is not None:
            try:
                dt.date(year or 2000, month, day)
            except ValueError:
                problems.add(y.where, "bad-date", f"{what}: den Tag '{part}' gibt es nicht",
                             "den Tag des Monats prüfen")
                return None
        bounds.append((year, month, day))
    ordered = [tuple(b or 0 for b in bound) for bound in bounds]
    if len(bounds) == 2 and (bounds[0][0] is None or ordered[0] > ordered[1]):
        problems.add(y.where, "bad-date", f"{what}: der Zeitraum '{value}' endet vor seinem "
                     "Beginn oder hat ein unbekanntes Jahr",
                     "das frühere Datum zuerst schreiben, beide mit Jahr")
        return None
    return Date(value, bounds[0], bounds[1] if len(bounds) == 2 else None)


def _records(y: Y, kind: str, path: str, problems: Problems) -> Iterator[Y]:
    is_list = schema.KINDS[kind][1]
    if y.value is None:
        problems.add(Location(path), "missing-field", "die Datei ist leer",
                     "eine Datei dieser Art sieht so aus:\n" + _EXAMPLES[kind])
        return
    if is_list:
        if not isinstance(y.value, list):
            problems.add(y.where, "wrong-type", f"erwartet eine Liste von Einträgen "
                         f"({NOUNS[kind.rstrip('s')]}), gefunden: {_describe(y.value)}",
                         "jeden Eintrag mit '- ' beginnen")
            return
        yield from y.value
    else:
        yield y


def _id_matches_file(values: dict[str, Any], at: dict[str, Location], path: Path,
                     problems: Problems) -> None:
    if "id" in values and values["id"] != path.stem:
        problems.add(at["id"], "id-mismatch",
                     f"die id '{values['id']}' weicht vom Dateinamen '{path.name}' ab",
                     f"die Datei in {values['id']}{path.suffix} umbenennen oder "
                     f"id: {path.stem} setzen")


def _plain(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: values[k] for k in names if k in values}


def _refs(value: Any) -> tuple[str, ...]:
    return tuple(r.value for r in value) if value else ()


#: An `id:` line, also in a file that is no valid YAML: the ids a broken file defines.
_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([^\s"'#]+)""", re.M)


def _ids_in(path: Path) -> set[str]:
    return set(_ID_LINE.findall(path.read_bytes().decode("utf-8", "replace")))


def _fill_missing(values: dict[str, Any], fields: dict[str, schema.Field]) -> dict[str, Any]:
    """Values with an empty stand-in for each missing required field, so that a record missing
    one field still takes part in every other check (it is marked broken and never built)."""
    empty = {"refs": (), "maps": (), "ref": None}
    return {name: empty.get(spec.kind, "") for name, spec in fields.items()
            if spec.required} | values


def load_facts_file(path: Path, root: Path, kind: str, out: Records, problems: Problems) -> None:
    rel = path.relative_to(root).as_posix()
    record_kind = kind.rstrip("s")
    text = read_text(path, root, problems, code="encoding")
    document = None if text is None else parse_yaml(text, rel, problems)
    if document is None:
        # References to the ids this file defines are follow-on errors of the one reported.
        out.broken.add((record_kind, path.stem if record_kind in ("actor", "topic", "measure")
                        else f"file:{rel}"))
        if path.exists():
            out.broken.update((record_kind, rid) for rid in _ids_in(path))
        return
    fields = schema.KINDS[kind][0]
    before = len(problems)
    for y in _records(document, kind, rel, problems):
        read = read_fields(y, fields, NOUNS[record_kind], problems)
        values, at = read or ({}, {})
        if read is None or any(spec.required and name not in values
                               for name, spec in fields.items()):
            rid = y.value.get("id") if isinstance(y.value, dict) else None
            out.broken.add((record_kind, rid.value if rid and isinstance(rid.value, str)
                            else path.stem))
            if "id" not in values:
                continue
            values = _fill_missing(values, fields)
        if kind in ("actor", "topic", "measure"):
            _id_matches_file(values, at, path, problems)
        _build(kind, values, at, y.where, rel, out)
    if len(problems) > before and record_kind in ("actor", "topic", "measure"):
        out.broken.add((record_kind, path.stem))


def _build(kind: str, v: dict[str, Any], at: dict[str, Location], where: Location, rel: str,
           out: Records) -> None:
    if kind == "actor":
        out.actors.append(Actor(where=where, at=at, **_plain(v, (
            "id", "kind", "name", "aliases", "role", "affiliation", "summary", "redirect_from",
            "plural"))))
    elif kind == "topic":
        out.topics.append(Topic(where=where, **_plain(v, ("id", "title", "summary", "order"))))
    elif kind == "measure":
        out.measures.append(Measure(where=where, **_plain(
            v, ("id", "title", "unit", "note", "not_comparable", "not_comparable_covers"))))
    elif kind == "findings":
        out.findings.append(Finding(v["id"], v["text"], _refs(v["claims"]), where, at=at))
        for ref in v["claims"]:
            at.setdefault(f"claims:{ref.value}", ref.where)
    elif kind == "claims":
        for name in ("topics", "involves"):
            for ref in v.get(name, ()):
                at.setdefault(f"{name}:{ref.value}", ref.where)
        citations = tuple(
            Citation(where=c.where, at={k: c.where for k in c.value[0]} | c.value[1],
                     **_plain(c.value[0], ("source", "quote", "prefix", "suffix", "claimant",
                                           "modality", "partial")))
            for c in v["citations"] if {"source", "quote"} <= set(c.value[0]))
        quantity = None
        if "quantity" in v and {"amount", "unit", "as_stated"} <= set(v["quantity"].value[0]):
            quantity = Quantity(where=v["quantity"].where, **_plain(
                v["quantity"].value[0], ("amount", "unit", "as_stated", "approx", "period")))
        out.claims.append(Claim(
            where=where, file=rel, at=at, citations=citations, quantity=quantity,
            topics=_refs(v.get("topics")), involves=_refs(v.get("involves")),
            **_plain(v, ("id", "statement", "subject", "predicate", "object", "date",
                         "date_inferred", "date_note", "measure", "claimant", "modality"))))


def load_source(path: Path, root: Path, out: Records, problems: Problems) -> None:
    rel = path.relative_to(root).as_posix()
    text = read_text(path, root, problems, code="source-encoding")
    if text is None:
        out.broken.add(("source", path.stem))
        return
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        problems.add(Location(rel), "source-front-matter",
                     "eine Quelle muss mit Kopfdaten zwischen zwei '---'-Zeilen beginnen",
                     "die Datei so beginnen:\n" + _EXAMPLES["source"])
        out.broken.add(("source", path.stem))
        return
    end = text.index("\n---\n", 3)
    front, body = text[4:end + 1], text[end + 5:]
    y = parse_yaml(front, rel, problems, line_offset=1)
    if y is None:
        out.broken.add(("source", path.stem))
        return
    if not isinstance(y.value, dict):
        problems.add(Location(rel, 2), "source-front-matter",
                     "die Kopfdaten sind leer oder keine Zuordnung",
                     "'id:', 'title:' und die übrigen Felder zwischen die '---'-Zeilen "
                     "schreiben")
        out.broken.add(("source", path.stem))
        return
    read = read_fields(y, schema.SOURCE, NOUNS["source"], problems)
    if read is None or not {"id", "title"} <= set(read[0]):
        out.broken.add(("source", path.stem))
        return
    values, at = read
    _id_matches_file(values, at, path, problems)
    if "boilerplate_from" in values and values["boilerplate_from"] not in body:
        problems.add(at["boilerplate_from"], "source-front-matter",
                     "boilerplate_from steht nicht im Text",
                     "die ersten Wörter des Seitenbeiwerks wörtlich aus dem Text kopieren")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if "sha256" in values and values["sha256"] != digest:
        problems.add(at["sha256"], "source-changed",
                     "der Quelltext weicht vom Text ab, mit dem er gespeichert wurde",
                     "den Text Byte für Byte aus dem Original wiederherstellen; hat sich das "
                     f"Original wirklich geändert, als neue Quelle anlegen (sha256 {digest})")
    body_line = text.count("\n", 0, end + 5) + 1
    out.sources.append(Source(where=Location(rel), text=body, body_line=body_line, **_plain(
        values, ("id", "title", "publisher", "url", "published", "language", "rights",
                 "boilerplate_from", "note", "sha256"))))


def load(root: Path, problems: Problems) -> Records:
    """Load every fact and source file under root, each on its own."""
    out = Records()
    facts = root / "facts"
    for folder, kind in (("actors", "actor"), ("topics", "topic"), ("measures", "measure"),
                         ("claims", "claims")):
        for path in sorted((facts / folder).glob("*.yaml")):
            load_facts_file(path, root, kind, out, problems)
    if (facts / "findings.yaml").exists():
        load_facts_file(facts / "findings.yaml", root, "findings", out, problems)
    for path in sorted((root / "sources").glob("*.md")):
        load_source(path, root, out, problems)
    return out


class _Dumper(yaml.SafeDumper):
    """Indents a list under its key, as the fact files do ("  - source: …")."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_yaml(data: Any) -> str:
    """YAML text for scaffolding, in the project's layout (block style, keys in given order)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
