"""Every generated page and data file of the site, as texts keyed by their path under docs/.

Pure: takes a checked Briefing, returns strings. The site module writes them and runs MkDocs.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import hashlib
import io
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TypeVar

from briefing import feed, parallel
from briefing.check import quiet_collector
from briefing.diff import Change
from briefing.escape import csv_cell
from briefing.history import History, Step, short_date
from briefing.model import (
    Actor,
    Briefing,
    Claim,
    Date,
    Measure,
    Source,
    Topic,
    source_number,
)
from briefing.render import Renderer
from briefing.text import MONTHS, natural
from briefing.views import (
    FILE_PAGE_CLAIMS,
    KIND_NAMES,
    Span,
    Views,
    claim_pages,
    format_date,
    list_page,
    page_of,
    relative,
)

Generated = dict[str, str]
#: Title, description and fact file ("quelle") of a generated page, by its path under docs/.
#: The site hands them to the theme as data, never as YAML text, so curated text cannot end or
#: rewrite a page's front matter.
PageMeta = dict[str, dict[str, str]]
T = TypeVar("T")

#: Most claim cards one list page shows (a card is 2–4 KB of HTML), so that no page of a
#: briefing with 10,000 claims comes near 1 MB.
PAGE_SIZE = 50
#: Most link lines one list page shows (a line is about 300 bytes of HTML).
LINES_PER_PAGE = 500
#: An actor or topic with more claims than this gets a summary that links to list pages.
SUMMARY_OVER = 60
#: Most rows a summary shows (key figures, an actor's newest figures and naming sources).
SUMMARY_ROWS = 20
#: Most characters of source text the search index holds in full (see _search_scopes()).
SEARCH_SOURCE_TEXT = 1_000_000
#: Rows of an index to a page (sources, claims files: 90 to 160 bytes of HTML each).
INDEX_ROWS = 1_000
#: What the search index holds of a page (page_meta's "search_scope"; the site applies it):
#: "summary" is its title and the text before its first subheading, "none" is nothing. Pages
#: without one are indexed whole.
SEARCH_SUMMARY = "summary"
SEARCH_NONE = "none"
#: Most relations the network graph and its table show.
NETWORK_RELATIONS = 300


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _pager(base: str, count: int, size: int) -> list[tuple[str, str]]:
    """(page, "51–100") for every page of a list of count items, size to a page."""
    return [(list_page(base, n + 1), f"{start + 1}–{min(start + size, count)}")
            for n, start in enumerate(range(0, count, size))] or [(base, "")]


def _about_and_said(v: Views, actor: str) -> tuple[list[Claim], list[Claim]]:
    """The claims about an actor, and those it asserts that are not about it."""
    about = v.claims_about(actor)
    about_ids = {c.id for c in about}
    return about, [c for c in v.claims_by(actor) if c.id not in about_ids]


def _chronik_pager(dated: list[Claim]) -> list[tuple[str, str]]:
    return [(f"chronik--{n}.md", f"{format_date(chunk[0].date)} bis {format_date(chunk[-1].date)}")
            for n, chunk in enumerate(_chunks(dated, LINES_PER_PAGE), 1)]


def _list_meta(b: Briefing) -> PageMeta:
    """Title, description and fact file of every numbered list page that pages() writes."""
    v = Views(b)
    meta: PageMeta = {}

    def add(pager: list[tuple[str, str]], title: str, quelle: str) -> None:
        for page, label in pager:
            meta[page] = {"title": f"{title} {label}", "quelle": quelle,
                          "description": f"{title} {label} – Teil einer mehrseitigen Liste",
                          "search_scope": SEARCH_NONE}

    for a in b.actors.values():
        about, said = _about_and_said(v, a.id)
        if len(about) + len(said) > SUMMARY_OVER:
            quelle = f"facts/actors/{a.id}.yaml"
            if about:
                add(_pager(f"akteure/{a.id}--aussagen.md", len(about), PAGE_SIZE),
                    f"Aussagen über {a.name}", quelle)
            if said:
                add(_pager(f"akteure/{a.id}--von.md", len(said), LINES_PER_PAGE),
                    f"Aussagen von {a.name}", quelle)
    for t in b.topics.values():
        claims = v.claims_in_topic(t.id)
        if len(claims) > SUMMARY_OVER:
            add(_pager(page_of("topic", t), len(claims), PAGE_SIZE)[1:], f"{t.title}: Aussagen",
                f"facts/topics/{t.id}.yaml")
    if len(v.dated_claims) > LINES_PER_PAGE:
        add(_chronik_pager(v.dated_claims), "Chronik:", "templates/chronik.md.j2")
    for m in b.measures.values():
        add(_figure_pages(m, v.figures.get(m.id, [])), f"Zahlen: {m.title},",
            f"facts/measures/{m.id}.yaml")
    sources = _pager("quellen/index.md", len(b.sources), INDEX_ROWS)
    if len(sources) > 1:
        add(sources[1:], "Quellen", "templates/sources.md.j2")
    files = _pager("aussagen/index.md", len(_claims_by_file(list(b.claims.values()))), INDEX_ROWS)
    if len(files) > 1:
        add(files[1:], "Aussagen: Dateien", "templates/claims_index.md.j2")
    return meta


def _claims_by_file(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    files: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        files[posixpath.splitext(posixpath.basename(claim.file))[0]].append(claim)
    return sorted(files.items())


def _file_pages(files: list[tuple[str, list[Claim]]]
                ) -> list[tuple[str, str, list[Claim], list[tuple[str, str]]]]:
    """(page, file name, its claims, the file's pager) for every page of every claims file
    (files: see _claims_by_file), in the order of the files: a file of more than
    FILE_PAGE_CLAIMS claims has numbered pages (views.claim_pages), a file of fewer one page
    without pager."""
    out = []
    for name, in_file in files:
        in_file = sorted(in_file, key=lambda c: c.where.line)
        base = f"aussagen/{name}.md"
        pager = (_pager(base, len(in_file), FILE_PAGE_CLAIMS)
                 if len(in_file) > FILE_PAGE_CLAIMS else [])
        for n, chunk in enumerate(_chunks(in_file, FILE_PAGE_CLAIMS), 1):
            out.append((list_page(base, n), name, chunk, pager))
    return out


def _by_primary_topic(b: Briefing, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Group claims under their first topic (each claim once, so its anchor is unique)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[claim.topics[0] if claim.topics else ""].append(claim)
    order = sorted(groups, key=lambda t: (t == "", b.topics[t].order if t else 0, t))
    return [(b.topics[t].title if t else "Ohne Thema", groups[t]) for t in order]


def _years(claims: list[Claim]) -> list[tuple[str, list[tuple[str, list[Claim]]]]]:
    years: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for c in claims:
        assert c.date is not None
        year, month, _ = c.date.start
        years[str(year) if year else "Jahr unbekannt"][
            MONTHS[month - 1] if month else "Monat unbekannt"].append(c)
    ordered = sorted(years, key=lambda y: (not y.isdigit(), y))
    return [(y, list(years[y].items())) for y in ordered]


class Places:
    """Where each changed record is on this site, indexed once per build."""

    def __init__(self, b: Briefing, history: History, pages: dict[str, str] | None = None
                 ) -> None:
        """pages: claim id -> the page of its card (claim_pages), where the caller derived it
        already."""
        self.b = b
        self.history = history
        self.renamed = {old: c for c in b.claims.values() for old in c.redirect_from}
        self.pages = claim_pages(b.claims.values()) if pages is None else pages
        self.records: dict[str, dict[str, Any]] = {
            "finding": {f.id: f for f in b.findings}, "actor": b.actors, "topic": b.topics,
            "source": b.sources, "measure": b.measures}

    def __call__(self, change: Change) -> tuple[str, str] | None:
        """(page, anchor) of the record a change is about, or None when it has no place."""
        if change.kind == "claim":
            now = self.b.claims.get(change.id) or self.renamed.get(change.id)
            if now is not None:
                return self.pages[now.id], now.id
            gone = self.history.withdrawn_at.get(change.id)
            return (gone.page, gone.id) if gone else None
        record = self.records[change.kind].get(change.id)
        if record is None:
            return None
        if change.kind in ("finding", "measure"):
            return page_of(change.kind, record), change.id
        return page_of(change.kind, record), ""


def edition_line(step: Step | None) -> str:
    """ "Ausgabe 3 vom 22.11.2026", as the start page and the citation name the edition."""
    return step.heading if step else ""


def _measures(b: Briefing, r: Renderer) -> list[tuple[Measure, list[Claim]]]:
    """Every measure with figures, by title, with the claims that give them."""
    rows = [(m, r.v.figures.get(m.id, []))
            for m in sorted(b.measures.values(), key=lambda m: natural(m.title))]
    return [(m, cs) for m, cs in rows if cs]


def _cited(b: Briefing) -> dict[str, int]:
    """source id -> how many claims cite it."""
    counts = dict.fromkeys(b.sources, 0)
    for claim in b.claims.values():
        for source in dict.fromkeys(x.source for x in claim.citations):
            if source in counts:
                counts[source] += 1
    return counts


def pages(b: Briefing, templates: Path, build_info: str = "",
          history: History | None = None, site_url: str | None = None,
          updated: str = "", processes: int | None = None, memo: Memo | None = None
          ) -> Generated:
    """Every page and data file. With processes > 1 (by default as many as pay, see
    processes_for), forked workers render disjoint sets of pages (see briefing.parallel). With
    memo (the live preview keeps one), only the pages an edit touches are rendered again; the
    rest is taken from the memo's last call. Either way the texts are the same as from one
    process rendering everything."""
    with quiet_collector(keep=False):
        return _pages(b, templates, build_info, history, site_url, updated,
                      processes_for(b) if processes is None else processes, memo)


#: Claim cards rendered per task when several processes share the cards.
CARDS_PER_TASK = 250
#: Sources searched for mentions per task when several processes share them.
SOURCES_PER_TASK = 50
#: Below this many claims one process renders everything: forking costs more than it saves.
PARALLEL_FROM = 2_000


def processes_for(b: Briefing) -> int:
    """How many processes should render the pages of this briefing."""
    return parallel.workers() if len(b.claims) >= PARALLEL_FROM else 1


@dataclass(frozen=True)
class Task:
    """A page, or pages rendered together, and the claims they show."""

    #: Names the task from one call to the next ("actor:ru").
    key: str
    run: Callable[[], Generated]
    #: The ids of the claims the pages show, all of them; None where any claim may matter
    #: (counts, indexes, the data files).
    claims: frozenset[str] | None = frozenset()
    #: Set for a task that costs far more than the claims it shows (the network's layout).
    costly: bool = False

    def cost(self) -> float:
        """A guess of how long the task takes, for handing out the longest first: the claims
        it shows; a task that reads all of them, or is costly, comes first."""
        return float("inf") if self.claims is None or self.costly else len(self.claims)


#: A claim's record in data/claims.json (its repr and its JSON) and its rows of claims.csv.
Fragments = dict[str, tuple[str, str, str]]


class Memo:
    """What the last pages() call rendered and from what, so that the next renders only the
    tasks an edit touches: when everything but the claims is as before (facts, sources,
    templates, history), a task whose claims (before and now) are all unchanged keeps its
    pages. Anything else renders everything."""

    def __init__(self) -> None:
        self.fingerprint = ""
        self.claims: dict[str, str] = {}
        self.tasks: dict[str, tuple[frozenset[str] | None, Generated]] = {}
        #: Each claim's record in the data files, as data_files wrote it last.
        self.data: Fragments = {}
        #: Each claim's print (see _claim_prints) with the claim object and the history events
        #: it was taken of: a claim loaded from an unchanged file is the same object again
        #: (see load.FileCache), and frozen, so its print is too.
        self.prints: dict[str, tuple[Claim, Events, str]] = {}
        #: Each source's mentions (Views.mentions_in) with the source object and the names
        #: they were found by, for the same reason.
        self.mentions: dict[str, tuple[Source, str, dict[str, tuple[Span, int]]]] = {}
        #: Each card body (Renderer.claim_html) by folder depth and claim id, with what it
        #: shows besides records and history (see _card_key); _known the ones this call took.
        self.cards: dict[tuple[int, str], tuple[tuple[str, str, tuple[str, ...]], str]] = {}
        self._known: dict[tuple[int, str], tuple[tuple[str, str, tuple[str, ...]], str]] = {}
        #: How many tasks the last call rendered, of how many.
        self.rendered = (0, 0)

    def card(self, v: Views, prints: dict[str, str], depth: int, claim: Claim) -> str | None:
        """The card body of the last call, if it still holds: only called when nothing but
        claims changed (the fingerprint), for a claim with the same print, on the same page,
        with the same anchors in its sources."""
        known = self.cards.get((depth, claim.id))
        if known is None or known[0] != _card_key(v, prints, claim):
            return None
        self._known[(depth, claim.id)] = known
        return known[1]

    def keep_cards(self, v: Views, prints: dict[str, str], cards: dict[tuple[int, str], str]
                   ) -> None:
        """Remember the card bodies of this call, beside those of earlier calls (each is
        checked when it is taken) whose claims still exist."""
        self.cards = {key: known for key, known in self.cards.items() if key[1] in v.b.claims}
        self.cards.update({key: self._known.get(key) or (
            _card_key(v, prints, v.b.claims[key[1]]), body) for key, body in cards.items()})
        self._known = {}

    def hand_mentions(self, v: Views) -> None:
        """Give v the mentions of every source, found again only in a source that is not the
        very object of the last call, or all when an actor's names changed."""
        pattern, owner = v.mention_pattern
        names = repr((pattern.pattern if pattern else None, owner))
        found = {}
        for sid, source in v.b.sources.items():
            known = self.mentions.get(sid)
            if known is None or known[0] is not source or known[1] != names:
                known = (source, names, v.mentions_in(source))
            found[sid] = known
        self.mentions = found
        v.mentions = {sid: known[2] for sid, known in found.items()}

    def changed(self, fingerprint: str, claims: dict[str, str]) -> set[str] | None:
        """The ids of the claims added, removed or changed since the last call; None when
        something else changed."""
        if fingerprint != self.fingerprint:
            return None
        return {cid for cid in claims.keys() | self.claims.keys()
                if claims.get(cid) != self.claims.get(cid)}

    def keeps(self, task: Task, changed: set[str] | None) -> bool:
        if changed is None or task.claims is None or task.key not in self.tasks:
            return False
        before = self.tasks[task.key][0]
        return before is not None and not (task.claims | before) & changed


def _fingerprint(b: Briefing, templates: Path, history: History, *context: object) -> str:
    """Everything pages read except the claims: records, sources, templates, history."""
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    steps = [(s.anchor, s.title, s.summary, s.date, s.name, s.counts) for s in history.steps]
    gone = [(g.page, g.id, g.statement, g.now, g.step and g.step.anchor, g.reason, g.figure)
            for g in history.gone]
    rest = {f.name: getattr(b, f.name) for f in dataclasses.fields(b) if f.name != "claims"}
    digest.update(repr((rest, steps, gone, history.note, history.preview, context)).encode())
    return digest.hexdigest()


def _card_key(v: Views, prints: dict[str, str], claim: Claim) -> tuple[str, str,
                                                                        tuple[str, ...]]:
    """What a card shows besides the records and history the memo's fingerprint covers: its
    claim and events (the print), its page, the anchors of its quotes in their sources (they
    count the other claims quoting each source)."""
    return (prints[claim.id], v.claim_page(claim),
            tuple(v.citation_anchor(claim, i) for i in range(len(claim.citations))))


#: A claim's history, as its card shows it.
Events = list[tuple[str, str, Any]]


def _claim_prints(b: Briefing, history: History, memo: Memo) -> dict[str, str]:
    """claim id -> a digest of the claim and its history, as its card shows them; taken again
    only of claims that are not the very objects of the memo's last call."""
    prints = {}
    for cid, claim in b.claims.items():
        events: Events = [(e.step.anchor, e.status, e.lines)
                          for e in history.events.get(cid, ())]
        known = memo.prints.get(cid)
        if known is None or known[0] is not claim or known[1] != events:
            known = (claim, events, hashlib.sha256(repr((claim, events)).encode()).hexdigest())
        prints[cid] = known[2]
        memo.prints[cid] = known
    for gone in memo.prints.keys() - b.claims.keys():
        del memo.prints[gone]
    return prints


def _pages(b: Briefing, templates: Path, build_info: str, history: History | None,
           site_url: str | None, updated: str, processes: int, memo: Memo | None) -> Generated:
    # The renderer's caches are freed as soon as the pages are made (Renderer.close).
    with contextlib.closing(Renderer(b, templates)) as r:
        v = r.v
        history = history or History((), {}, ())
        places = Places(b, history, v.claim_pages)
        r.env.globals.update(hist=history, short_date=short_date, where_now=places,
                             gone_html=lambda page, g: r.fragment("_gone.html.j2", page, g=g))
        if memo is not None:
            memo.hand_mentions(v)
        tasks = _tasks(b, r, build_info, history, site_url, updated, places,
                       memo.data if memo else None)
        fingerprint, claims, changed = "", {}, None
        if memo is not None:
            fingerprint = _fingerprint(b, templates, history, build_info, site_url, updated)
            claims = _claim_prints(b, history, memo)
            changed = memo.changed(fingerprint, claims)
        if memo is not None and changed is not None:
            r.known_card = functools.partial(memo.card, v, claims)
        todo = [t for t in tasks if memo is None or not memo.keeps(t, changed)]
        if len(todo) * 2 < len(tasks):
            # The few pages an edit touches: forking and sharing every card cost more than that.
            processes = 1
        if processes > 1:
            # What every worker reads is derived once, before they fork; then the mentions in
            # the sources with their snippets, and the cards, which most list pages share, are
            # found and rendered by all of them and handed to each.
            v.prepare(mentions=False)
            found = [functools.partial(v.found_in, chunk)
                     for chunk in _chunks(list(b.sources.values()), SOURCES_PER_TASK)]
            cards = [functools.partial(_cards_and_dates, r, chunk)
                     for chunk in _chunks(v.sorted_claims, CARDS_PER_TASK)]
            parts: list[Any] = parallel.run([*found, *cards], processes)
            v.take_found({sid: rows for part in parts[:len(found)] for sid, rows in part.items()})
            for bodies, dates in parts[len(found):]:
                r.remember_cards(bodies)
                v.take_dates(dates)
            v.prepare()
        made = parallel.run([t.run for t in todo], processes, [t.cost() for t in todo])
        fresh = dict(zip((t.key for t in todo), made, strict=True))
        out: Generated = {}
        for t in tasks:
            part = fresh[t.key] if t.key in fresh else memo.tasks[t.key][1] if memo else {}
            out.update(part)
        if memo is not None:
            memo.fingerprint, memo.claims = fingerprint, claims
            memo.rendered = (len(todo), len(tasks))
            memo.tasks = {t.key: (t.claims, fresh[t.key] if t.key in fresh
                                  else memo.tasks[t.key][1]) for t in tasks}
            memo.keep_cards(v, claims, r.cards())
        return out


def _cards_and_dates(r: Renderer, claims: list[Claim]
                     ) -> tuple[dict[tuple[int, str], str], dict[str, list[str]]]:
    """The card bodies of these claims, and the sources giving their dates that rendering the
    cards found (Views.dates_given), for the process that forked this one."""
    return r.card_bodies(claims), r.v.dates_given(claims)


def _ids(claims: Iterable[Claim]) -> frozenset[str]:
    return frozenset(c.id for c in claims)


def _tasks(b: Briefing, r: Renderer, build_info: str, history: History,
           site_url: str | None, updated: str, places: Places, fragments: Fragments | None
           ) -> list[Task]:
    """Every page (or group of pages rendered together) as a task of its own, in the order
    of the site: each returns its pages, and none depends on what another rendered."""
    v = r.v
    tasks: list[Task] = []

    def task(key: str, function: Callable[[], Generated],
             shows: frozenset[str] | None = None, costly: bool = False) -> None:
        tasks.append(Task(key, function, shows, costly))

    def page(path: str, template: str, shows: frozenset[str] | None = None,
             **context: Any) -> None:
        tasks.append(Task(f"page:{path}", lambda: {path: r.render(template, path, **context)},
                          shows))

    figures = [c for c in v.sorted_claims if c.quantity and c.measure]
    newest = [c for c in v.dated_claims if c.date and c.date.year_known][-5:][::-1]
    page("index.md", "start.md.j2", key_figures=figures[:SUMMARY_ROWS],
         all_figures=len(figures), newest=newest, build_info=build_info,
         edition=edition_line(history.latest))
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for a in sorted(b.actors.values(), key=lambda a: a.name):
        by_kind[a.kind].append(a)
    page("akteure/index.md", "actors.md.j2", actors_by_kind=by_kind)
    for a in b.actors.values():
        task(f"actor:{a.id}", functools.partial(_actor, r, a),
             _ids(v.claims_about(a.id)) | _ids(v.claims_by(a.id)))
    for a in b.actors.values():
        # An actor's old address (redirect_from) leads on to its profile.
        for old in a.redirect_from:
            page(f"akteure/{old}.md", "actor_moved.md.j2", frozenset(), a=a, old=old)
    topics = sorted(b.topics.values(), key=lambda t: (t.order, t.title))
    page("themen/index.md", "topics.md.j2", topics=topics)
    for t in topics:
        task(f"topic:{t.id}", functools.partial(_topic, r, t), _ids(v.claims_in_topic(t.id)))
    files = _claims_by_file(v.sorted_claims)
    pager = _pager("aussagen/index.md", len(files), INDEX_ROWS)
    for (path, _), part in zip(pager, _chunks(files, INDEX_ROWS), strict=True):
        page(path, "claims_index.md.j2", files=part, all_files=len(files),
             listed=len(v.sorted_claims) <= LINES_PER_PAGE,
             pager=pager if len(pager) > 1 else [])
    on_pages = _file_pages(files)
    for path, name, claims, pager in on_pages:
        page(path, "claims_file.md.j2", _ids(claims), name=name, claims=claims,
             file=claims[0].file, gone=history.gone_on(path), pager=pager,
             part=dict(pager).get(path, ""))
    # Pages of earlier editions whose claims all left: their addresses keep working.
    for path in sorted({g.page for g in history.gone} - {path for path, *_ in on_pages}):
        name = posixpath.splitext(posixpath.basename(path))[0]
        page(path, "claims_file.md.j2", frozenset(), name=name, claims=[],
             gone=history.gone_on(path), pager=[], part="")
    page("aenderungen.md", "changes.md.j2", steps=history.shown())
    task("feed", lambda: {"feed.xml": feed.atom(
        history, b.identity.title if b.identity else "Lagebild", site_url, updated, places)})
    task("comparison", lambda: _zahlen(r, _measures(b, r)),
         frozenset(c.id for cs in v.figures.values() for c in cs))
    cited = _cited(b)
    sources = sorted(b.sources.values(), key=lambda s: s.id)
    pager = _pager("quellen/index.md", len(sources), INDEX_ROWS)
    for (path, _), listed in zip(pager, _chunks(sources, INDEX_ROWS), strict=True):
        page(path, "sources.md.j2", sources=listed, cited=cited, all_sources=len(sources),
             pager=pager if len(pager) > 1 else [])
    for s in sources:
        page(page_of("source", s), "source.md.j2", _ids(v.citing.get(s.id, ())), s=s,
             cited=cited[s.id])
    task("chronik", lambda: _chronik(r), _ids(v.dated_claims))
    # A large network shows its busiest relations; every claim behind any relation is still
    # listed with its subject's and object's profiles.
    shown = sorted(v.relations, key=lambda rel: -len(rel.claims))[:NETWORK_RELATIONS]
    shown.sort(key=lambda rel: (rel.subject, rel.label, rel.object))
    # Named by the relations it shows, so that an edit that leaves them as they were (most
    # claims are not among the busiest relations) keeps the page and its costly layout.
    drawn = hashlib.sha256(repr(([(rel.subject, rel.label, rel.object, [c.id for c in rel.claims])
                                  for rel in shown], len(v.relations))).encode()).hexdigest()
    task(f"network:{drawn}", lambda: {"netzwerk.md": r.render(
        "network.md.j2", "netzwerk.md", relations=shown, all_relations=len(v.relations),
        svg=r.network_svg("netzwerk.md", relations=shown))},
        frozenset(c.id for rel in shown for c in rel.claims), costly=True)
    page("daten.md", "data.md.j2")
    task("data", lambda: data_files(b, r, history, fragments))
    return tasks


def _actor(r: Renderer, a: Actor) -> Generated:
    """An actor's profile, or for a busy actor its summary and list pages."""
    b, v = r.b, r.v
    about, said = _about_and_said(v, a.id)
    if len(about) + len(said) > SUMMARY_OVER:
        return _actor_summary(r, a, about, said)
    page = page_of("actor", a)
    return {page: r.render(
        "actor.md.j2", page, a=a, about=_by_primary_topic(b, about), said=said,
        relations=v.relations_of(a.id), timeline=v.timeline(a.id),
        mentioned=v.mentioned_in(a.id))}


def _topic(r: Renderer, t: Topic) -> Generated:
    """A topic's page, and when it has many claims the numbered pages of the rest."""
    b, v = r.b, r.v
    page = page_of("topic", t)
    claims = v.claims_in_topic(t.id)
    figures = [c for c in claims if c.quantity]
    chunks = _chunks(claims, PAGE_SIZE) if len(claims) > SUMMARY_OVER else [claims]
    pager = _pager(page, len(claims), PAGE_SIZE)
    elsewhere = {c.id: list_page(page, n) for n, chunk in enumerate(chunks[1:], 2)
                 for c in chunk}
    out = {page: r.render("topic.md.j2", page, t=t, claims=chunks[0], elsewhere=elsewhere,
                          figures=figures[:SUMMARY_ROWS] if len(chunks) > 1 else figures,
                          all_figures=len(figures), pager=pager if len(chunks) > 1 else [],
                          actors=[b.actors[a] for a in v.actors_in(claims)],
                          sources=v.sources_of(claims))}
    for n, chunk in enumerate(chunks[1:], 2):
        more = list_page(page, n)
        out[more] = r.render(
            "claim_list.md.j2", more, title=f"{t.title}: Aussagen {pager[n - 1][1]}",
            back=page, back_title=t.title, quelle=f"facts/topics/{t.id}.yaml",
            groups=[("", chunk)], cards=True, pager=pager)
    return out


def page_meta(b: Briefing, site_name: str, history: History | None = None) -> PageMeta:
    """The metadata of every page whose title or description is curated text. The start page
    has no title of its own: the site's name is its title, said once."""
    meta: PageMeta = {
        "index.md": {"description": (b.identity and b.identity.description) or site_name,
                     "quelle": "facts/findings.yaml"},
        "akteure/index.md": {
            "title": "Akteure", "quelle": "templates/actors.md.j2",
            "description": f"Staaten, Personen, Organisationen und Waffensysteme im {site_name}."},
        "themen/index.md": {"title": "Themen", "description": f"Die Themen im {site_name}.",
                            "quelle": "templates/topics.md.j2"},
    }
    for a in b.actors.values():
        meta[page_of("actor", a)] = {
            "title": a.name, "quelle": f"facts/actors/{a.id}.yaml",
            "description": f"{a.role or KIND_NAMES[a.kind]} – Profil im {site_name}"}
    for t in b.topics.values():
        meta[page_of("topic", t)] = {"title": t.title, "description": t.summary or t.title,
                                     "quelle": f"facts/topics/{t.id}.yaml"}
    for s in b.sources.values():
        meta[page_of("source", s)] = {
            "title": s.title, "quelle": f"sources/{s.id}.md",
            "description": f"Quelle {source_number(s.id)} im Wortlaut, zitierte Stellen markiert"}
    for path, name, claims, pager in _file_pages(_claims_by_file(list(b.claims.values()))):
        label = dict(pager).get(path, "")
        meta[path] = {"title": f"Aussagen: {name}" + (f" {label}" if label else ""),
                      "quelle": claims[0].file,
                      "description": f"Aussagen des Lagebilds aus {claims[0].file}"}
    meta.update(_list_meta(b))
    for a in b.actors.values():
        for old in a.redirect_from:
            meta[f"akteure/{old}.md"] = {
                "title": f"{a.name} (frühere Adresse)", "quelle": f"facts/actors/{a.id}.yaml",
                "description": f"{a.name} hat im Lagebild eine neue Kennung."}
    for page in sorted({g.page for g in history.gone} - set(meta) if history else ()):
        name = posixpath.splitext(posixpath.basename(page))[0]
        meta[page] = {"title": f"Aussagen: {name}", "quelle": "facts/withdrawn.yaml",
                      "description": "Zurückgezogene und verschobene Aussagen früherer Ausgaben"}
    for page, scope in _search_scopes(b).items():
        meta.setdefault(page, {}).setdefault("search_scope", scope)
    return meta


def _search_scopes(b: Briefing) -> dict[str, str]:
    """What the search index holds of each page (docs/methodik.md, "Was die Suche findet").

    Every claim is indexed once, on its claims page, where its anchor is: its statement and
    its quotes. Pages that list claims or records again (profiles, topics, indexes, chronicle,
    network, figures, changes) are found by their title and lead; numbered list pages and old
    addresses not at all (_list_meta marks the lists). Source texts are indexed while all of
    them together stay within SEARCH_SOURCE_TEXT: above it the index would take seconds to
    build in the reader's browser, and what the texts prove is still found, verbatim, in the
    quotes."""
    scopes = dict.fromkeys(
        ("akteure/index.md", "themen/index.md", "quellen/index.md", "aussagen/index.md",
         "chronik.md", "netzwerk.md", "zahlen.md", "aenderungen.md"), SEARCH_SUMMARY)
    for a in b.actors.values():
        scopes[page_of("actor", a)] = SEARCH_SUMMARY
        scopes.update(dict.fromkeys((f"akteure/{old}.md" for old in a.redirect_from),
                                    SEARCH_NONE))
    for t in b.topics.values():
        scopes[page_of("topic", t)] = SEARCH_SUMMARY
    if sum(len(s.text) for s in b.sources.values()) > SEARCH_SOURCE_TEXT:
        scopes.update(dict.fromkeys((page_of("source", s) for s in b.sources.values()),
                                    SEARCH_SUMMARY))
    return scopes


def pdf_document(b: Briefing, templates: Path, build_info: str = "",
                 edition: str | None = None) -> str:
    """The PDF edition as one HTML document for a paged-media engine (briefing.pdf)."""
    with contextlib.closing(Renderer(b, templates)) as r:
        v = r.v
        by_topic = _by_primary_topic(b, v.sorted_claims)
        numbers = {c.id: n for n, c in enumerate((c for _, cs in by_topic for c in cs), 1)}
        measures = _measures(b, r)
        key_figures = [c for c in v.sorted_claims if c.quantity and c.measure]
        sections = [(anchor, title) for anchor, title, present in (
            ("lage", "Lage in Kürze", b.findings), ("zahlen", "Schlüsselzahlen", key_figures),
            ("aussagen", "Aussagen", True), ("vergleich", "Zahlen im Vergleich", measures),
            ("quellen", "Anhang: Quellen", True)) if present]
        cited = _cited(b)

        def paragraphs(source: Source) -> list[str]:
            return [line for line in source.text[:source.article_end].split("\n") if line.strip()]

        return r.render_html(
            "pdf.html.j2", css=(templates / "pdf.css").read_text("utf-8"),
            by_topic=by_topic, numbers=numbers, measures=measures, key_figures=key_figures,
            sections=sections, sources=sorted(b.sources.values(), key=lambda s: s.id), cited=cited,
            paragraphs=paragraphs, build_info=build_info, edition=edition)


def _actor_summary(r: Renderer, a: Actor, about: list[Claim], said: list[Claim]) -> Generated:
    """A busy actor's profile: counts per topic and relation, the newest claims and figures,
    linking to numbered list pages that hold the claims themselves."""
    b, v = r.b, r.v
    page = page_of("actor", a)
    out: Generated = {}
    groups = _by_primary_topic(b, about)
    ordered = [c for _, cs in groups for c in cs]
    # An actor only ever named as claimant has no claims about it: no list of them.
    chunks = _chunks(ordered, PAGE_SIZE) if ordered else []
    pager = _pager(f"akteure/{a.id}--aussagen.md", len(ordered), PAGE_SIZE) if ordered else []
    lists = [p for p, _ in pager]
    where = {c.id: lists[n] for n, chunk in enumerate(chunks) for c in chunk}
    heard = _chunks(said, LINES_PER_PAGE) if said else []
    said_pager = _pager(f"akteure/{a.id}--von.md", len(said), LINES_PER_PAGE) if said else []
    said_pages = [p for p, _ in said_pager]
    where.update({c.id: v.claim_page(c) for c in said})
    topics = [(title, len(cs), where[cs[0].id], cs[0].id) for title, cs in groups]
    relations: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rel in v.relations_of(a.id):
        relations[rel.label][0 if rel.subject == a.id else 1] += len(rel.claims)
    dated = v.timeline(a.id)
    newest = [c for c in dated if c.date and c.date.year_known][::-1][:SUMMARY_ROWS // 2]
    figures = [c for c in ordered if c.quantity]
    figures.sort(key=lambda c: c.date.sort_key() if c.date else (0, 0, 0), reverse=True)
    mentioned = v.mentioned_in(a.id, most=SUMMARY_ROWS)
    out[page] = r.render(
        "actor_summary.md.j2", page, a=a, about=len(about), said=len(said), topics=topics,
        relations=sorted(relations.items()), newest=newest, where=where,
        figures=figures[:SUMMARY_ROWS], all_figures=len(figures), lists=pager,
        said_pages=said_pager, mentioned=mentioned,
        more_sources=v.mention_count(a.id) - SUMMARY_ROWS)
    for n, (numbered, chunk) in enumerate(zip(lists, chunks, strict=True)):
        out[numbered] = r.render(
            "claim_list.md.j2", numbered, title=f"Aussagen über {a.name} {pager[n][1]}",
            back=page, back_title=a.name, quelle=f"facts/actors/{a.id}.yaml",
            groups=_by_primary_topic(b, chunk), cards=True, pager=pager)
    for n, (numbered, chunk) in enumerate(zip(said_pages, heard, strict=True)):
        out[numbered] = r.render(
            "claim_list.md.j2", numbered, title=f"Aussagen von {a.name} {said_pager[n][1]}",
            back=page, back_title=a.name, quelle=f"facts/actors/{a.id}.yaml",
            groups=[("", chunk)], cards=False, pager=said_pager)
    return out


def _chronik(r: Renderer) -> Generated:
    """The chronicle on one page, or, when long, an overview of years and months linking to
    numbered pages of LINES_PER_PAGE entries each."""
    dated = r.v.dated_claims
    if len(dated) <= LINES_PER_PAGE:
        return {"chronik.md": r.render("chronik.md.j2", "chronik.md", years=_years(dated),
                                       pages=[])}
    chunks = _chunks(dated, LINES_PER_PAGE)
    pager = _chronik_pager(dated)
    names = [name for name, _ in pager]
    out = {"chronik.md": r.render("chronik.md.j2", "chronik.md", years=[], pages=pager)}
    for n, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
        groups = [(f"{month} {year}", cs) for year, months in _years(chunk)
                  for month, cs in months]
        out[name] = r.render("claim_list.md.j2", name, title=f"Chronik: {pager[n][1]}",
                             back="chronik.md", back_title="Chronik",
                             quelle="templates/chronik.md.j2", groups=groups, cards=False,
                             pager=pager)
    return out


def _figure_pages(m: Measure, claims: list[Claim]) -> list[tuple[str, str]]:
    """The numbered pages of a measure with more figures than the comparison page shows."""
    if len(claims) <= SUMMARY_OVER:
        return []
    return _pager(f"zahlen--{m.id}.md", len(claims), LINES_PER_PAGE)


def _zahlen(r: Renderer, measures: list[tuple[Measure, list[Claim]]]) -> Generated:
    """The comparison page: every figure of a measure side by side, or, for a measure with
    more than SUMMARY_OVER figures, its first SUMMARY_ROWS and links to numbered pages that
    list them all, LINES_PER_PAGE to a page (so the page stays readable at any size)."""
    pagers = {m.id: _figure_pages(m, claims) for m, claims in measures}
    out = {"zahlen.md": r.render("measures.md.j2", "zahlen.md", measures=measures,
                                 pagers=pagers, shown=SUMMARY_ROWS, per_page=LINES_PER_PAGE)}
    for m, claims in measures:
        pager = pagers[m.id]
        if not pager:
            continue
        for (page, label), chunk in zip(pager, _chunks(claims, LINES_PER_PAGE), strict=True):
            out[page] = r.render("measure_list.md.j2", page, m=m, claims=chunk, label=label,
                                 pager=pager)
    return out


def _json(value: object, indent: str = "") -> str:
    """value (str-keyed dicts, lists or tuples, text, numbers, booleans, None) as
    json.dumps(value, ensure_ascii=False, indent=2) writes it, its lines after the first
    indented by indent; TypeError for anything else. With an indent json takes its pure-Python
    encoder, three times slower than this for data/claims.json."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, dict):
        inner = indent + "  "
        return "{\n" + ",\n".join(
            f"{inner}{encode_basestring(_key(key))}: {_json(item, inner)}"
            for key, item in value.items()) + f"\n{indent}}}" if value else "{}"
    if isinstance(value, list | tuple):
        inner = indent + "  "
        return "[\n" + ",\n".join(
            f"{inner}{_json(item, inner)}" for item in value) + f"\n{indent}]" if value else "[]"
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        # NaN and the infinities as json writes them.
        return json.dumps(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _key(key: object) -> str:
    """A dict key as _json writes it: text only (json would turn other keys into text)."""
    if not isinstance(key, str):
        raise TypeError(f"key not JSON serializable here: {type(key).__name__}")
    return key


def _date_text(date: Date | None) -> str | None:
    return date.text if date else None


def data_files(b: Briefing, r: Renderer, history: History, fragments: Fragments | None = None
               ) -> Generated:
    """The data files. fragments (the preview's memo keeps them) holds each claim's JSON and
    CSV text from the last call: a claim whose record is equal is not serialised again."""
    v = r.v
    fragments = {} if fragments is None else fragments

    def edition(step: Step | None) -> str | None:
        return step.name if step else None

    def url(page: str, anchor: str = "") -> str:
        return relative("index.md", page, anchor, html=True)

    claims_json: list[str] = []
    rows_csv: list[str] = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for c in v.sorted_claims:
        q = c.quantity
        citations = [{"source": x.source, "quote": x.quote, "claimant": c.claimant_of(x),
                      "modality": c.modality_of(x), "partial": x.partial,
                      "url": url(f"quellen/{x.source}.md", v.citation_anchor(c, i))}
                     for i, x in enumerate(c.citations)]
        claim_url = url(v.claim_page(c), c.id)
        record = {
            "id": c.id, "url": claim_url, "statement": c.statement,
            "subject": c.subject, "predicate": c.predicate, "object": c.object,
            "involves": list(c.involves), "topics": list(c.topics),
            "date": _date_text(c.date), "date_precision": c.date.precision if c.date else None,
            "date_inferred": v.date_inferred(c), "date_note": c.date_note,
            "quantity": None if q is None else {
                "amount": q.amount, "unit": q.unit, "approx": q.approx,
                "as_stated": q.as_stated, "period": q.period},
            "measure": c.measure, "claimant": c.claimant, "modality": c.modality,
            "voices": len(b.voices(c)),
            "citations": citations,
            "first_edition": edition(history.first_edition(c.id)),
            "last_changed": edition(history.last_changed(c.id)),
        }
        # Compared by repr, not ==, which takes 1 for True and 1.0: json writes each its way.
        printed = repr(record)
        known = fragments.get(c.id)
        if known is None or known[0] != printed:
            # One item of the list json.dumps(indent=2) writes: its lines one level deeper
            # (a string in JSON holds no line break, only its escape).
            item = _json(record, "  ")
            buffer.seek(0)
            buffer.truncate()
            for x in citations:
                writer.writerow([csv_cell(cell) for cell in [
                    c.id, claim_url, c.statement, c.subject, c.predicate, c.object or "",
                    _date_text(c.date) or "", q.amount if q else "", q.unit if q else "",
                    q.approx if q else "", q.as_stated if q else "", x["claimant"] or "",
                    x["source"], x["quote"], c.modality, (q.period or "") if q else "",
                    x["modality"], str(x["partial"]).lower(), c.date_note or "",
                    str(v.date_inferred(c)).lower(), record["first_edition"] or "",
                    record["last_changed"] or ""]])
            known = fragments[c.id] = (printed, item, buffer.getvalue())
        claims_json.append(known[1])
        rows_csv.append(known[2])
    for gone in fragments.keys() - b.claims.keys():
        del fragments[gone]
    buffer.seek(0)
    buffer.truncate()
    writer.writerow(["id", "url", "statement", "subject", "predicate", "object", "date",
                     "amount", "unit", "approx", "as_stated", "claimant", "source", "quote",
                     "modality", "period", "citation_modality", "partial", "date_note",
                     "date_inferred", "first_edition", "last_changed"])
    claims_text = "[\n  " + ",\n  ".join(claims_json) + "\n]\n" if claims_json else "[]\n"
    actors = [{"id": a.id, "url": url(page_of("actor", a)), "kind": a.kind, "name": a.name,
               "aliases": list(a.aliases), "role": a.role, "affiliation": a.affiliation,
               "summary": a.summary} for a in sorted(b.actors.values(), key=lambda a: a.id)]
    topics = [{"id": t.id, "url": url(page_of("topic", t)), "title": t.title,
               "summary": t.summary, "order": t.order}
              for t in sorted(b.topics.values(), key=lambda t: t.id)]
    sources = [{"id": s.id, "url": url(page_of("source", s)), "title": s.title,
                "publisher": s.publisher, "original_url": s.url,
                "published": _date_text(s.published), "language": s.language,
                "rights": s.rights, "note": s.note, "sha256": s.sha256}
               for s in sorted(b.sources.values(), key=lambda s: s.id)]

    def dump(data: object) -> str:
        return _json(data) + "\n"

    return {"data/claims.json": claims_text, "data/claims.csv": buffer.getvalue() + "".join(
                rows_csv),
            "data/actors.json": dump(actors), "data/topics.json": dump(topics),
            "data/sources.json": dump(sources)}
