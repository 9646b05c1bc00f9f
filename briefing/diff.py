"""The fact diff: what a change does to the briefing, record by record and field by field.

Both sides are loaded and linked like any briefing, then compared by kind and id, never by file
or line: moving a claim to another file or reordering records is no change. Lists whose order
carries no meaning (citations, aliases, involved actors) are compared as sets; the order of
topics is kept, because actor profiles list a claim under its first topic.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from briefing import git, views
from briefing.check import link
from briefing.load import load
from briefing.model import Actor, Briefing, Citation, Claim, Finding, Measure, Source, Topic
from briefing.problems import Problem, Problems, as_record
from briefing.views import claim_pages, format_number, format_quantity

#: Kinds in the order a reviewer reads them: claims first, sources last.
KINDS = ("claim", "finding", "measure", "actor", "topic", "source")
ORDERED = {"topics"}
#: The name of HEAD when it is the working tree, not a commit.
WORKING_TREE = "Arbeitskopie"

Value = str | tuple[str, ...] | None


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Value
    after: Value
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    kind: str
    id: str
    #: added, removed, changed, or unreadable (on HEAD the record's file has errors)
    status: str
    title: str
    #: where the record is ("path:line") on the side that still has it
    where: str
    fields: tuple[FieldChange, ...] = ()
    renamed_from: str | None = None
    #: the page (and anchor) the record has on the published site, when it had one before
    page: str | None = None
    #: "base" when only the base has the record (removed, or unreadable on HEAD)
    side: str = "head"


@dataclass(frozen=True)
class Figure:
    claim: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class MeasureFigures:
    id: str
    title: str
    figures: tuple[Figure, ...]
    not_comparable: str | None = None


@dataclass(frozen=True)
class Report:
    changes: tuple[Change, ...]
    measures: tuple[MeasureFigures, ...]
    problems: tuple[Problem, ...] = ()
    #: the problems the base has: a reviewer asks which ones this change brings in
    base_problems: tuple[Problem, ...] = ()
    base: str = "base"
    head: str = WORKING_TREE
    base_commit: str | None = None
    #: None when the head is the working tree
    head_commit: str | None = None
    #: ids of the head's facts/withdrawn.yaml: a removed claim listed there has its reason
    withdrawn: frozenset[str] = frozenset()

    def count(self, kind: str, status: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind and c.status == status)

    @cached_property
    def _base_keys(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(_key(p) for p in self.base_problems)

    def is_new(self, problem: Problem) -> bool:
        """Whether the base lacks this problem (compared without line numbers, which shift)."""
        return _key(problem) not in self._base_keys

    def new_problems(self) -> list[Problem]:
        return [p for p in self.problems if self.is_new(p)]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [{**as_record(p), "new": self.is_new(p)} for p in self.problems]
        data["base_problems"] = [as_record(p) for p in self.base_problems]
        data["withdrawn"] = sorted(self.withdrawn)
        return data


def _key(problem: Problem) -> tuple[str, str, str]:
    return problem.where.path, problem.code, problem.message


# --- what each kind of record shows a reviewer -------------------------------------------------


def _quantity(claim: Claim) -> str | None:
    q = claim.quantity
    if q is None:
        return None
    return format_quantity(q) + (f", Zeitraum {q.period}" if q.period else "")


def _citation(claim: Claim, c: Citation) -> str:
    parts = [f"{c.source}: „{c.quote}“"]
    parts += [f"{name} „{value}“" for name, value in (("prefix", c.prefix), ("suffix", c.suffix))
              if value]
    if "claimant" in c.at:
        parts.append(f"claimant {c.claimant}")
    if c.modality:
        parts.append(f"modality {c.modality}")
    if c.partial:
        parts.append("partial")
    return ", ".join(parts)


def _claim(c: Claim) -> dict[str, Value]:
    return {
        "statement": c.statement, "subject": c.subject, "predicate": c.predicate,
        "object": c.object, "involves": c.involves, "topics": c.topics,
        "date": c.date.text if c.date else None,
        "date_inferred": "true" if c.date_inferred else None, "date_note": c.date_note,
        "quantity": _quantity(c),
        "quantity.as_stated": c.quantity.as_stated if c.quantity else None,
        "measure": c.measure, "claimant": c.claimant,
        "modality": None if c.modality == "asserted" else c.modality,
        "citations": tuple(_citation(c, x) for x in c.citations),
        "redirect_from": c.redirect_from,
    }


def _actor(a: Actor) -> dict[str, Value]:
    return {"kind": a.kind, "name": a.name, "aliases": a.aliases,
            "mention_forms": a.mention_forms, "role": a.role, "affiliation": a.affiliation,
            "summary": a.summary, "redirect_from": a.redirect_from,
            "plural": "true" if a.plural else None}


def _topic(t: Topic) -> dict[str, Value]:
    return {"title": t.title, "summary": t.summary, "order": str(t.order)}


def _measure(m: Measure) -> dict[str, Value]:
    return {"title": m.title, "unit": m.unit, "note": m.note, "not_comparable": m.not_comparable,
            "not_comparable_covers": m.not_comparable_covers}


def _source(s: Source) -> dict[str, Value]:
    digest = hashlib.sha256(s.text.encode("utf-8")).hexdigest()
    return {"title": s.title, "publisher": s.publisher, "url": s.url,
            "published": s.published.text if s.published else None, "language": s.language,
            "rights": s.rights, "boilerplate_from": s.boilerplate_from, "note": s.note,
            "text": f"{format_number(len(s.text))} Zeichen, sha256 {digest[:12]}"}


def _finding(f: Finding) -> dict[str, Value]:
    return {"text": f.text, "claims": f.claims}


def _records(b: Briefing, kind: str) -> dict[str, Any]:
    if kind == "finding":
        return {f.id: f for f in b.findings}
    return dict(getattr(b, kind + "s"))


_SHOWN: dict[str, Callable[[Any], dict[str, Value]]] = {
    "claim": _claim, "finding": _finding, "measure": _measure, "actor": _actor, "topic": _topic,
    "source": _source}


def _fields(kind: str, record: Any) -> dict[str, Value]:
    return _SHOWN[kind](record)


def _title(kind: str, record: Any) -> str:
    name = {"claim": "statement", "finding": "text", "actor": "name"}.get(kind, "title")
    return str(getattr(record, name))


def _where(record: Any) -> str:
    return f"{record.where.path}:{record.where.line}"


def _compare(name: str, before: Value, after: Value) -> FieldChange | None:
    if isinstance(before, tuple) or isinstance(after, tuple):
        old, new = before or (), after or ()
        same = list(old) == list(new) if name in ORDERED else sorted(old) == sorted(new)
        if same:
            return None
        return FieldChange(name, old, new, tuple(x for x in old if x not in new),
                           tuple(x for x in new if x not in old))
    return None if before == after else FieldChange(name, before, after)


def _changes(fields_before: dict[str, Value], fields_after: dict[str, Value]
             ) -> tuple[FieldChange, ...]:
    found = (_compare(n, fields_before.get(n), fields_after.get(n))
             for n in dict.fromkeys([*fields_before, *fields_after]))
    return tuple(f for f in found if f)


# --- comparing two briefings ----------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One loaded side of the comparison."""

    briefing: Briefing
    broken: frozenset[tuple[str, str]]
    problems: tuple[Problem, ...]

    def unreadable(self, kind: str, record: Any) -> bool:
        """Whether a record missing here may only be missing because its file has errors."""
        keys = {(kind, record.id)}
        if kind == "claim":
            keys.add(("claim", f"file:{record.file}"))
        if kind == "finding":
            keys.add(("finding", f"file:{record.where.path}"))
        return bool(keys & self.broken)


def load_side(root: Path, odd: tuple[str, ...] = ()) -> Side:
    """Load one side; odd names the git objects of a revision that are no regular files."""
    problems = Problems()
    records = load(root, problems, odd)
    briefing = link(records, problems)
    return Side(briefing, frozenset(records.broken), tuple(problems.sorted()))


def compare(base: Side, head: Side) -> Report:
    changes: list[Change] = []
    shown = claim_pages(base.briefing.claims.values())

    def base_page(kind: str, record: Any) -> str:
        """Where the published site (the base) shows the record; a claim of a file with
        numbered pages on the page that holds it."""
        return f"{shown[record.id]}#{record.id}" if kind == "claim" else views.page_of(kind, record)

    for kind in KINDS:
        before, after = _records(base.briefing, kind), _records(head.briefing, kind)
        renamed = _renames(kind, before, after)
        for rid in sorted(set(before) - set(after) - set(renamed.values())):
            old = before[rid]
            status = "unreadable" if head.unreadable(kind, old) else "removed"
            changes.append(Change(kind, rid, status, _title(kind, old),
                                  _where(old), _changes(_fields(kind, old), {}),
                                  page=base_page(kind, old), side="base"))
        for rid in sorted(after):
            new = after[rid]
            old_id = renamed.get(rid, rid)
            old = before.get(old_id)
            title = _title(kind, new)
            if head.unreadable(kind, new):
                # Loaded in part only: what differs may be the error, not the editor's change.
                changes.append(Change(kind, rid, "unreadable", title, _where(new),
                                      page=base_page(kind, old) if old else None))
                continue
            if old is None:
                changes.append(Change(kind, rid, "added", title, _where(new),
                                      _changes({}, _fields(kind, new))))
                continue
            fields = _changes(_fields(kind, old), _fields(kind, new))
            if fields or old_id != rid:
                changes.append(Change(kind, rid, "changed", title, _where(new), fields,
                                      renamed_from=old_id if old_id != rid else None,
                                      page=base_page(kind, old)))
    return Report(tuple(changes), _touched_measures(base, head, changes), head.problems,
                  base.problems, withdrawn=frozenset(head.briefing.withdrawn))


def _renames(kind: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, str]:
    """new id -> old id for actors and claims renamed with redirect_from."""
    if kind not in ("actor", "claim"):
        return {}
    return {new.id: old for new in after.values() for old in new.redirect_from
            if old in before and old not in after}


def _touched_measures(base: Side, head: Side, changes: list[Change]
                      ) -> tuple[MeasureFigures, ...]:
    touched: set[str] = set()
    for change in changes:
        if change.kind == "measure":
            touched.add(change.id)
        elif change.kind == "claim" and (change.status != "changed" or any(
                f.name in ("quantity", "measure") for f in change.fields)):
            for side in (base, head):
                claim = side.briefing.claims.get(change.id)
                if claim and claim.measure:
                    touched.add(claim.measure)
    unreadable = {c.id for c in changes if c.kind == "claim" and c.status == "unreadable"}
    out = []
    for mid in sorted(touched):
        measure = head.briefing.measures.get(mid) or base.briefing.measures.get(mid)
        members = [cid for side in (base, head) for cid, c in side.briefing.claims.items()
                   if c.measure == mid]
        figures = tuple(Figure(cid, _figure(base.briefing, cid, mid),
                               "nicht lesbar" if cid in unreadable
                               else _figure(head.briefing, cid, mid))
                        for cid in dict.fromkeys(members))
        out.append(MeasureFigures(mid, measure.title if measure else mid, figures,
                                  measure.not_comparable if measure else None))
    return tuple(out)


def _figure(b: Briefing, claim_id: str, measure: str) -> str | None:
    claim = b.claims.get(claim_id)
    if claim is None or claim.measure != measure or claim.quantity is None:
        return None
    return _quantity(claim)


def diff(root: Path, base_rev: str, head_rev: str | None = None) -> Report:
    """Compare the facts of base_rev with head_rev (default: the working tree under root).

    Raises git.GitError when a revision cannot be read."""
    base_commit = git.resolve(root, base_rev)
    head_commit = git.resolve(root, head_rev) if head_rev else None
    with tempfile.TemporaryDirectory(prefix="lagebild-diff-") as scratch:
        sides = []
        for name, commit in (("base", base_commit), ("head", head_commit)):
            if commit is None:
                sides.append(load_side(root))
                continue
            folder = Path(scratch) / name
            odd = git.export(root, commit, folder)
            sides.append(load_side(folder, tuple(odd)))
    return replace(compare(sides[0], sides[1]), base=base_rev, head=head_rev or WORKING_TREE,
                   base_commit=base_commit, head_commit=head_commit)
