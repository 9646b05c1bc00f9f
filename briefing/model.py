"""The fact model: immutable records of actors, topics, measures, claims, findings and sources.

Each record keeps the Location it was read from, so that every later check can point at the
line an editor has to change. Records only hold data; loading builds them and checking links them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.problems import Location
from briefing.text import Folded, slug

# Re-exported: the model names the controlled lists; their German wording lives in data.
from briefing.wording import MODALITIES as MODALITIES
from briefing.wording import PREDICATES as PREDICATES

#: "unnamed" is a voice the text does not name: "Berichten zufolge", "Analysten", "Experten".
ACTOR_KINDS = ("country", "person", "organization", "system", "unnamed")
#: The optional actor fields that apply to each kind. A profile shows a field that applies as
#: "unbekannt" when it is empty, and leaves out one that does not apply (a state has no role).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "country": (),
    "person": ("role", "affiliation"),
    "organization": ("role", "affiliation"),
    "system": ("role", "affiliation"),
    "unnamed": ("role",),
}
#: Languages the site's labels exist in (the theme's and the PDF's hyphenation language).
LANGUAGES = ("de",)

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
    #: How this source puts it, where that differs from the claim's modality.
    modality: str | None = None
    #: True when the quote backs only part of the statement: shown, never counted as a voice.
    partial: bool = False
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Actor:
    id: str
    kind: str
    name: str
    where: Location
    #: Other names shown on the profile ("auch genannt").
    aliases: tuple[str, ...] = ()
    #: Further forms that only find mentions in the sources (inflections), never shown.
    mention_forms: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None
    summary: str | None = None
    redirect_from: tuple[str, ...] = ()
    #: The name is a plural ("USA", "Südkoreanische Geheimdienste"): verbs agree with it.
    plural: bool = False
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    @property
    def takes_laut(self) -> bool:
        """Whether "laut <name>" reads right: not for an unnamed voice, which its name already
        attributes ("Unbenannte Berichte"), nor for a plural, whose adjectives "laut" would
        have to decline ("Südkoreanische Geheimdienste")."""
        return self.kind != "unnamed" and not self.plural

    @property
    def as_claimant(self) -> str:
        """The actor as the one who says something: "laut HUR", "Unbenannte Berichte"."""
        return f"laut {self.name}" if self.takes_laut else self.name

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form that names the actor in a text: name, aliases and mention forms."""
        return (self.name, *self.aliases, *self.mention_forms)


@dataclass(frozen=True)
class Identity:
    """What a briefing is called and how it introduces itself: the only place that says so."""

    title: str
    where: Location
    short_title: str | None = None
    description: str | None = None
    introduction: str | None = None
    slug: str | None = None
    language: str = "de"

    @property
    def short(self) -> str:
        return self.short_title or self.title

    @property
    def file_slug(self) -> str:
        """The base name of files made for readers (offline bundle, PDF)."""
        return self.slug or slug(self.title) or "lagebild"


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
    #: The units and periods the curator confirmed not_comparable for ("unbekannt": no period).
    not_comparable_covers: tuple[str, ...] = ()


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
    #: How the source puts it: one of MODALITIES ("asserted" = as a fact).
    modality: str = "asserted"
    #: Earlier ids of this claim: their links lead here.
    redirect_from: tuple[str, ...] = ()
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def claimant_of(self, citation: Citation) -> str | None:
        """Who asserts the claim in this citation; None means the source itself."""
        return citation.claimant if "claimant" in citation.at else self.claimant

    def modality_of(self, citation: Citation) -> str:
        return citation.modality or self.modality

    @property
    def hedged(self) -> bool:
        return self.modality != "asserted"


@dataclass(frozen=True)
class Finding:
    id: str
    text: str
    claims: tuple[str, ...]
    where: Location
    at: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


def source_number(source_id: str) -> str:
    """How pages name a source in short ("Quelle 000"): the number its id starts with
    ("000" of "000-erster-bericht"), or the whole id when it starts with none, so that
    two sources never share a label."""
    number = re.match(r"\d+(?=-|$)", source_id)
    return number.group() if number else source_id


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
    #: text folded for the quote search (briefing.text.fold), made where the source is read:
    #: a large briefing is read by two processes, and folding was a third of its linking.
    folded: Folded | None = field(default=None, compare=False, repr=False)

    @property
    def article_end(self) -> int:
        """Offset in text where page furniture begins (len(text) when there is none)."""
        if self.boilerplate_from:
            at = self.text.find(self.boilerplate_from)
            if at >= 0:
                return at
        return len(self.text)


@dataclass(frozen=True)
class Withdrawal:
    """Why a claim left the briefing; its anchor stays on the site with this reason."""

    id: str
    reason: str
    where: Location


@dataclass(frozen=True)
class Edition:
    """A published state ("Ausgabe"): the facts of the commit that added this entry."""

    name: str
    date: Date
    summary: str
    where: Location


@dataclass(frozen=True)
class Briefing:
    actors: dict[str, Actor]
    topics: dict[str, Topic]
    measures: dict[str, Measure]
    claims: dict[str, Claim]
    sources: dict[str, Source]
    findings: tuple[Finding, ...] = ()
    identity: Identity | None = None
    withdrawn: dict[str, Withdrawal] = field(default_factory=dict)
    editions: tuple[Edition, ...] = ()

    def voice_of(self, claim: Claim, citation: Citation) -> str:
        """Who speaks in a citation, counted once: a person and the organization they belong to
        are one voice (Budanov and his HUR); a source speaking for itself is its own voice."""
        who = claim.claimant_of(citation)
        if who is None:
            return f"source:{citation.source}"
        seen = {who}
        while (actor := self.actors.get(who)) and actor.affiliation in self.actors and (
                self.actors[actor.affiliation].kind == "organization") and (
                actor.affiliation not in seen):
            who = actor.affiliation
            seen.add(who)
        return who

    def voices(self, claim: Claim) -> tuple[str, ...]:
        """Distinct voices among the citations that back the whole statement."""
        return tuple(dict.fromkeys(self.voice_of(claim, c) for c in claim.citations
                                   if not c.partial))
