"""Checking: link the loaded records into one Briefing and report every problem across files.

Loading has judged each file alone; here ids are made unique, references resolved, quotes found
in their sources, quantities held against their quotes, and measures compared.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from briefing import fidelity, parallel
from briefing.escape import visible
from briefing.load import FileCache, Records, load
from briefing.model import Briefing, Claim, Edition, Source
from briefing.problems import NOUNS, Location, Problem, Problems, did_you_mean
from briefing.text import Folded, closest_passage, find_folded, fold, fold_plain, skeleton

R = TypeVar("R")


def _unique(records: Iterable[R], kind: str, problems: Problems) -> dict[str, R]:
    out: dict[str, R] = {}
    for record in records:
        rid: str = record.id  # type: ignore[attr-defined]
        where: Location = record.where  # type: ignore[attr-defined]
        if rid in out:
            first: Location = out[rid].where  # type: ignore[attr-defined]
            problems.add(where, "duplicate-id",
                         f"{NOUNS[kind]}: die id '{rid}' ist schon vergeben in {first}",
                         "ids müssen eindeutig sein: einem der beiden Einträge eine andere id "
                         "geben")
            continue
        out[rid] = record
    return out


class _Resolver:
    """Resolves references, staying quiet about records that exist but failed to load."""

    def __init__(self, broken: set[tuple[str, str]], problems: Problems) -> None:
        self.broken = broken
        self.problems = problems

    def __call__(self, ref: str | None, known: Mapping[str, object], what: str,
                 where: Location) -> None:
        if ref is None or ref in known or (what, ref) in self.broken:
            return
        fallback = ("die Schreibweise der id prüfen" if what == "claim"
                    else f"{'sources' if what == 'source' else 'facts/' + what + 's'}/"
                    f"{ref}.{'md' if what == 'source' else 'yaml'} anlegen oder die id "
                    "berichtigen")
        self.problems.add(where, "unknown-reference",
                          f"{NOUNS[what]} mit der id '{ref}' gibt es nicht",
                          did_you_mean(ref, known) or fallback)


def link(records: Records, problems: Problems, cache: CheckCache | None = None) -> Briefing:
    actors = _unique(records.actors, "actor", problems)
    for actor in records.actors:
        for old in actor.redirect_from:
            if old in actors:
                problems.add(actor.at.get("redirect_from", actor.where), "duplicate-id",
                             f"die Weiterleitung '{old}' ist die id eines bestehenden Akteurs",
                             "eine alte id darf nicht wiederverwendet werden: aus "
                             "redirect_from entfernen")
    briefing = Briefing(
        actors=actors,
        topics=_unique(records.topics, "topic", problems),
        measures=_unique(records.measures, "measure", problems),
        claims=_unique(records.claims, "claim", problems),
        sources=_unique(records.sources, "source", problems),
        findings=tuple(_unique(records.findings, "finding", problems).values()),
        identity=records.identity,
        withdrawn=_unique(records.withdrawn, "withdrawn", problems),
        editions=_editions(records, problems),
    )
    _check_claim_ids(briefing, problems)
    resolve = _Resolver(records.broken, problems)
    for actor in actors.values():
        resolve(actor.affiliation, actors, "actor", actor.at.get("affiliation", actor.where))
    for claim in briefing.claims.values():
        _check_claim_refs(claim, briefing, resolve)
    for finding in briefing.findings:
        for ref in finding.claims:
            resolve(ref, briefing.claims, "claim", finding.at.get(f"claims:{ref}",
                    finding.where))
    unresolved = sum(1 for p in problems.errors() if p.code == "unknown-reference")
    members = _check_measures(briefing, problems)
    # The wording checks read a claim as a whole: one that misses a required field gets them
    # once it is complete (every other check has seen it before).
    complete = {cid: c for cid, c in briefing.claims.items()
                if ("claim", cid) not in records.broken}
    if cache is None:
        _check_claims(briefing, set(complete), problems)
    else:
        cache.check_claims(briefing, set(complete), problems)
    fidelity.check_sets(replace(briefing, claims=complete),
                        {mid: [c for c in claims if c.id in complete]
                         for mid, claims in members.items()}, problems)
    _check_markdown(briefing, problems)
    _check_confusables(briefing, problems)
    # What is used is only known once every record loads and every reference resolves;
    # before that an unused source or actor is a follow-on of the error already reported.
    if not unresolved and not any(kind in ("claim", "actor", "source")
                                  for kind, _ in records.broken):
        _check_usage(briefing, problems)
    return briefing


def _editions(records: Records, problems: Problems) -> tuple[Edition, ...]:
    seen: dict[str, Location] = {}
    for edition in records.editions:
        if edition.name in seen:
            problems.add(edition.where, "duplicate-id",
                         f"die Ausgabe '{edition.name}' steht schon in {seen[edition.name]}",
                         "Jede Ausgabe bekommt einen eigenen Namen, meist die nächste Nummer")
        seen.setdefault(edition.name, edition.where)
    return tuple(records.editions)


def _check_claim_ids(b: Briefing, problems: Problems) -> None:
    """An id a claim had before (withdrawn, or renamed) is never used by another claim."""
    for rid, withdrawal in b.withdrawn.items():
        if rid in b.claims:
            problems.add(withdrawal.where, "withdrawn-still-present",
                         f"die Aussage '{rid}' ist als zurückgezogen eingetragen, steht aber "
                         f"noch in {b.claims[rid].where}",
                         "Entweder die Aussage löschen oder ihren Eintrag in "
                         "facts/withdrawn.yaml entfernen")
    owner: dict[str, Claim] = {}
    for claim in b.claims.values():
        for old in claim.redirect_from:
            where = claim.at.get("redirect_from", claim.where)
            if old in b.claims or old in b.withdrawn or old in owner:
                problems.add(where, "duplicate-id",
                             f"die frühere id '{old}' ist schon vergeben (an eine Aussage, eine "
                             "zurückgezogene Aussage oder ein anderes redirect_from)",
                             "Eine alte id wird nie wiederverwendet: aus redirect_from entfernen")
            owner.setdefault(old, claim)


def _check_claim_refs(claim: Claim, b: Briefing, resolve: _Resolver) -> None:
    # Where a reference stands is looked up only for one that is not known (10,000 claims
    # name 80,000 references).
    actors, at, here = b.actors, claim.at, claim.where
    for name in ("subject", "object", "claimant"):
        if (ref := getattr(claim, name)) not in actors:
            resolve(ref, actors, "actor", at.get(name, here))
    for actor in claim.involves:
        if actor not in actors:
            resolve(actor, actors, "actor", at.get(f"involves:{actor}", here))
    for topic in claim.topics:
        if topic not in b.topics:
            resolve(topic, b.topics, "topic", at.get(f"topics:{topic}", here))
    if claim.measure not in b.measures:
        resolve(claim.measure, b.measures, "measure", at.get("measure", here))
    for citation in claim.citations:
        if citation.source not in b.sources:
            resolve(citation.source, b.sources, "source",
                    citation.at.get("source", citation.where))
        if citation.claimant not in actors:
            resolve(citation.claimant, actors, "actor",
                    citation.at.get("claimant", citation.where))


#: From this many claims on, a second process checks half of them.
PARALLEL_CLAIMS = 2_000


def _check_claims(b: Briefing, complete: set[str], problems: Problems) -> None:
    """The checks that read one claim at a time: its quotes in their sources, and (for a
    complete claim) its wording. Of a large briefing, a forked child checks the second half of
    the claims while this process checks the first: only the child's problems come back."""

    def run(ids: list[str], found: Problems) -> None:
        claims = {cid: b.claims[cid] for cid in ids}
        _check_quotes(replace(b, claims=claims), found)
        fidelity.check_claims(replace(b, claims={cid: c for cid, c in claims.items()
                                                 if cid in complete}), found)

    ids = list(b.claims)
    if len(ids) < PARALLEL_CLAIMS or not parallel.available():
        run(ids, problems)
        return
    half = len(ids) // 2

    def there() -> Problems:
        found = Problems()
        run(ids[half:], found)
        return found

    found = parallel.both(lambda: run(ids[:half], problems), there,
                          lambda result: isinstance(result, Problems))
    problems.extend(found.items())


class CheckCache:
    """What a process that checks the same briefing again and again (the live preview) keeps
    from one check to the next: the files as loaded (see load.FileCache) and what the checks
    of one claim at a time found for each claim.

    Those checks read the claim, and of the rest only records that are not claims (its
    sources, actors, measures; _check_claims relies on this to split the claims). So a claim
    that is the very object checked last time (the file cache gives the same frozen objects
    for an unchanged file), checked among the very same other records, has the same problems
    as last time."""

    def __init__(self) -> None:
        self.files = FileCache()
        self._others: tuple[object, ...] = ()
        self._claims: dict[str, tuple[Claim, bool, list[Problem]]] = {}

    def check_claims(self, b: Briefing, complete: set[str], problems: Problems) -> None:
        """_check_claims, with each claim's problems from the last call where they hold."""
        others = _others(b)
        if len(others) != len(self._others) or any(
                new is not old for new, old in zip(others, self._others, strict=True)):
            self._claims = {}
        self._others = others
        found: dict[str, tuple[Claim, bool, list[Problem]]] = {}
        for cid, claim in b.claims.items():
            known = self._claims.get(cid)
            if known is None or known[0] is not claim or known[1] != (cid in complete):
                alone = Problems()
                _check_claims(replace(b, claims={cid: claim}), complete & {cid}, alone)
                known = (claim, cid in complete, alone.items())
            found[cid] = known
            problems.extend(known[2])
        self._claims = found


def _others(b: Briefing) -> tuple[object, ...]:
    """Every record of b but its claims, in order (each dict's keys are its records' ids)."""
    return (*b.actors.values(), *b.topics.values(), *b.measures.values(), *b.sources.values(),
            *b.findings, b.identity, *b.withdrawn.values(), *b.editions)


def _check_quotes(b: Briefing, problems: Problems) -> None:
    # Only cited sources are folded, each once.
    folded: dict[str, Folded] = {}
    for claim in b.claims.values():
        quotes_found = True
        for citation in claim.citations:
            source = b.sources.get(citation.source)
            if source is None:
                quotes_found = False
                continue
            where = citation.at.get("quote", citation.where)
            if source.id not in folded:
                folded[source.id] = source.folded or fold(source.text)
            spans = find_folded(folded[source.id], citation.quote, citation.prefix,
                                citation.suffix)
            if not spans:
                quotes_found = False
                _quote_not_found(citation.quote, source, folded[source.id], where, problems)
            elif len(spans) > 1:
                problems.add(where, "quote-ambiguous",
                             f"das Zitat steht {len(spans)}-mal in {source.id}",
                             "'prefix:' (die Wörter direkt davor) oder 'suffix:' (die Wörter "
                             "direkt danach) ergänzen, um die gemeinte Stelle zu bestimmen")
            # Without page furniture every place is in the article: the folded offset is
            # mapped to the raw text only where it can be past the article's end.
            elif source.boilerplate_from and (
                    folded[source.id].raw_offset(spans[0][0]) >= source.article_end):
                problems.add(where, "quote-in-boilerplate",
                             f"das Zitat steht im Seitenbeiwerk von {source.id} "
                             f"(ab '{source.boilerplate_from}'), nicht im Artikel",
                             "den Artikeltext zitieren; Schlagzeilen und Teilen-Links sind "
                             "kein Beleg")
        # Against a quote that is itself wrong, a missing figure is that quote's follow-on.
        if claim.quantity and quotes_found and not any(
                fold_plain(claim.quantity.as_stated) in fold_plain(c.quote)
                for c in claim.citations):
            problems.add(claim.quantity.where, "bad-quantity",
                         f"as_stated '{claim.quantity.as_stated}' steht in keinem Zitat der "
                         "Aussage", "die Zahlenangabe wörtlich aus einem Zitat übernehmen")


def _quote_not_found(quote: str, source: Source, folded: Folded, where: Location,
                     problems: Problems) -> None:
    closest = closest_passage(folded, quote)
    if closest and closest.ratio >= 0.5:
        hint = f"ähnlichste Stelle: „{closest.passage}“"
        if closest.differences:
            hint += "; abweichende Wörter (Zitat ↔ Quelle): " + "; ".join(closest.differences)
    else:
        hint = "das Zitat wörtlich aus dem Quelltext kopieren"
    problems.add(where, "quote-not-found", f"das Zitat steht nicht in {source.id}", hint)


def _check_measures(b: Briefing, problems: Problems) -> dict[str, list[Claim]]:
    members: dict[str, list[Claim]] = defaultdict(list)
    for claim in b.claims.values():
        if claim.measure in b.measures:
            members[claim.measure].append(claim)
            # A quantity that was written but could not be read is reported where it stands.
            if claim.quantity is None and "quantity" not in claim.at:
                problems.add(claim.at.get("measure", claim.where), "bad-quantity",
                             f"die Aussage '{claim.id}' gehört zur Messgröße "
                             f"'{claim.measure}', hat aber keine quantity",
                             "quantity: {amount, unit, as_stated} ergänzen")
    for mid, claims in members.items():
        measure = b.measures[mid]
        figures = [c.quantity for c in claims if c.quantity]
        units = sorted({q.unit for q in figures})
        periods = sorted({q.period or "unbekannt" for q in figures})
        if (len(units) > 1 or len(periods) > 1) and not measure.not_comparable:
            problems.add(measure.where, "measure-mismatch",
                         f"die Zahlen von '{mid}' unterscheiden sich in Einheit "
                         f"({', '.join(units)}) oder Zeitraum ({', '.join(periods)})",
                         "messen sie wirklich dasselbe, unter 'not_comparable:' begründen, "
                         "warum sie trotzdem nicht vergleichbar sind; sonst die Messgröße "
                         "aufteilen")
    return members


def _check_usage(b: Briefing, problems: Problems) -> None:
    cited = {c.source for claim in b.claims.values() for c in claim.citations}
    for source in b.sources.values():
        if source.id not in cited:
            problems.add(source.where, "unused-source", f"keine Aussage zitiert {source.id}",
                         "aus einer Aussage zitieren oder die Quelle entfernen")
    # The actors mentioned() gives (and None, no actor's id), gathered straight into one set:
    # a third less time than a list per claim, in a part no second process shares.
    used: set[str | None] = set()
    for c in b.claims.values():
        used.update((c.subject, c.object, c.claimant, *c.involves),
                    [citation.claimant for citation in c.citations])
    used |= {aff for a in used if a in b.actors and (aff := b.actors[a].affiliation)}
    for actor in b.actors.values():
        if actor.id not in used:
            problems.add(actor.where, "orphan-actor",
                         f"keine Aussage erwähnt den Akteur '{actor.id}'",
                         "als subject, object, involves oder claimant einer Aussage verwenden "
                         "oder entfernen")


def _check_markdown(b: Briefing, problems: Problems) -> None:
    """Inline Markdown (summaries, findings) may emphasise and link to http(s), nothing more."""
    texts: list[tuple[str | None, Location]] = [
        (a.summary, a.at.get("summary", a.where)) for a in b.actors.values()]
    texts += [(t.summary, t.where) for t in b.topics.values()]
    texts += [(f.text, f.at.get("text", f.where)) for f in b.findings]
    # Links and images begin with '[' ('![…](…)', '[…](…)', '[…][…]') or '<' (autolinks):
    # only a text with one of them is parsed.
    texts = [(text, where) for text, where in texts if text and ("[" in text or "<" in text)]
    if not texts:
        return
    # Markdown is parsed by render, the one markdown-it module; render needs views, which
    # need this module, so it is imported when it is used (and only then: with its Jinja,
    # views and graph it is a tenth of a check).
    from briefing.render import markdown_problems

    for text, where in texts:
        for found in markdown_problems(text or ""):
            problems.add(where, "markdown-not-allowed", f"nicht erlaubt: {found}",
                         "im Lagebild nur Text, *Betonung*, `Code` und Links auf "
                         "https://-Adressen verwenden; Bilder gehören nicht in Faktendateien")


def _check_confusables(b: Briefing, problems: Problems) -> None:
    """Warn when an actor's name or alias looks like another actor's: a Cyrillic 'К' in
    'Кim Jong-un' makes a second actor that readers take for the first."""
    seen: dict[str, tuple[str, str]] = {}
    for actor in sorted(b.actors.values(), key=lambda a: a.where):
        for name in dict.fromkeys((actor.name, *actor.aliases)):
            key = skeleton(name)
            other = seen.setdefault(key, (actor.id, name))
            if other[0] == actor.id:
                continue
            field = "name" if name == actor.name else "aliases"
            same = ("heißt genauso wie" if other[1] == name
                    else "sieht zum Verwechseln ähnlich aus wie")
            problems.add(actor.at.get(field, actor.where), "confusable-name",
                         f"'{visible(name)}' {same} '{visible(other[1])}' (Akteur "
                         f"'{other[0]}')", "ist es derselbe Akteur, die Schreibweise dort unter "
                         "'aliases' eintragen; sonst Buchstaben aus dem lateinischen Alphabet "
                         "verwenden oder den Namen unterscheidbar machen")


def mentioned(claim: Claim) -> list[str]:
    """Every actor a claim names, in order: subject, object, involved, claimants."""
    names = [claim.subject, claim.object, *claim.involves, claim.claimant,
             *(c.claimant for c in claim.citations)]
    return list(dict.fromkeys(n for n in names if n))


def check(root: Path, odd: Iterable[str] = (), cache: CheckCache | None = None
          ) -> tuple[Briefing, Problems]:
    """Load and link the briefing under root (odd: see load.load; cache: see CheckCache)."""
    problems = Problems()
    with quiet_collector():
        briefing = link(load(root, problems, odd, cache.files if cache else None), problems,
                        cache)
    return briefing, problems


#: Whether quiet_collector freezes what was made under it. A process that builds once keeps
#: it (see there); the live preview builds again and again, and garbage cycles frozen on
#: every rebuild (Jinja's, for one) would never be collected: it sets this to False.
FREEZE = [True]


@contextmanager
def quiet_collector(keep: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector: loading and rendering build hundreds of thousands
    of small objects that live until the end and form no cycles worth collecting, and the
    collector would walk them again and again (a third of the check at 10,000 claims).

    keep: what is made meanwhile lives until the end of the process (the checked records).
    Rendering passes False: its pages are written out and dropped, and Jinja leaves cycles
    behind that only a collection frees (see site.on_config)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was made meanwhile is kept, not garbage: frozen, the collector never walks it
        # again (without, its next collection walks every one of them: 0.1 s at 10,000
        # claims). Records form no cycles: once unused they are freed all the same.
        if keep and FREEZE[0]:
            gc.freeze()
        if was_enabled:
            gc.enable()
