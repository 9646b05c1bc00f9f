"""The briefing's history, edition by edition, from the fact diff.

Pure: takes the loaded editions (oldest first) and the working state, compares each with the one
before using `diff.compare` (the same comparison `build.py diff` shows reviewers), and derives
what pages need: the steps of "Was ist neu", each claim's own history, and every claim address
an edition had that no longer holds its claim (withdrawn, renamed or moved), so that no saved
link breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from briefing.diff import Change, FieldChange, Report, Side, compare
from briefing.editions import Timeline
from briefing.model import Briefing, Claim, Date, Withdrawal
from briefing.views import claim_pages, format_date, format_quantity

WORKING = "arbeitsstand"

#: German names of the fields the fact diff compares, for readers.
FIELD_LABELS = {
    "statement": "Wortlaut", "subject": "Subjekt", "predicate": "Prädikat", "object": "Objekt",
    "involves": "Beteiligte", "topics": "Themen", "date": "Datum",
    "date_inferred": "Jahr erschlossen", "date_note": "Hinweis zum Datum", "quantity": "Zahl",
    "quantity.as_stated": "Zahl im Wortlaut", "measure": "Messgröße", "claimant": "Urheber",
    "modality": "Modalität", "citations": "Beleg", "redirect_from": "frühere id",
    "kind": "Art", "name": "Name", "aliases": "Schreibweise", "role": "Rolle",
    "affiliation": "Zugehörigkeit", "summary": "Beschreibung", "title": "Titel",
    "order": "Reihenfolge", "unit": "Einheit", "note": "Hinweis",
    "not_comparable": "Begründung der Nichtvergleichbarkeit",
    "not_comparable_covers": "Begründung gilt für", "publisher": "Herausgeber",
    "url": "Adresse", "published": "Erscheinungsdatum", "language": "Sprache",
    "rights": "Rechte", "boilerplate_from": "Seitenbeiwerk ab", "text": "Text",
    "claims": "belegende Aussage",
}
KIND_LABELS = {"claim": "Aussagen", "finding": "Kernaussagen", "measure": "Messgrößen",
               "actor": "Akteure", "topic": "Themen", "source": "Quellen"}
STATUS_LABELS = {"added": "neu", "changed": "geändert", "removed": "zurückgezogen",
                 "unreadable": "nicht lesbar"}


def short_date(date: Date | None) -> str:
    """An edition's day as readers write it: 22.11.2026 (less precise dates in words)."""
    if date is None:
        return "unbekannt"
    year, month, day = date.start
    if year and month and day and date.end is None:
        return f"{day:02d}.{month:02d}.{year}"
    return format_date(date)


def describe(change: FieldChange) -> list[str]:
    """German sentences for one field change: "Zahl: 150 Stück → 200 Stück"."""
    label = FIELD_LABELS.get(change.name, change.name)
    if isinstance(change.before, tuple) or isinstance(change.after, tuple):
        if not (change.added or change.removed):
            return [f"{label}: Reihenfolge geändert"]
        return ([f"{label} hinzugefügt: {x}" for x in change.added]
                + [f"{label} entfernt: {x}" for x in change.removed])
    before = change.before if change.before is not None else "leer"
    after = change.after if change.after is not None else "leer"
    return [f"{label}: {before} → {after}"]


def field_lines(change: Change) -> list[str]:
    """Every field a change touched, before → after (an id's redirect is told as a rename)."""
    if change.status != "changed":
        return []
    return [line for f in change.fields if f.name != "redirect_from" for line in describe(f)]


@dataclass(frozen=True)
class Step:
    """An edition, or the working state since the last one, and what it changed."""

    anchor: str
    title: str
    summary: str
    date: Date | None
    #: None for the first edition (compared with nothing) and when history is missing
    report: Report | None
    name: str | None = None
    #: how many records the first edition holds, by kind
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_edition(self) -> bool:
        return self.name is not None

    @property
    def heading(self) -> str:
        """ "Ausgabe 3 vom 22.11.2026", or the title alone for the working state."""
        return f"{self.title} vom {short_date(self.date)}" if self.date else self.title

    def grouped(self) -> list[tuple[str, str, list[Change]]]:
        """(kind label, status label, changes) in the order a reader scans them."""
        if self.report is None:
            return []
        out = []
        for kind, kind_label in KIND_LABELS.items():
            for status in ("added", "changed", "removed"):
                found = [c for c in self.report.changes if c.kind == kind and c.status == status]
                if found:
                    out.append((kind_label, STATUS_LABELS[status], found))
        return out


    def figures(self) -> list[tuple[str, str, str | None, str | None]]:
        """(measure title, claim id, before, after) for every figure this step changed."""
        if self.report is None:
            return []
        return [(m.title, f.claim, f.before, f.after) for m in self.report.measures
                for f in m.figures if f.before != f.after]


@dataclass(frozen=True)
class Event:
    """Something that happened to one claim in one step."""

    step: Step
    status: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gone:
    """A claim address (page and anchor) an edition had, whose claim is no longer there."""

    page: str
    id: str
    statement: str
    #: the current page and anchor of the claim, when it was moved or renamed
    now: tuple[str, str] | None = None
    #: the step that withdrew it, and why
    step: Step | None = None
    reason: str | None = None
    figure: str | None = None


@dataclass(frozen=True)
class History:
    steps: tuple[Step, ...]  # oldest first
    events: dict[str, tuple[Event, ...]]  # current claim id -> its events, oldest first
    gone: tuple[Gone, ...]
    note: str = ""
    preview: bool = False

    @property
    def latest(self) -> Step | None:
        editions = [s for s in self.steps if s.is_edition]
        return editions[-1] if editions else None

    def shows(self, step: Step) -> bool:
        return step.is_edition or self.preview

    def shown(self) -> list[Step]:
        """The steps "Was ist neu" lists, newest first: the working state only in a preview."""
        return [s for s in reversed(self.steps) if s.is_edition or self.preview]

    def first_edition(self, claim_id: str) -> Step | None:
        return next((e.step for e in self.events.get(claim_id, ())
                     if e.status == "added" and e.step.is_edition), None)

    def last_changed(self, claim_id: str) -> Step | None:
        editions = [e.step for e in self.events.get(claim_id, ()) if e.step.is_edition]
        return editions[-1] if editions else None

    @cached_property
    def _reasons(self) -> dict[str, str]:
        return {g.id: g.reason for g in self.gone if g.reason}

    @cached_property
    def _gone_by_page(self) -> dict[str, list[Gone]]:
        found: dict[str, list[Gone]] = {}
        for g in self.gone:
            found.setdefault(g.page, []).append(g)
        return found

    @cached_property
    def withdrawn_at(self) -> dict[str, Gone]:
        """claim id -> where its withdrawn block is (the last page it had)."""
        return {g.id: g for g in self.gone if g.now is None}

    def lines(self, change: Change) -> list[str]:
        """What a reader is told about one change: each field before → after, or the reason
        a claim was withdrawn."""
        if change.kind == "claim" and change.status == "removed":
            reason = self._reasons.get(change.id)
            return [f"Grund: {reason}"] if reason else []
        return field_lines(change)

    def gone_on(self, page: str) -> list[Gone]:
        return self._gone_by_page.get(page, [])


def _empty() -> Side:
    return Side(Briefing({}, {}, {}, {}, {}), frozenset(), ())


def _counts(b: Briefing) -> dict[str, int]:
    """How many records of each kind, labelled in German: "4 Aussagen", "1 Thema"."""
    found = {("Aussage", "Aussagen"): len(b.claims), ("Akteur", "Akteure"): len(b.actors),
             ("Thema", "Themen"): len(b.topics), ("Quelle", "Quellen"): len(b.sources)}
    return {(one if n == 1 else many): n for (one, many), n in found.items()}


def build_history(loaded: Timeline, working: Side, preview: bool) -> History:
    steps: list[Step] = []
    #: the steps whose facts are loaded, with their sides and reports
    loaded_steps: list[Step] = []
    sides: list[Side] = []
    reports: list[Report] = []
    previous = _empty()
    for p in loaded.published:
        first = not steps
        anchor, title = f"ausgabe-{p.edition.name}", f"Ausgabe {p.edition.name}"
        if p.side is None:
            steps.append(Step(anchor, title, p.edition.summary, p.edition.date, None,
                              p.edition.name))
            continue
        report = compare(previous, p.side)
        # The first edition brings everything: "Was ist neu" counts it instead of listing it.
        steps.append(Step(anchor, title, p.edition.summary, p.edition.date,
                          None if first else report, p.edition.name,
                          _counts(p.side.briefing) if first else {}))
        loaded_steps.append(steps[-1])
        sides.append(p.side)
        reports.append(report)
        previous = p.side
    if sides:
        report = compare(previous, working)
        if report.changes:
            steps.append(Step(WORKING, "Arbeitsstand",
                              "Änderungen seit der letzten Ausgabe, noch nicht veröffentlicht",
                              None, report))
            loaded_steps.append(steps[-1])
            sides.append(working)
            reports.append(report)
    events = _events(loaded_steps, reports)
    gone = _gone(loaded_steps, sides, reports, working.briefing)
    return History(tuple(steps), events, tuple(gone), loaded.note, preview)


def _events(steps: list[Step], reports: list[Report]) -> dict[str, tuple[Event, ...]]:
    found: dict[str, list[Event]] = {}
    for step, report in zip(steps, reports, strict=True):
        for change in report.changes:
            if change.kind != "claim" or change.status not in ("added", "changed"):
                continue
            history = found.pop(change.renamed_from, []) if change.renamed_from else []
            history = found.setdefault(change.id, history)
            lines = tuple(field_lines(change))
            if change.renamed_from:
                lines = (f"Kennung geändert: {change.renamed_from} → {change.id}", *lines)
            history.append(Event(step, change.status, lines))
    return {cid: tuple(events) for cid, events in found.items()}


def _gone(steps: list[Step], sides: list[Side], reports: list[Report],
          current: Briefing) -> list[Gone]:
    renamed = {old: c.id for c in current.claims.values() for old in c.redirect_from}
    pages = claim_pages(current.claims.values())
    live = {(pages[c.id], c.id) for c in current.claims.values()}
    withdrawn_in: dict[str, Step] = {}
    for step, report in zip(steps, reports, strict=True):
        for change in report.changes:
            if change.kind == "claim" and change.status == "removed":
                withdrawn_in[change.id] = step
    last_seen: dict[tuple[str, str], Claim] = {}
    for side in sides:
        then = claim_pages(side.briefing.claims.values())
        for claim in side.briefing.claims.values():
            last_seen[(then[claim.id], claim.id)] = claim
    out = []
    for (page, cid), claim in sorted(last_seen.items()):
        if (page, cid) in live:
            continue
        now_id = cid if cid in current.claims else renamed.get(cid)
        figure = format_quantity(claim.quantity) if claim.quantity else None
        if now_id is not None:
            out.append(Gone(page, cid, claim.statement,
                            (pages[now_id], now_id)))
            continue
        reason: Withdrawal | None = current.withdrawn.get(cid)
        out.append(Gone(page, cid, claim.statement, step=withdrawn_in.get(cid),
                        reason=reason.reason if reason else None, figure=figure))
    return out
