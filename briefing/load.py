"""Loading: read each fact and source file on its own into model records, with every position.

This is the only module that imports yaml. YAML is composed (never constructed) with libyaml's
CSafeLoader where present, so nothing but plain data can come out of a file, anchors and aliases
are refused before anything expands, and every node keeps its line and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
from briefing.problems import Location, Problems, did_you_mean
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
    #: (kind, id) of records that exist but could not be loaded: references to them are not
    #: reported again, and usage warnings wait until every claim loads.
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
                             f"alias '*{event.anchor}' repeats a value defined elsewhere",
                             "write the value out in full; anchors (&) and aliases (*) are "
                             "not allowed in fact files")
                return None
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _loc(path, mark, line_offset) if mark else Location(path)
        problem = exc.problem or "invalid YAML"
        hint = "indent with spaces, never tabs" if "\t" in problem or "tab" in problem else (
            "check the indentation and quoting near this line; quote text that contains ': '")
        problems.add(where, "yaml-syntax", f"{problem} {exc.context or ''}".strip(), hint)
        return None
    except yaml.YAMLError as exc:
        problems.add(Location(path), "yaml-syntax", str(exc).splitlines()[0],
                     "save the file as plain UTF-8 text")
        return None
    if node is None:
        return Y(None, Location(path, 1 + line_offset))
    return _convert(node, path, problems, line_offset)


def _convert(node: Any, path: str, problems: Problems, line_offset: int) -> Y | None:
    where = _loc(path, node.start_mark, line_offset)
    if node.tag not in _PLAIN_TAGS:
        problems.add(where, "yaml-tag", f"explicit tag '{node.tag}' is not allowed",
                     "remove the tag: fact files hold plain text, numbers, lists and mappings")
        return None
    if isinstance(node, yaml.MappingNode):
        value: dict[str, Y] = {}
        keys: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key_where = _loc(path, key_node.start_mark, line_offset)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(key_where, "wrong-type", "a key must be plain text",
                             "write keys as simple words such as 'name:'")
                continue
            key = key_node.value
            if key in keys:
                problems.add(key_where, "duplicate-key",
                             f"key '{key}' appears twice in this mapping "
                             f"(first at line {keys[key].line})",
                             "keep one of the two entries and delete the other")
                continue
            keys[key] = key_where
            child = _convert(value_node, path, problems, line_offset)
            if child is not None:
                value[key] = child
        return Y(value, where, keys)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(n, path, problems, line_offset) for n in node.value]
        return Y([i for i in items if i is not None], where)
    return Y(SafeLoader("").construct_object(node), where)


def read_text(path: Path, root: Path, problems: Problems, *, code: str) -> str | None:
    """Read one file as UTF-8, refusing links, paths outside root, oversize and bad bytes."""
    rel = path.relative_to(root).as_posix()
    where = Location(rel)
    if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
        problems.add(where, "unsafe-path", "the file is a symbolic link or lies outside the "
                     "repository", "replace the link with the file itself")
        return None
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        problems.add(where, "file-too-large",
                     f"the file has {len(data):,} bytes; at most {MAX_BYTES:,} are read",
                     "split it into several files")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(Location(rel, line, col), code,
                     f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                     "save the file as UTF-8 (in most editors: 'Save with encoding')")
        return None
    if text.startswith("\ufeff"):
        problems.add(where, code, "the file starts with a byte order mark (BOM)",
                     "save the file as UTF-8 without BOM")
        return None
    if code == "encoding" and "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.add(Location(rel, line, 1), code, "the file has CRLF (Windows) line ends",
                     "save the file with LF line ends (git: core.autocrlf=input)")
        return None
    return text


def read_fields(y: Y, fields: dict[str, schema.Field], what: str,
                problems: Problems) -> tuple[dict[str, Any], dict[str, Location]] | None:
    """Validate one mapping against its declared fields; None when it is not a mapping."""
    if not isinstance(y.value, dict):
        problems.add(y.where, "wrong-type",
                     f"expected a mapping for {what}, found {_describe(y.value)}",
                     "write 'key: value' lines, e.g. " + ", ".join(list(fields)[:3]))
        return None
    values: dict[str, Any] = {}
    at: dict[str, Location] = {}
    for key, child in y.value.items():
        if key not in fields:
            suggestion = did_you_mean(key, fields)
            problems.add(y.keys[key], "unknown-key", f"unknown key '{key}' in {what}",
                         suggestion or "allowed keys: " + ", ".join(fields))
            continue
        at[key] = child.where
        value = _coerce(child, fields[key], f"'{key}' of {what}", problems)
        if value is not None:
            values[key] = value
    for key, spec in fields.items():
        if spec.required and key not in y.keys:
            problems.add(y.where, spec.missing_code, f"{what} has no '{key}'",
                         f"add '{key}:' ({spec.doc})")
    return values, at


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the truth value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _coerce(y: Y, spec: schema.Field, what: str, problems: Problems) -> Any:
    value = y.value
    if value is None or value == "" or value == []:
        if spec.required:
            problems.add(y.where, spec.missing_code, f"{what} is empty", f"fill in {spec.doc}")
        return None

    def wrong(expected: str, hint: str = "") -> None:
        problems.add(y.where, "wrong-type", f"{what}: expected {expected}, "
                     f"found {_describe(value)}", hint or f"write {spec.doc}")

    kind = spec.kind
    if kind in ("text", "str", "ref", "url", "id", "enum"):
        if not isinstance(value, str):
            wrong("text", "put the value in quotes")
            return None
        if kind == "text" and not value.strip():
            problems.add(y.where, "missing-field", f"{what} is blank", f"fill in {spec.doc}")
            return None
        if kind == "id" and not re.fullmatch(schema.SLUG, value):
            problems.add(y.where, "bad-id", f"{what}: '{value}' is not a lowercase path-safe slug",
                         f"use a-z, 0-9 and single hyphens, e.g. '{slug(value) or 'beispiel'}'")
            return None
        if kind == "enum" and value not in spec.choices:
            problems.add(y.where, "bad-value", f"{what}: '{value}' is not allowed",
                         did_you_mean(value, spec.choices) or "use one of: "
                         + ", ".join(spec.choices))
            return None
        if kind == "url" and not re.match(r"https?://\S+$", value):
            problems.add(y.where, "bad-value", f"{what}: '{value}' is not an http(s) address",
                         "write the full address, e.g. https://example.org/artikel")
            return None
        return value
    if kind in ("refs", "strs"):
        if not isinstance(value, list) or not all(isinstance(i.value, str) for i in value):
            wrong("a list of texts", f"write [{value}]" if isinstance(value, str) else "")
            return None
        return tuple(Y(i.value, i.where) for i in value) if kind == "refs" else tuple(
            i.value for i in value)
    if kind == "bool":
        if not isinstance(value, bool):
            wrong("true or false")
            return None
        return value
    if kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, int if kind == "int" else (int, float)):
            wrong("a number", "write digits only, e.g. 1000000 (no dots or spaces)")
            return None
        return value
    if kind == "date":
        return parse_date(y, what, problems)
    if kind == "map":
        read = read_fields(y, spec.fields or {}, what, problems)
        return read and Y(read, y.where)
    if kind == "maps":
        if not isinstance(value, list):
            wrong("a list of mappings", "start each entry with '- '")
            return None
        out = []
        for item in value:
            read = read_fields(item, spec.fields or {}, what, problems)
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
        problems.add(y.where, "bad-date", f"{what}: '{value}' is not a date of the form "
                     "2024, 2024-01, 2024-01-19, XXXX-01-19 or 2024-01/2024-03",
                     "write year, month and day with hyphens; XXXX when the year is unknown")
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
                problems.add(y.where, "bad-date", f"{what}: '{part}' does not exist",
                             "check the day of the month")
                return None
        bounds.append((year, month, day))
    ordered = [tuple(b or 0 for b in bound) for bound in bounds]
    if len(bounds) == 2 and (bounds[0][0] is None or ordered[0] > ordered[1]):
        problems.add(y.where, "bad-date", f"{what}: range '{value}' ends before it starts "
                     "or has an unknown year", "write the earlier date first, both with years")
        return None
    return Date(value, bounds[0], bounds[1] if len(bounds) == 2 else None)


def _records(y: Y, kind: str, path: str, problems: Problems) -> Iterator[Y]:
    is_list = schema.KINDS[kind][1]
    if y.value is None:
        problems.add(Location(path), "missing-field", "the file is empty",
                     "a file of this kind looks like:\n" + _EXAMPLES[kind])
        return
    if is_list:
        if not isinstance(y.value, list):
            problems.add(y.where, "wrong-type", f"expected a list of {kind}, found "
                         f"{_describe(y.value)}", "start each entry with '- '")
            return
        yield from y.value
    else:
        yield y


def _id_matches_file(values: dict[str, Any], at: dict[str, Location], path: Path,
                     problems: Problems) -> None:
    if "id" in values and values["id"] != path.stem:
        problems.add(at["id"], "id-mismatch",
                     f"id '{values['id']}' differs from the file name '{path.name}'",
                     f"rename the file to {values['id']}{path.suffix} or set id: {path.stem}")


def _plain(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: values[k] for k in names if k in values}


def _refs(value: Any) -> tuple[str, ...]:
    return tuple(r.value for r in value) if value else ()


def load_facts_file(path: Path, root: Path, kind: str, out: Records, problems: Problems) -> None:
    rel = path.relative_to(root).as_posix()
    record_kind = kind.rstrip("s")
    text = read_text(path, root, problems, code="encoding")
    document = None if text is None else parse_yaml(text, rel, problems)
    if document is None:
        out.broken.add((record_kind, path.stem if record_kind in ("actor", "topic", "measure")
                        else f"file:{rel}"))
        return
    before = len(problems)
    for y in _records(document, kind, rel, problems):
        read = read_fields(y, schema.KINDS[kind][0], f"this {record_kind}", problems)
        values, at = read or ({}, {})
        if read is None or any(spec.required and name not in values
                               for name, spec in schema.KINDS[kind][0].items()):
            rid = y.value.get("id") if isinstance(y.value, dict) else None
            out.broken.add((record_kind, rid.value if rid and isinstance(rid.value, str)
                            else path.stem))
            continue
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
        return
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        problems.add(Location(rel), "source-front-matter",
                     "a source must start with front matter between two '---' lines",
                     "begin the file with:\n" + _EXAMPLES["source"])
        return
    end = text.index("\n---\n", 3)
    front, body = text[4:end + 1], text[end + 5:]
    y = parse_yaml(front, rel, problems, line_offset=1)
    if y is None:
        out.broken.add(("source", path.stem))
        return
    if not isinstance(y.value, dict):
        problems.add(Location(rel, 2), "source-front-matter",
                     "the front matter is empty or not a mapping",
                     "write 'id:', 'title:' and the other fields between the '---' lines")
        return
    read = read_fields(y, schema.SOURCE, "this source", problems)
    if read is None or not {"id", "title"} <= set(read[0]):
        out.broken.add(("source", path.stem))
        return
    values, at = read
    _id_matches_file(values, at, path, problems)
    if "boilerplate_from" in values and values["boilerplate_from"] not in body:
        problems.add(at["boilerplate_from"], "source-front-matter",
                     "boilerplate_from is not in the text",
                     "copy the first words of the page furniture verbatim from the text")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if "sha256" in values and values["sha256"] != digest:
        problems.add(at["sha256"], "source-changed",
                     "the source text differs from the text it was stored with",
                     "restore the text byte for byte from the original; if the original really "
                     f"changed, store it as a new source (its sha256 is {digest})")
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
