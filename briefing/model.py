"""The fact model: immutable records of actors, topics, measures, claims, findings and sources.

Each record keeps the Location it was read from, so that every later check can point at the
line an editor has to change. Records only hold data; loading builds them and checking links them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.problems import Location

ACTOR_KINDS = ("country", "person", "organization", "system")

#: The controlled list of claim predicates. Documented in docs/redaktion/index.md (German).
PREDICATES: dict[str, str] = {
    "delivers": "liefert an",
    "transfers-technology": "überträgt Technologie an",
    "supports": "unterstützt",
    "cooperates": "kooperiert mit",
    "agrees": "vereinbart mit",
    "visits": "besucht",
    "trains": "bildet aus",
    "tests": "testet",
    "launches": "startet",
    "states": "erklärt",
    "warns": "warnt",
    "condemns": "verurteilt",
    "demands": "fordert von",
    "recognizes": "erkennt an",
    "seeks": "strebt an",
    "assesses": "bewertet",
    "allied-with": "ist verbündet mit",
    "publishes": "veröffentlicht",
    "concerns": "betrifft",
}

APPROX = ("exact", "about", "almost", "more-than", "less-than", "up-to")
RIGHTS = ("full-text", "excerpts")


@dataclass(frozen=True)
class Date:
    """An EDTF-like date: 2024, 2024-01, 2024-01-19, XXXX-01-19 (year unknown), or A/B ranges."""

    text: str
    start: tuple[int | None, int | None, int | None]
    end: tuple[int | None, int | None, int | None] | None = None

    @property
    def precision(self) -> str:
        _, month, day = self.start
        return "day" if day else "month" if month else "year"

    @property
    def year_known(self) -> bool:
        return self.start[0] is not None

    def sort_key(self) -> tuple[int, int, int]:
        year, month, day = self.start
        return (year or 0, month or 0, day or 0)


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str
    as_stated: str
    where: Location
    approx: str = "exact"
    period: str | None = None


@dataclass(frozen=True)
class Citation:
    source: str
    quote: str
    where: Location
    prefix: str | None = None
    suffix: str | None = None
    #: Who asserts it in this source, where that differs from the claim's claimant.
    claimant: str | None = None
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Actor:
    id: str
    kind: str
    name: str
    where: Location
    aliases: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None
    summary: str | None = None
    redirect_from: tuple[str, ...] = ()
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    where: Location
    summary: str | None = None
    order: int = 0


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    where: Location
    unit: str | None = None
    note: str | None = None
    #: A curator's reason why the figures cannot be compared; it silences measure-mismatch.
    not_comparable: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    statement: str
    subject: str
    predicate: str
    where: Location
    file: str
    citations: tuple[Citation, ...] = ()
    object: str | None = None
    involves: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    date: Date | None = None
    date_inferred: bool = False
    date_note: str | None = None
    quantity: Quantity | None = None
    measure: str | None = None
    claimant: str | None = None
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def claimant_of(self, citation: Citation) -> str | None:
        """Who asserts the claim in this citation; None means the source itself."""
        return citation.claimant if "claimant" in citation.at else self.claimant

    @property
    def voices(self) -> tuple[str, ...]:
        """Independent voices: distinct claimants, each source counting once for itself."""
        found = (self.claimant_of(c) or f"source:{c.source}" for c in self.citations)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Finding:
    id: str
    text: str
    claims: tuple[str, ...]
    where: Location
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    where: Location
    text: str
    body_line: int
    language: str = "de"
    rights: str = "full-text"
    publisher: str | None = None
    url: str | None = None
    published: Date | None = None
    boilerplate_from: str | None = None
    note: str | None = None
    sha256: str | None = None

    @property
    def article_end(self) -> int:
        """Offset in text where page furniture begins (len(text) when there is none)."""
        if self.boilerplate_from:
            at = self.text.find(self.boilerplate_from)
            if at >= 0:
                return at
        return len(self.text)


@dataclass(frozen=True)
class Briefing:
    actors: dict[str, Actor]
    topics: dict[str, Topic]
    measures: dict[str, Measure]
    claims: dict[str, Claim]
    sources: dict[str, Source]
    findings: tuple[Finding, ...] = ()
