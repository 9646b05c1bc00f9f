"""Problems: one located, coded finding each, and the formats they are printed in.

Every problem the project reports is built here, so the human, GitHub and JSON outputs always
agree. A problem code is documented in CODES; the editor's guide must describe every code
under a heading that is the code itself, so that guide_link() reaches its section
(tests/test_docs.py keeps the two in step). Messages and hints are German, for the analysts who
read them; the codes stay English, as stable names for tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from briefing.escape import annotation, terminal


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


#: Every problem code with its severity and a one-line meaning (the editor's guide explains more).
CODES: dict[str, tuple[Severity, str]] = {
    "yaml-syntax": (Severity.ERROR, "the file is not valid YAML"),
    "yaml-alias": (Severity.ERROR, "YAML anchors and aliases are not allowed"),
    "yaml-tag": (Severity.ERROR, "an explicit YAML tag such as !!python/object"),
    "file-too-large": (Severity.ERROR, "a fact or source file larger than the limit"),
    "encoding": (Severity.ERROR, "a fact file that is not plain UTF-8 with LF line ends"),
    "duplicate-key": (Severity.ERROR, "the same key twice in one mapping"),
    "unknown-key": (Severity.ERROR, "a key the fact model does not know"),
    "missing-field": (Severity.ERROR, "a required field is absent or empty"),
    "wrong-type": (Severity.ERROR, "a value of the wrong type"),
    "bad-value": (Severity.ERROR, "a value outside the allowed list"),
    "bad-id": (Severity.ERROR, "an id that is not a lowercase path-safe slug"),
    "id-mismatch": (Severity.ERROR, "an id that differs from its file name"),
    "duplicate-id": (Severity.ERROR, "two records with one id"),
    "unknown-reference": (Severity.ERROR, "a reference to an id that does not exist"),
    "no-citation": (Severity.ERROR, "a claim without a citation"),
    "quote-not-found": (Severity.ERROR, "a quote that is not in its source"),
    "quote-ambiguous": (Severity.ERROR, "a quote that occurs more than once in its source"),
    "quote-in-boilerplate": (Severity.ERROR, "a quote from page furniture, not the article"),
    "bad-date": (Severity.ERROR, "a date that is not EDTF-like or does not exist"),
    "bad-quantity": (Severity.ERROR, "a quantity that is incomplete or not in its quotes"),
    "source-encoding": (Severity.ERROR, "a source that is not UTF-8 text"),
    "source-front-matter": (Severity.ERROR, "a source without valid front matter"),
    "source-changed": (Severity.ERROR, "a source text that no longer matches its sha256"),
    "no-identity": (Severity.ERROR, "facts/briefing.yaml, the briefing's identity, is missing"),
    "unsafe-path": (Severity.ERROR, "a symlink or a path outside the repository"),
    "claimant-missing": (Severity.ERROR, "a quote hands the statement to a speaker, the claim "
                         "names none"),
    "hedge-dropped": (Severity.ERROR, "a hedged quote backs a claim recorded as fact"),
    "statement-unhedged": (Severity.ERROR, "a statement drops its claim's hedge or claimant"),
    "figure-mismatch": (Severity.ERROR, "amount or approx do not follow from as_stated"),
    "date-not-in-quote": (Severity.ERROR, "a date no quote gives, without date_note"),
    "finding-outruns-claims": (Severity.ERROR, "a finding stronger than its claims"),
    "figure-unreadable": (Severity.WARNING, "as_stated cannot be read as a number"),
    "repeated-voice": (Severity.WARNING, "a second full citation by one voice in one source"),
    "not-comparable-unconfirmed": (Severity.WARNING, "not_comparable not confirmed for a new "
                                   "unit or period"),
    "bad-file-name": (Severity.ERROR, "ein Dateiname, der kein Seitenname sein kann, oder eine "
                      "Datei, die nicht gelesen wird"),
    "control-character": (Severity.ERROR, "ein unsichtbares Steuerzeichen im Text"),
    "limit-exceeded": (Severity.ERROR, "eine dokumentierte Grenze (Tiefe, Länge, Anzahl) ist "
                       "überschritten"),
    "too-many-problems": (Severity.ERROR, "mehr Meldungen in einer Datei, als gezeigt werden"),
    "markdown-not-allowed": (Severity.ERROR, "Markdown, das das Lagebild nicht erlaubt (Bilder, "
                             "andere Links als http(s))"),
    "withdrawn-still-present": (Severity.ERROR,
                                "a claim listed as withdrawn is still in the facts"),
    "measure-mismatch": (Severity.WARNING, "figures of one measure use other units or periods"),
    "unused-source": (Severity.WARNING, "a source that no claim cites"),
    "orphan-actor": (Severity.WARNING, "an actor that no claim mentions"),
    "confusable-name": (Severity.WARNING, "ein Name, der einem anderen zum Verwechseln ähnlich "
                        "sieht"),
}


#: Not frozen: a frozen dataclass sets each field through object.__setattr__, and a check at
#: 10,000 claims makes 300,000 locations. Nothing changes one once made.
@dataclass(order=True, slots=True, unsafe_hash=True)
class Location:
    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int]]:
        # Pickled by its fields: a third of the time the default way for slots takes, when a
        # large briefing's records come back from the process that read them (load.py).
        return Location, (self.path, self.line, self.col)


@dataclass(frozen=True)
class Problem:
    where: Location
    code: str
    message: str
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.where.path, self.where.line, self.where.col, self.code, self.message)


class Problems:
    """Collects problems so that a run reports all of them and fails once."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, where: Location, code: str, message: str, hint: str = "") -> None:
        if code not in CODES:
            raise KeyError(f"undocumented problem code {code!r}")
        self._items.append(Problem(where, code, message, hint))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def items(self) -> list[Problem]:
        """Every problem, in the order found."""
        return list(self._items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self._items), key=Problem.sort_key)

    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity is Severity.ERROR]

    def warnings(self) -> list[Problem]:
        return [p for p in self._items if p.severity is Severity.WARNING]

    def __len__(self) -> int:
        return len(self._items)


#: The German name of each record kind, for messages: "Aussage 'x' gibt es nicht".
NOUNS = {"actor": "Akteur", "topic": "Thema", "measure": "Messgröße", "claim": "Aussage",
         "finding": "Kernaussage", "source": "Quelle", "briefing": "Lagebild",
         "withdrawn": "zurückgezogene Aussage", "edition": "Ausgabe"}

#: The editor's guide, relative to the repository root: it opens in the editor, on GitHub and
#: as the "Redaktion" page of the site, and needs no address the build might not know.
GUIDE = "docs/redaktion/index.md"


def guide_link(code: str) -> str:
    """Where the editor's guide explains a problem code (its section's anchor is the code)."""
    return f"{GUIDE}#{code}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'Meinten Sie …?' sentence for the closest choice, or '' when none is close.

    RapidFuzz compares in C: difflib took 86 s for 2,000 unknown references among 2,000 ids.
    It is imported here, on the first unknown name: a clean check never needs it, and its
    import is a twentieth of the check's start-up."""
    from rapidfuzz import fuzz, process

    close = process.extractOne(word, sorted(choices), scorer=fuzz.ratio, score_cutoff=60)
    return f"Meinten Sie '{close[0]}'?" if close else ""


def summary(errors: int, warnings: int) -> str:
    """'2 Fehler, 1 Warnung': the count line under every report."""
    return f"{errors} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'}"


def format_text(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        lines.append(f"{p.where}: {p.severity.value}[{p.code}]: {p.message}")
        if p.hint:
            lines.append("  Hinweis: " + p.hint.replace("\n", "\n           "))
        lines.append(f"  Leitfaden: {guide_link(p.code)}")
    return terminal("\n".join(lines))


def format_github(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        body = p.message + (f"\nHinweis: {p.hint}" if p.hint else "")
        body += f"\nLeitfaden: {guide_link(p.code)}"
        lines.append(
            f"::{p.severity.value} file={annotation(p.where.path, prop=True)},"
            f"line={p.where.line},col={p.where.col},title={p.code}::{annotation(body)}"
        )
    return "\n".join(lines)


def as_record(p: Problem) -> dict[str, object]:
    """One problem as plain data: the JSON format's record, also used in the fact diff."""
    return {**asdict(p.where), "severity": p.severity.value, "code": p.code,
            "message": p.message, "hint": p.hint, "guide": guide_link(p.code)}


def format_json(problems: list[Problem]) -> str:
    return json.dumps([as_record(p) for p in problems], ensure_ascii=False, indent=2)


FORMATS = {"text": format_text, "github": format_github, "json": format_json}
