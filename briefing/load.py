"""Loading: read each fact and source file on its own into model records, with every position.

This is the only module that imports yaml. YAML is composed (never constructed) with libyaml's
CSafeLoader where present, so nothing but plain data can come out of a file, anchors and aliases
are refused before anything expands, and every node keeps its line and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import mmap
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import yaml

from briefing import parallel, schema
from briefing.escape import CONTROL, visible
from briefing.model import (
    Actor,
    Citation,
    Claim,
    Date,
    Edition,
    Finding,
    Identity,
    Measure,
    Quantity,
    Source,
    Topic,
    Withdrawal,
)
from briefing.problems import NOUNS, Location, Problem, Problems, did_you_mean
from briefing.resources import check_page
from briefing.text import fold, slug

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels we pin
    from yaml import SafeLoader  # type: ignore[assignment]

#: A source or a published page: a news article is a few KB.
MAX_BYTES = 1_000_000
#: Limits a pull request cannot push the check past (documented in docs/redaktion/index.md).
#: A fact file: a desk may keep every claim in one file, and 30,000 claims of about 600
#: bytes each fit.
MAX_FACT_BYTES = 20_000_000
#: Nesting is counted on libyaml's event stream, before anything is composed: composing
#: recurses once per level.
MAX_DEPTH = 20
#: Values (texts, numbers, lists, mappings) in one file: a claim has about 25, so that 30,000
#: claims in one file fit; reading one costs about 3 µs.
MAX_VALUES = 1_000_000
#: Files in one folder of facts/ or in sources/: a briefing of 30,000 claims, one claim per
#: file (reading one small file costs about 0.1 ms).
MAX_FILES = 30_000
#: Problems one file reports while it is read: a file of 5 MB can hold a million empty claims,
#: each missing five fields, and five million problems take gigabytes. Past the limit one
#: problem says so (a compiler stops after its first errors the same way).
MAX_PROBLEMS = 200
#: All source texts together; each is folded and searched in memory (about three times its
#: size). A briefing of 30,000 claims cites about 3,000 sources: 50 MB leaves them 16 KB
#: each, well above the 6 KB of a typical news article.
MAX_SOURCE_BYTES = 50_000_000
#: The briefing's identity: title, introduction, slug and label language, in one place.
IDENTITY_FILE = "briefing.yaml"
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
    "briefing": "title: Lagebild Ostsee\nslug: lagebild-ostsee",
    "actor": "id: kim-jong-un\nkind: person\nname: Kim Jong-un",
    "topic": "id: munition\ntitle: Munition",
    "measure": "id: kp-ru-munition\ntitle: Munitionslieferungen",
    "claims": "- id: kp-ru-munition\n  statement: …\n  subject: kp\n  predicate: delivers\n"
              "  citations:\n    - source: 000-…\n      quote: …",
    "findings": "- id: lieferungen\n  text: …\n  claims: [kp-ru-munition]",
    "source": "---\nid: 000-beispiel\ntitle: …\n---\n<Text>",
    "withdrawn": "- id: kp-ru-munition-alt\n  reason: …",
    "editions": "- name: \"1\"\n  date: 2026-11-22\n  summary: …",
}
#: Files beside the fact folders: (path under the root, kind).
LISTS = (("facts/findings.yaml", "findings"), ("facts/withdrawn.yaml", "withdrawn"),
         ("facts/editions.yaml", "editions"))


#: The keys of a value that is no mapping (one shared, read-only mapping: a dict per scalar
#: cost a tenth of reading one).
_NO_KEYS: Mapping[str, tuple[int, int]] = MappingProxyType({})


class Y:
    """A YAML node turned into plain data, still carrying its position (and, for a mapping,
    the line and column of each key)."""

    __slots__ = ("keys", "value", "where")

    def __init__(self, value: Any, where: Location,
                 keys: Mapping[str, tuple[int, int]] = _NO_KEYS) -> None:
        self.value, self.where, self.keys = value, where, keys


@dataclass
class Records:
    """Everything loaded, file by file, before any cross-reference is resolved."""

    actors: list[Actor] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    identity: Identity | None = None
    withdrawn: list[Withdrawal] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)
    #: (kind, id) of records that exist but could not be loaded in full: references to them
    #: are not reported again, and usage warnings wait until every claim loads. A record that
    #: only lacks required fields is also in the lists above (with empty stand-ins), so that
    #: its other fields are still checked; a briefing with broken records is never built.
    broken: set[tuple[str, str]] = field(default_factory=set)


def _loc(path: str, mark: Any, line_offset: int = 0) -> Location:
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


class _Refused(Exception):
    """The file is not read further: an alias, or nesting or values beyond the limits (its one
    problem is reported, nothing else from the file)."""


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0,
               values: list[int] | None = None) -> Y | None:
    """Compose text into a Y tree; report syntax, alias and tag problems instead of raising.

    Returns None when the file could not be read; an empty document gives Y(None). values,
    where given, receives how many values the text holds.
    """
    flat = _flat_mapping(text, path, line_offset)
    if flat is not None:
        if values is not None:
            values.append(1 + 2 * len(flat.keys))
        return flat
    return _parse_events(text, path, problems, line_offset, values)


def _parse_events(text: str, path: str, problems: Problems, line_offset: int = 0,
                  values: list[int] | None = None) -> Y | None:
    """parse_yaml through libyaml's events: any YAML text."""
    tree = _Tree(text, path, problems, line_offset)
    try:
        document = tree.document()
        if "&" in text or tree.documents > 1:
            # Anchors and a second document: the composer reports them as it always did.
            yaml.compose(text, Loader=SafeLoader)
    except _Refused:
        return None
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
    for found in tree.found:
        problems.add(*found)
    if tree.dropped:
        _too_many_problems(problems, tree.first_dropped,
                           f"{_thousands(tree.dropped)} weitere werden nicht gezeigt")
    if values is not None:
        values.append(tree.values)
    return document


#: A line of a flat mapping whose YAML reading is plain to see: a key at the start of the
#: line, one space, and a value on that line: double-quoted without escapes, single-quoted
#: without doubled quotes, or plain text beginning with no YAML indicator (groups 2, 3, 4).
_FLAT_LINE = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*): (?:"([^"\\]*)"|'([^']*)'"""
                        r"""|([^\s\-?:,\[\]{}#&*!|>'"%@`].*))""")
#: What a flat mapping may not hold anywhere: a tab, and any character libyaml refuses or
#: counts as a line break besides LF (CONTROL, looked for too, has the rest). Written as the
#: characters refused, not as the complement of those allowed: that took 7 ms to compile.
_NOT_FLAT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _flat_mapping(text: str, path: str, line_offset: int) -> Y | None:
    """The Y tree of a text that is one flat mapping of `key: value` lines (a source's front
    matter, most actor and topic files), read without libyaml: its events cost about twice as
    much for such a small file. Comment and empty lines may stand between the lines. None for
    any other text, and for one that would report a problem: parse_yaml reads those through
    libyaml (tests/test_load.py holds the two readings equal)."""
    value: dict[str, Y] = {}
    keys: dict[str, tuple[int, int]] = {}
    number, start = line_offset, 0
    # Line by line, not split: a claims file of megabytes is given up on its first line.
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        number, start = number + 1, end + 1
        if not line or line[0] == "#":
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        key, double, single, plain = match.groups()
        # libyaml refuses a simple key longer than 1,024 characters: one over 1,000 is left
        # to it, well within that.
        if key in keys or len(key) > 1_000:
            return None
        keys[key] = (number, 1)
        where = Location(path, number, len(key) + 3)
        if plain is None:
            scalar = double if single is None else single
            if len(scalar) > schema.MAX_TEXT_CHARS:
                return None
            value[key] = Y(scalar, where)
            continue
        if (": " in plain or " #" in plain or plain[-1] in " :"
                or len(plain) > schema.MAX_TEXT_CHARS):
            return None
        if plain[0] not in _TYPED_FIRST or (tag := _resolve(plain)) == _STR:
            value[key] = Y(plain, where)
        elif tag in _PLAIN_TAGS:
            value[key] = Y(_value(tag, plain), where)
        else:
            return None
    # The mapping, its keys and their values count against MAX_VALUES as libyaml's are.
    if (not keys or 1 + 2 * len(keys) > MAX_VALUES or _NOT_FLAT.search(text)
            or CONTROL.search(text)):
        return None
    # A block mapping begins where its first key does.
    return Y(value, Location(path, *next(iter(keys.values()))), keys)


class _Tree:
    """A Y tree built from libyaml's parser events as they come, with the marks and tags
    composing gives.

    Aliases and nesting depth are refused on the event stream, before anything is composed, so
    that a billion-laughs file costs one pass over its text and nothing expands, and a file
    nested 50,000 deep never recurses further than the limit. The problems found in the tree
    wait until the whole stream has passed those checks: a refused file reports one problem.
    """

    def __init__(self, text: str, path: str, problems: Problems, line_offset: int) -> None:
        # Events are untyped in PyYAML's stubs where it matters (marks, values). Taken from
        # the parser itself, as yaml.parse does, without its generator around each event.
        self.next: Callable[[], Any] = SafeLoader(text).get_event
        self.path, self.problems = path, problems
        #: Added to libyaml's 0-based line numbers.
        self.first_line = 1 + line_offset
        self.depth = self.values = self.documents = 0
        self.found: list[tuple[Location, str, str, str]] = []
        #: Problems past MAX_PROBLEMS, counted only, and where the first of them is.
        self.dropped = 0
        self.first_dropped = Location(path)

    def _found(self, problem: tuple[Location, str, str, str]) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(problem)
            return
        if not self.dropped:
            self.first_dropped = problem[0]
        self.dropped += 1

    def document(self) -> Y | None:
        self.next()  # the stream's start
        event = self.next()
        if type(event) is yaml.StreamEndEvent:
            return Y(None, Location(self.path, self.first_line))
        self.documents = 1
        document = self.value(self.next())
        while (kind := type(event := self.next())) is not yaml.StreamEndEvent:
            if kind is yaml.DocumentStartEvent:
                self.documents += 1
                self._skip(self.next())
        return document

    def _where(self, event: Any) -> Location:
        mark = event.start_mark
        return Location(self.path, mark.line + self.first_line, mark.column + 1)

    def value(self, event: Any) -> Y | None:
        kind = type(event)
        mark = event.start_mark
        where = Location(self.path, mark.line + self.first_line, mark.column + 1)
        if kind is yaml.ScalarEvent:
            return self._counted_scalar(event, where)
        if kind is yaml.AliasEvent:
            self._alias(event, where)
        self._open(where)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            self._bad_tag(where, tag)
            self._skip()
            return None
        if kind is yaml.SequenceStartEvent:
            items = []
            while type(event := self.next()) is not yaml.SequenceEndEvent:
                item = self.value(event)
                if item is not None:
                    items.append(item)
            self.depth -= 1
            return Y(items, where)
        return self._mapping(where)

    def _mapping(self, where: Location) -> Y:
        value: dict[str, Y] = {}
        #: Where each key stands, as (line, column): a Location is made only for a problem.
        keys: dict[str, tuple[int, int]] = {}
        path, first_line, following = self.path, self.first_line, self.next
        while (kind := type(event := following())) is not yaml.MappingEndEvent:
            mark = event.start_mark
            line, col = mark.line + first_line, mark.column + 1
            if kind is not yaml.ScalarEvent:
                key_where = Location(path, line, col)
                if kind is yaml.AliasEvent:
                    self._alias(event, key_where)
                self._open(key_where)
                self._found((key_where, "wrong-type", "ein Feldname muss einfacher Text "
                             "sein", "Feldnamen als einfache Wörter schreiben, z. B. "
                             "'name:'"))
                self._skip()
                self._skip(following())
                continue
            self.values += 1
            if self.values > MAX_VALUES:
                self._too_many(Location(path, line, col))
            key = event.value
            if key in keys:
                self._found((Location(path, line, col), "duplicate-key",
                             f"das Feld '{key}' steht zweimal in dieser Zuordnung "
                             f"(zuerst in Zeile {keys[key][0]})",
                             "einen der beiden Einträge behalten, den anderen löschen"))
                self._skip(following())
                continue
            keys[key] = (line, col)
            scalar: Any = following()
            if type(scalar) is yaml.ScalarEvent:
                # value()'s common case, one call shorter (a claim has a dozen of these).
                start: Any = scalar.start_mark
                child = self._counted_scalar(scalar, Location(path, start.line + first_line,
                                                              start.column + 1))
            else:
                child = self.value(scalar)
            if child is not None:
                value[key] = child
        self.depth -= 1
        return Y(value, where, keys)

    def _counted_scalar(self, event: Any, where: Location) -> Y | None:
        self.values += 1
        if self.values > MAX_VALUES:
            self._too_many(where)
        text = event.value
        # Most scalars are text: untagged, quoted or beginning where no other type can begin
        # (or resolved as text), within the length limit and free of control characters
        # (_scalar says why each matters).
        if (event.tag is None and (not event.implicit[0] or text[:1] not in _TYPED_FIRST
                                   or _resolve(text) == _STR)
                and len(text) <= schema.MAX_TEXT_CHARS and not CONTROL.search(text)):
            return Y(text, where)
        return self._scalar(event, where)

    def _scalar(self, event: Any, where: Location) -> Y | None:
        """A scalar within the limits: a known plain type, no text longer than MAX_TEXT_CHARS,
        no control character. (Numbers too large to read or compute with are the field
        checks' bad-value.)"""
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            # PyYAML's resolver only for a plain scalar that can be other than text: one that
            # is quoted, or begins where no implicit type can begin, is text.
            tag = (_resolve(text) if event.implicit[0] and text[:1] in _TYPED_FIRST
                   else _STR)
        if tag not in _PLAIN_TAGS:
            self._bad_tag(where, tag)
            return None
        if len(text) > schema.MAX_TEXT_CHARS:
            self._found((where, "limit-exceeded",
                         f"der Text hat {len(text):,} Zeichen; erlaubt sind höchstens "
                         f"{schema.MAX_TEXT_CHARS:,}".replace(",", "."),
                         "kürzen: ein Feld hält einen Satz oder einen kurzen Absatz; "
                         "lange Zitate auf die Stelle beschränken, die die Aussage "
                         "belegt"))
            return None
        value = text if tag == _STR else _value(tag, text)
        if isinstance(value, str) and (bad := CONTROL.search(value)):
            self._found((where, "control-character", control_message(value, bad.start()),
                         CONTROL_HINT))
            return None
        return Y(value, where)

    def _skip(self, event: Any = None) -> None:
        """Pass over one value: a scalar, or a collection whose start was event (or was just
        read, when event is None) up to its end, checking its events as value() does."""
        if event is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._count(self._where(event))
                return
            if kind is yaml.AliasEvent:
                self._alias(event, self._where(event))
            self._open(self._where(event))
        depth = 1
        while depth:
            kind = type(event := self.next())
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._open(self._where(event))
                depth += 1
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.depth -= 1
                depth -= 1
            elif kind is yaml.ScalarEvent:
                self._count(self._where(event))
            elif kind is yaml.AliasEvent:
                self._alias(event, self._where(event))

    def _count(self, where: Location) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            self._too_many(where)

    def _too_many(self, where: Location) -> None:
        self.problems.add(where, "limit-exceeded",
                          f"die Datei hat mehr als {MAX_VALUES:,} Werte".replace(",", "."),
                          "auf mehrere Dateien aufteilen, z. B. Aussagen nach Sachgebiet")
        raise _Refused

    def _open(self, where: Location) -> None:
        """A collection starts: one level deeper, one value more."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.problems.add(where, "limit-exceeded",
                              f"die Daten sind hier tiefer als {MAX_DEPTH} Ebenen verschachtelt",
                              "Faktendateien brauchen höchstens vier Ebenen (Liste, Aussage, "
                              "Beleg, Feld): Einrückung und Klammern prüfen")
            raise _Refused
        self._count(where)

    def _alias(self, event: Any, where: Location) -> None:
        self.problems.add(where, "yaml-alias",
                          f"der Verweis '*{event.anchor}' wiederholt einen Wert von anderer "
                          "Stelle", "den Wert ausschreiben; Anker (&) und Verweise (*) sind in "
                          "Faktendateien nicht erlaubt")
        raise _Refused

    def _bad_tag(self, where: Location, tag: str) -> None:
        self._found((where, "yaml-tag", f"der ausdrückliche Typ '{tag}' ist nicht "
                     "erlaubt", "den Typ entfernen: Faktendateien enthalten nur Text, "
                     "Zahlen, Listen und Zuordnungen"))


#: One constructor for every scalar (plain tags only, see _PLAIN_TAGS): a loader made per scalar
#: cost more than the rest of reading it.
_SCALARS = SafeLoader("")
#: PyYAML's type resolution for plain scalars (untyped in its stubs).
_RESOLVE: Any = _SCALARS.resolve
_STR = "tag:yaml.org,2002:str"


@lru_cache(maxsize=16_384)
def _resolve(text: str) -> str:
    """PyYAML's type for a plain scalar: it depends on the text alone, and ids, dates and
    numbers recur across thousands of claims."""
    tag: str = _RESOLVE(yaml.ScalarNode, text, (True, False))
    return tag


#: The first characters of every implicit type PyYAML knows (null, bool, int, float,
#: timestamp, …): a plain scalar beginning with any other character is text.
_TYPED_FIRST = frozenset(SafeLoader.yaml_implicit_resolvers)


@lru_cache(maxsize=16_384)
def _value(tag: str, text: str) -> Any:
    """The plain value of a scalar of a type other than text; its text when YAML's type for it
    cannot be built. (Immutable, so one value serves every scalar with the same text.)

    A plain `2025-02-30` resolves to a timestamp and raises while being constructed; kept as
    text it reaches the field checks, which locate it.
    """
    try:
        value = _SCALARS.yaml_constructors[tag](_SCALARS, yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError, yaml.YAMLError):
        return text
    if isinstance(value, float) and not math.isfinite(value):
        return text
    return value


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


CONTROL_HINT = ("das Zeichen löschen (im Editor unsichtbar: an der genannten Stelle die "
                "Nachbarzeichen neu tippen); Zeilenumbrüche nur als LF, Textrichtung nie mit "
                "Steuerzeichen")


def control_message(text: str, at: int) -> str:
    """Which control character text has at offset at, and where, in German."""
    char = text[at]
    name = unicodedata.name(char, "")
    before = visible(text[max(0, at - 20):at])
    return (f"Steuerzeichen U+{ord(char):04X}{f' ({name})' if name else ''} "
            + (f"nach '{before}' (Zeichen {at + 1} des Textes)" if before
               else "am Anfang des Textes"))


def relative(path: Path, root: Path) -> str:
    """path relative to root, with '/' (pathlib's relative_to took a tenth of reading a small
    file)."""
    text, base = str(path), str(root)
    if text.startswith(base + "/"):
        return text[len(base) + 1:]
    return path.relative_to(root).as_posix()


def _inside(path: Path, root: Path, rel: str) -> bool:
    """Whether path (rel under root), resolved, lies under root. Resolving walks every folder
    from '/' in Python; where no folder between root and path is a link, path is root's own
    and is not resolved (a third of reading a small file)."""
    folders = rel.split("/")[:-1]
    if ".." not in folders:
        known = _NO_LINK_FOLDERS[-1] if _NO_LINK_FOLDERS else set()
        folder = str(root)
        for name in folders:
            folder += "/" + name
            if folder in known:
                continue
            if os.path.islink(folder):
                break
            known.add(folder)
        else:
            return True
    return path.resolve().is_relative_to(root.resolve())


#: The folders found to be no link while load() runs (the last set; none outside a load):
#: thousands of files share a few folders, and looking them up again for every file was two
#: of the three lstat calls of reading a claims file.
_NO_LINK_FOLDERS: list[set[str]] = []


def _read_bytes(path: Path, limit: int) -> bytes | int:
    """path's bytes, by the system calls alone (pathlib's buffered file object took half as
    long again to read a small file's bytes); its size instead, unread, where that is over
    limit, so that no file is read further than one byte past the limit."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            return size
        # One read of the whole file and one that finds its end, as a file object's does; a
        # file that grew meanwhile is read on in pieces, joined once.
        pieces = [os.read(fd, size + 1)]
        got = len(pieces[0])
        while got <= limit and (more := os.read(fd, _READ_CHUNK)):
            pieces.append(more)
            got += len(more)
    finally:
        os.close(fd)
    return (pieces[0] if len(pieces) == 1 else b"".join(pieces)) if got <= limit else got


#: What _read_bytes reads at once past the size the file had when it was opened.
_READ_CHUNK = 1 << 16


def read_text(path: Path, root: Path, problems: Problems, *, code: str, limit: int,
              data: bytes | None = None) -> str | None:
    """Read one file as UTF-8, refusing links, paths outside root, more than limit bytes and
    bad bytes (data: its bytes, when the caller read them already)."""
    rel = relative(path, root)
    where = Location(rel)
    if os.path.islink(path) or not _inside(path, root, rel):
        problems.add(where, "unsafe-path", "die Datei ist ein symbolischer Link oder liegt "
                     "außerhalb des Repositorys", "den Link durch die Datei selbst ersetzen")
        return None
    read = _read_bytes(path, limit) if data is None else data
    if isinstance(read, int) or len(read) > limit:
        problems.add(where, "file-too-large",
                     f"die Datei hat {_thousands(read if isinstance(read, int) else len(read))} "
                     f"Bytes; gelesen werden höchstens {_thousands(limit)}",
                     "auf mehrere Dateien aufteilen")
        return None
    data = read
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


def file_name_problem(name: str) -> tuple[str, str] | None:
    """(message, hint) when name cannot be a page or file name on every system, else None."""
    if len(name) > schema.MAX_ID_CHARS:
        return (f"'{name[:20]}…' hat {len(name)} Zeichen; erlaubt sind höchstens "
                f"{schema.MAX_ID_CHARS}", "einen kürzeren Namen wählen: die ersten Wörter "
                "genügen")
    if name in schema.RESERVED_NAMES:
        return (f"'{name}' ist als Seitenname vergeben (index) oder unter Windows reserviert",
                f"einen anderen Namen wählen, z. B. '{name}-1' oder ein sprechendes Wort")
    return None


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
            problems.add(Location(y.where.path, *y.keys[key]), "unknown-key",
                         f"{what}: unbekanntes Feld '{key}'",
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


#: Field kinds that take any text that is not empty.
_ANY_TEXT = frozenset(("str", "ref"))


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
    kind = spec.kind
    # The values most fields hold, judged before any message is prepared.
    if type(value) is str and value and (
            kind in _ANY_TEXT or (kind == "text" and not value.isspace())
            or (kind == "enum" and value in spec.choices)):
        return value
    what = f"{record}, Feld '{name}'"
    if value is None or value == "" or value == []:
        if spec.required:
            problems.add(y.where, spec.missing_code, f"{what} ist leer",
                         f"ausfüllen: {spec.doc}")
        return None

    def wrong(expected: str, hint: str = "") -> None:
        problems.add(y.where, "wrong-type", f"{what}: erwartet {expected}, "
                     f"gefunden: {_describe(value)}", hint or f"eintragen: {spec.doc}")

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
        if kind == "id" and (name_problem := file_name_problem(value)):
            problems.add(y.where, "bad-id", f"{what}: {name_problem[0]}", name_problem[1])
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
        # A list item that is text is a Y without keys already.
        return tuple(value) if kind == "refs" else tuple(i.value for i in value)
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
    read = _read_date(value) if isinstance(value, str) else (
        f"'{value}' ist kein Datum der Form {_DATE_FORMS}", _DATE_HINT)
    if isinstance(read, Date):
        return read
    problems.add(y.where, "bad-date", f"{what}: {read[0]}", read[1])
    return None


_DATE_FORMS = "2024, 2024-01, 2024-01-19, XXXX-01-19 oder 2024-01/2024-03"
_DATE_HINT = ("Jahr, Monat und Tag mit Bindestrichen schreiben; XXXX, wenn das Jahr "
              "unbekannt ist")


@lru_cache(maxsize=4096)
def _read_date(value: str) -> Date | tuple[str, str]:
    """The date a text gives, or what is wrong with it (message, hint): a date depends on its
    text alone, and thousands of claims share a few hundred (Date is immutable)."""
    if not re.fullmatch(schema.DATE, value):
        return f"'{value}' ist kein Datum der Form {_DATE_FORMS}", _DATE_HINT
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
                return f"den Tag '{part}' gibt es nicht", "den Tag des Monats prüfen"
        bounds.append((year, month, day))
    ordered = [tuple(b or 0 for b in bound) for bound in bounds]
    if len(bounds) == 2 and (bounds[0][0] is None or ordered[0] > ordered[1]):
        return (f"der Zeitraum '{value}' endet vor seinem Beginn oder hat ein unbekanntes Jahr",
                "das frühere Datum zuerst schreiben, beide mit Jahr")
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
    """The ids a broken file defines, also one too large to load. Read a megabyte at a time,
    so that it never costs more memory than that; a line longer than that is no id line
    anyone wrote, and is passed over."""
    ids: set[str] = set()
    rest, skip = b"", False
    with path.open("rb") as file:
        while chunk := file.read(_IDS_CHUNK):
            *lines, rest = (rest + chunk).split(b"\n")
            if skip and lines:
                # The first piece is the end of the line passed over.
                lines, skip = lines[1:], False
            ids.update(_ID_LINE.findall(b"\n".join(lines).decode("utf-8", "replace")))
            if len(rest) > _IDS_CHUNK:
                rest, skip = b"", True
    if not skip:
        ids.update(_ID_LINE.findall(rest.decode("utf-8", "replace")))
    return ids


#: What _ids_in reads at once.
_IDS_CHUNK = 1 << 20


def _fill_missing(values: dict[str, Any], fields: dict[str, schema.Field]) -> dict[str, Any]:
    """Values with an empty stand-in for each missing required field, so that a record missing
    one field still takes part in every other check (it is marked broken and never built)."""
    empty = {"refs": (), "maps": (), "ref": None}
    return {name: empty.get(spec.kind, "") for name, spec in fields.items()
            if spec.required} | values


def load_facts_file(path: Path, root: Path, kind: str, out: Records, problems: Problems,
                    data: bytes | None = None) -> None:
    rel = relative(path, root)
    record_kind = kind.rstrip("s")
    text = read_text(path, root, problems, code="encoding", limit=MAX_FACT_BYTES, data=data)
    document = None if text is None else parse_yaml(text, rel, problems)
    if document is None:
        # References to the ids this file defines are follow-on errors of the one reported.
        out.broken.add((record_kind, path.stem if record_kind in ("actor", "topic", "measure")
                        else f"file:{rel}"))
        if path.exists():
            out.broken.update((record_kind, rid) for rid in _ids_in(path))
        return
    _records_of(document, path, rel, kind, out, problems)


def _records_of(document: Y, path: Path, rel: str, kind: str, out: Records,
                problems: Problems) -> None:
    """The records of a fact file's document (or of a piece of a claims file)."""
    record_kind = kind.rstrip("s")
    fields = schema.KINDS[kind][0]
    before = len(problems)
    for y in _records(document, kind, rel, problems):
        if len(problems) - before >= MAX_PROBLEMS:
            _too_many_problems(problems, y.where, "die Einträge ab hier werden nicht geprüft")
            out.broken.add((record_kind, f"file:{rel}"))
            out.broken.update((record_kind, rid) for rid in _ids_in(path))
            break
        read = read_fields(y, fields, NOUNS[record_kind], problems)
        values, at = read or ({}, {})
        if read is None or not _REQUIRED[kind] <= values.keys():
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


def _too_many_problems(problems: Problems, where: Location, rest: str) -> None:
    problems.add(where, "too-many-problems",
                 f"mehr als {MAX_PROBLEMS} Meldungen in dieser Datei: {rest}",
                 "die gezeigten Meldungen beheben und erneut prüfen; viele Meldungen haben oft "
                 "eine Ursache, z. B. einen falschen Feldnamen in jedem Eintrag")


#: The required fields of each kind of fact file.
_REQUIRED = {kind: frozenset(name for name, spec in fields.items() if spec.required)
             for kind, (fields, _) in schema.KINDS.items()}


def _build(kind: str, v: dict[str, Any], at: dict[str, Location], where: Location, rel: str,
           out: Records) -> None:
    if kind == "briefing":
        out.identity = Identity(where=where, **_plain(v, (
            "title", "short_title", "description", "introduction", "slug", "language")))
    elif kind == "actor":
        out.actors.append(Actor(where=where, at=at, **_plain(v, (
            "id", "kind", "name", "aliases", "mention_forms", "role", "affiliation", "summary",
            "redirect_from", "plural"))))
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
                         "date_inferred", "date_note", "measure", "claimant", "modality",
                         "redirect_from"))))
    elif kind == "withdrawn":
        out.withdrawn.append(Withdrawal(where=where, **_plain(v, ("id", "reason"))))
    elif kind == "editions":
        out.editions.append(Edition(where=where, **_plain(v, ("name", "date", "summary"))))


def load_source(path: Path, root: Path, out: Records, problems: Problems,
                data: bytes | None = None) -> None:
    rel = relative(path, root)
    text = read_text(path, root, problems, code="source-encoding", limit=MAX_BYTES,
                     data=data)
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
    # CR is allowed in a source: it is stored byte for byte as published.
    bad = next((m.start() for m in CONTROL.finditer(body) if m.group() != "\r"), None)
    if bad is not None:
        line = body.count("\n", 0, bad)
        problems.add(Location(rel, body_line + line, bad - (body.rfind("\n", 0, bad) + 1) + 1),
                     "control-character", control_message(body, bad), CONTROL_HINT)
    out.sources.append(Source(
        where=Location(rel), text=body, body_line=body_line, folded=fold(body), **_plain(
            values, ("id", "title", "publisher", "url", "published", "language", "rights",
                     "boilerplate_from", "note", "sha256"))))


def _listed(folder: Path, root: Path, suffix: str, problems: Problems, *,
            names_page: bool = False) -> list[Path]:
    """The files of one folder that are read, in order; every other file is a located problem,
    so that nothing an editor adds is silently ignored. With names_page the file name is a
    page name (claims files) and must be one; elsewhere the id in the file is, and must equal
    the file name (id-mismatch)."""
    if not folder.is_dir():
        return []
    read = []
    base = relative(folder, root)
    # Listed by name with each entry's kind from the directory itself (os.scandir): a stat
    # and a relative path per file were a fifth of loading 10,000 files.
    with os.scandir(folder) as listing:
        entries = sorted((entry.name, entry.is_dir()) for entry in listing)
    for name, is_dir in entries:
        rel = f"{base}/{name}"
        if name == ".gitkeep":
            continue
        # A Path's stem and suffix, from the name alone (a Path per name and its properties
        # were most of listing 10,000 files, before anything is read in two processes).
        dot = name.rfind(".")
        stem, ext = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
        if ext != suffix or is_dir:
            problems.add(Location(rel), "bad-file-name",
                         f"'{name}' wird nicht gelesen: hier gelten nur "
                         f"{suffix}-Dateien", f"die Datei in '{stem}{suffix}' umbenennen "
                         "oder aus dem Ordner entfernen" if not is_dir else
                         "den Ordner auflösen: Unterordner werden nicht gelesen")
            continue
        if names_page and not re.fullmatch(schema.SLUG, stem):
            problems.add(Location(rel), "bad-file-name",
                         f"der Dateiname '{name}' ist keine Kennung aus a-z, 0-9 und "
                         "einzelnen Bindestrichen", f"umbenennen, z. B. in "
                         f"'{slug(stem) or 'beispiel'}{suffix}' (Groß- und Kleinschreibung "
                         "kollidiert unter Windows und macOS)")
        elif names_page and (name_problem := file_name_problem(stem)):
            problems.add(Location(rel), "bad-file-name", "der Dateiname " + name_problem[0],
                         name_problem[1])
        read.append(folder / name)
    if len(read) > MAX_FILES:
        problems.add(Location(folder.relative_to(root).as_posix()), "limit-exceeded",
                     f"der Ordner hat {len(read):,} Dateien; gelesen werden höchstens "
                     f"{MAX_FILES:,}".replace(",", "."),
                     "Dateien zusammenfassen, z. B. Aussagen eines Sachgebiets in einer Datei")
        return read[:MAX_FILES]
    return read


def identity(root: Path) -> Identity | None:
    """The briefing's identity alone, without loading every fact (None where it does not load:
    the full check reports why)."""
    out = Records()
    path = root / "facts" / IDENTITY_FILE
    if path.exists():
        load_facts_file(path, root, "briefing", out, Problems())
    return out.identity


def load(root: Path, problems: Problems, odd: Iterable[str] = (),
         cache: FileCache | None = None) -> Records:
    """Load every fact and source file under root, each on its own. odd names what a git
    revision holds besides regular files (symbolic links, submodules), which git.export never
    writes out: each is reported, and its records count as present but unreadable. With a
    cache, a file whose bytes are as before is not read again (see FileCache)."""
    _NO_LINK_FOLDERS.append(set())
    try:
        return _load(root, problems, odd, cache)
    finally:
        _NO_LINK_FOLDERS.pop()


def _load(root: Path, problems: Problems, odd: Iterable[str], cache: FileCache | None
          ) -> Records:
    out = Records()
    _odd_objects(odd, out, problems)
    facts = root / "facts"
    files: list[tuple[Path, str]] = []
    if (facts / IDENTITY_FILE).exists():
        files.append((facts / IDENTITY_FILE, "briefing"))
    else:
        problems.add(Location(f"facts/{IDENTITY_FILE}"), "no-identity",
                     "dem Lagebild fehlt seine Kennung (Titel, Kurztitel, Einleitung)",
                     f"lege facts/{IDENTITY_FILE} an, z. B.:\n" + _EXAMPLES["briefing"])
    for folder, kind in (("actors", "actor"), ("topics", "topic"), ("measures", "measure"),
                         ("claims", "claims")):
        files += [(path, kind) for path in _listed(facts / folder, root, ".yaml", problems,
                                                   names_page=folder == "claims")]
    if facts.is_dir():
        for path in sorted(facts.iterdir()):
            if path.name not in _FACT_ENTRIES:
                problems.add(Location(path.relative_to(root).as_posix()), "bad-file-name",
                             f"'{path.name}' wird nicht gelesen",
                             "Fakten gehören in " + ", ".join(f"facts/{e}" for e in _FACT_ENTRIES))
    files += [(root / rel, kind) for rel, kind in LISTS if (root / rel).exists()]
    total = 0
    for path in _listed(root / "sources", root, ".md", problems):
        size = path.lstat().st_size
        if total + size > MAX_SOURCE_BYTES:
            problems.add(Location(path.relative_to(root).as_posix()), "limit-exceeded",
                         f"alle Quellen zusammen wären größer als {MAX_SOURCE_BYTES:,} Bytes; "
                         "diese und die folgenden werden nicht gelesen".replace(",", "."),
                         "Quellen auf die Artikel beschränken, aus denen zitiert wird")
            break
        total += size
        files.append((path, "source"))
    if cache is None:
        _read_files(files, root, out, problems)
    else:
        cache.forget(path for path, _ in files)
        for path, kind in files:
            cache.read(path, kind, root, out, problems)
    published_files(root, problems)
    work_folders(root, problems)
    return out


def _read_file(path: Path, kind: str, root: Path, out: Records, problems: Problems,
               data: bytes | None = None) -> None:
    if kind == "source":
        load_source(path, root, out, problems, data)
    else:
        load_facts_file(path, root, kind, out, problems, data)


class FileCache:
    """What each file loaded to, for a process that loads the same briefing again and again
    (the live preview): a file whose bytes are exactly those of the last load gives the
    records and problems it gave then, so that an edit parses one file again, not thousands.

    Records are frozen and nothing changes them (or their locations) once loaded, so the same
    objects serve every load. Links and paths outside the project are never cached: whether
    they are refused depends on more than the bytes. Nor is a file with problems: a broken
    file marks ids as broken by reading itself once more (load_facts_file)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], tuple[bytes, Records]] = {}

    def read(self, path: Path, kind: str, root: Path, out: Records, problems: Problems) -> None:
        rel = relative(path, root)
        if os.path.islink(path) or not _inside(path, root, rel):
            _read_file(path, kind, root, out, problems)
            return
        key = (str(path), kind)
        data = _read_bytes(path, MAX_BYTES if kind == "source" else MAX_FACT_BYTES)
        if isinstance(data, int):  # too large: reported, never cached
            self._files.pop(key, None)
            _read_file(path, kind, root, out, problems)
            return
        known = self._files.get(key)
        if known is not None and known[0] == data:
            _append(out, known[1])
            return
        part, found = Records(), Problems()
        _read_file(path, kind, root, part, found, data)
        if len(found) or part.broken:
            self._files.pop(key, None)
        else:
            self._files[key] = (data, part)
        problems.extend(found.items())
        _append(out, part)

    def forget(self, keep: Iterable[Path]) -> None:
        """Drop the files not in keep (deleted or renamed ones)."""
        kept = {str(path) for path in keep}
        for key in [key for key in self._files if key[0] not in kept]:
            del self._files[key]


#: What reading costs, roughly (measured at 10,000 claims in four layouts: files of 100 claims,
#: of 500, of one, and one per source; sources of 6 to 80 KB): each fact file and each of its
#: bytes; each source (its front matter is parsed) and each of its bytes (hashed, scanned and
#: folded, not parsed). In nanoseconds.
_FILE_COST, _FACT_BYTE_COST = 50_000, 200
_SOURCE_FILE_COST, _SOURCE_BYTE_COST = 150_000, 25
#: Below this much reading work (0.2 s), a second process costs more than it saves.
PARALLEL_FROM = 200_000_000


#: A piece of a large claims file: the lines before it and its text.
Piece = tuple[int, str]
#: What reading one file or piece gave: its records, its problems, and for a piece the values
#: it holds, or None for a piece that must be read again as part of its whole file.
Read = tuple[Records, list[Problem], int] | None


def _read_files(files: list[tuple[Path, str]], root: Path, out: Records,
                problems: Problems) -> None:
    """Read files in order into out. A large briefing is read by two processes: this one takes
    files from the front, a forked child from the back, one at a time, until they meet, so
    that the two share the work whatever the layout (many small files, few large ones,
    sources large or small); a large claims file is read in pieces (_pieces). Records are
    added in the order one process would have read them."""
    if not parallel.available() or not _worth_a_process(files):
        for path, kind in files:
            _read_file(path, kind, root, out, problems)
        return
    tasks: list[tuple[Path, str, Piece | None]] = []
    for path, kind in files:
        pieces = _pieces(path, root) if kind == "claims" else None
        tasks += [(path, kind, piece) for piece in pieces] if pieces else [(path, kind, None)]
    # Shared with the child: how many tasks this process has taken from the front, and the
    # first task the child has taken from the back. Each writes only its own number and
    # stops where the other's begins; read at the same moment, a task can be taken by both
    # (and is then kept from this process), never by neither.
    taken = memoryview(mmap.mmap(-1, 8)).cast("i")
    taken[0], taken[1] = 0, len(tasks)
    done: dict[int, Read] = {}

    def here(poll: Callable[[], None]) -> None:
        while (front := taken[0]) < taken[1]:
            taken[0] = front + 1
            done[front] = _read_task(*tasks[front], root)
            poll()

    def there(send: Callable[[int, object], None]) -> None:
        back = len(tasks)
        while (back := back - 1) >= taken[0]:
            taken[1] = back
            send(back, _read_task(*tasks[back], root))

    def receive(index: int, read: object) -> None:
        if 0 <= index < len(tasks) and _is_read(read):
            done.setdefault(index, cast(Read, read))

    parallel.stream(here, there, receive)
    for index in range(len(tasks)):
        if index not in done:  # what the child took but never sent (it failed)
            done[index] = _read_task(*tasks[index], root)
    index = 0
    while index < len(tasks):
        path, kind, piece = tasks[index]
        same = index + 1
        while same < len(tasks) and piece is not None and tasks[same][0] == path:
            same += 1
        reads = [done[i] for i in range(index, same)]
        if piece is None or (all(reads) and sum(r[2] for r in reads if r) <= MAX_VALUES):
            for read in reads:
                assert read is not None
                problems.extend(read[1])
                _append(out, read[0])
        else:
            # A piece with a problem, or more values than a file may hold: the whole file
            # is read as one, so that it reports what it always did.
            _read_file(path, kind, root, out, problems)
        index = same


def _is_read(read: object) -> bool:
    """Whether what the child sent is what _read_task gives."""
    return read is None or (isinstance(read, tuple) and len(read) == 3
                            and isinstance(read[0], Records) and isinstance(read[1], list)
                            and isinstance(read[2], int))


def _read_task(path: Path, kind: str, piece: Piece | None, root: Path) -> Read:
    part, found = Records(), Problems()
    if piece is None:
        _read_file(path, kind, root, part, found)
        return part, found.items(), 0
    rel = relative(path, root)
    values: list[int] = []
    document = parse_yaml(piece[1], rel, found, line_offset=piece[0], values=values)
    if document is None or len(found) or not isinstance(document.value, list):
        return None
    _records_of(document, path, rel, kind, part, found)
    if len(found) or part.broken:
        return None
    return part, [], values[0]


#: A claims file of more than twice this size is read in pieces of about this size.
_PIECE_BYTES = 250_000
#: A line that begins a list item of the top level.
_ITEM = re.compile(r"^- ", re.M)
#: A document marker or directive: the file is one document only when it has none.
_DOCUMENT_MARK = re.compile(r"^(?:---|\.\.\.|%)", re.M)
#: The line breaks libyaml counts besides LF (NEL, LS, PS): a piece's first line is counted
#: in LFs, so a file with any of them is read whole. (Looked for one by one: a character class
#: took 18 ms on a file of 5,000 claims, before the second process starts.)
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _pieces(path: Path, root: Path) -> list[Piece] | None:
    """A large claims file cut before list items of its top level, so that both processes read
    part of it; None for a file that is read whole (small or oversize; or not clean UTF-8, with
    anchors, document markers or line breaks other than LF, which one reading reports).

    A piece stands for itself only if its text is a list and reads without a problem: a cut
    inside a quoted text spanning lines gives each side a problem, and then the whole file is
    read again (_read_files)."""
    try:
        size = os.lstat(path).st_size
    except OSError:
        return None
    # An oversize file is refused by one reading, before any of it is read.
    if size <= 2 * _PIECE_BYTES or size > MAX_FACT_BYTES:
        return None
    text = read_text(path, root, Problems(), code="encoding", limit=MAX_FACT_BYTES)
    if (text is None or "&" in text or _DOCUMENT_MARK.search(text)
            or any(char in text for char in _OTHER_BREAKS)):
        return None
    pieces: list[Piece] = []
    start = line = 0
    while start < len(text):
        cut = _ITEM.search(text, start + _PIECE_BYTES)
        end = cut.start() if cut else len(text)
        pieces.append((line, text[start:end]))
        line += text.count("\n", start, end)
        start = end
    return pieces if len(pieces) > 1 else None


def _append(out: Records, part: Records) -> None:
    """Add the records of part after those in out."""
    out.identity = out.identity or part.identity
    for name in ("actors", "topics", "measures", "claims", "findings", "sources", "withdrawn",
                 "editions"):
        getattr(out, name).extend(getattr(part, name))
    out.broken |= part.broken


def _worth_a_process(files: list[tuple[Path, str]]) -> bool:
    """Whether reading files is work enough for a second process (PARALLEL_FROM)."""
    # What the files cost whatever their size first: thousands of files are work enough
    # without a look at each one's size (3,333 calls of lstat were 35 ms before the fork).
    work = sum(_SOURCE_FILE_COST if kind == "source" else _FILE_COST for _, kind in files)
    for path, kind in files:
        if work >= PARALLEL_FROM:
            return True
        work += os.lstat(path).st_size * (_SOURCE_BYTE_COST if kind == "source"
                                          else _FACT_BYTE_COST)
    return work >= PARALLEL_FROM


#: Folders the build writes into and deletes in, outside git's view (.gitignore'd, so a pull
#: request can still add them with `git add -f`). node_modules is only read: the offline
#: build refuses a link inside it (site.py).
WORK_FOLDERS = (".build", "dist", "site")


def work_folders(root: Path, problems: Problems) -> None:
    """Report a work folder that is a symbolic link: the build would write (and delete) its
    scratch files, the PDF and the zip wherever the link points, outside the repository."""
    for name in WORK_FOLDERS:
        if (root / name).is_symlink():
            problems.add(Location(name), "unsafe-path",
                         f"'{name}' ist ein symbolischer Link: der Bau schriebe außerhalb des "
                         "Repositorys",
                         f"den Link entfernen (git rm --cached {name}); der Bau legt den Ordner "
                         "selbst an")


def _odd_objects(odd: Iterable[str], out: Records, problems: Problems) -> None:
    for rel in odd:
        problems.add(Location(rel), "unsafe-path",
                     "in dieser Revision ein symbolischer Link oder ein Submodul, keine Datei",
                     "den Link oder das Submodul durch die Datei selbst ersetzen")
        folder, _, name = rel.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        out.broken.add({"facts/actors": ("actor", stem), "facts/topics": ("topic", stem),
                        "facts/measures": ("measure", stem), "sources": ("source", stem)}
                       .get(folder, ("finding" if rel == "facts/findings.yaml" else "claim",
                                     f"file:{rel}")))


#: What facts/ holds; anything else there would be silently ignored.
_FACT_ENTRIES = ("actors", "briefing.yaml", "claims", "editions.yaml", "findings.yaml", "measures",
                 "topics", "withdrawn.yaml")
#: Folders whose files are published or shape what is published.
PUBLISHED = ("docs", "overrides", "templates")


_PAGE_SUFFIXES = (".md", ".html", ".css", ".js", ".svg", ".j2")


def published_files(root: Path, problems: Problems) -> None:
    """Report every symbolic link and every special file under the published folders (a link
    would publish a file of the build machine: docs/leak.txt -> /etc/passwd), and every page
    that would load something from another host or run script (briefing.resources)."""
    for name in PUBLISHED:
        for folder, dirs, files in os.walk(root / name):
            for entry in sorted(dirs + files):
                path = Path(folder) / entry
                rel = path.relative_to(root).as_posix()
                if path.is_symlink() or not (path.is_dir() or path.is_file()):
                    problems.add(Location(rel), "unsafe-path",
                                 "ein symbolischer Link oder eine Sonderdatei in einem "
                                 "veröffentlichten Ordner",
                                 "den Link durch die Datei selbst ersetzen: veröffentlicht wird "
                                 "nur, was im Repository liegt")
                elif path.suffix in _PAGE_SUFFIXES and path.stat().st_size <= MAX_BYTES:
                    check_page(path.read_text("utf-8", "replace"), rel, problems)
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]


def edition_names(text: str) -> list[str]:
    """The edition names an editions file lists, without judging it (for older revisions)."""
    document = parse_yaml(text, "facts/editions.yaml", Problems())
    if document is None or not isinstance(document.value, list):
        return []
    return [entry.value["name"].value for entry in document.value
            if isinstance(entry.value, dict) and "name" in entry.value
            and isinstance(entry.value["name"].value, str)]


class _Dumper(yaml.SafeDumper):
    """Indents a list under its key, as the fact files do ("  - source: …")."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_yaml(data: Any) -> str:
    """YAML text for scaffolding, in the project's layout (block style, keys in given order)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
