"""Derived views of a checked Briefing for pages: URLs, German wording, mentions, highlights.

Pure functions over the model; templates read these, so no page computes anything itself.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from briefing.check import mentioned
from briefing.fidelity import date_given_by, sourcing
from briefing.model import (
    Actor,
    Briefing,
    Citation,
    Claim,
    Date,
    Finding,
    Measure,
    Quantity,
    Source,
    Topic,
    source_number,
)
from briefing.text import MONTHS, find_all, fold, sentence_around
from briefing.wording import MODALITIES, Label, is_relation, label, relation

APPROX_WORDS = {"exact": "", "about": "etwa ", "almost": "fast ", "more-than": "über ",
                "less-than": "unter ", "up-to": "bis zu "}
KIND_TITLES = {"country": "Staaten", "person": "Personen", "organization": "Organisationen",
               "system": "Systeme", "unnamed": "Ungenannte Stimmen"}
#: One actor's kind, as a profile and the network's legend name it.
KIND_NAMES = {"country": "Staat", "person": "Person", "organization": "Organisation",
              "system": "System", "unnamed": "Ungenannte Stimme"}
UNKNOWN = "unbekannt"


#: Most claims one page of a claims file shows (a card takes 1.5–2 KB of HTML there): a file
#: with more is shown on numbered pages, so that no page of it comes near 1 MB.
FILE_PAGE_CLAIMS = 300


def file_page(claim: Claim) -> str:
    """The page of the claim's file (its first, when the file has numbered pages: see
    claim_pages)."""
    return f"aussagen/{posixpath.splitext(posixpath.basename(claim.file))[0]}.md"


def list_page(base: str, number: int) -> str:
    """Page number of a list: the first is base itself; '--' cannot occur in an id."""
    return base if number == 1 else f"{base[:-3]}--{number}.md"


def claim_pages(claims: Iterable[Claim]) -> dict[str, str]:
    """claim id -> the page that shows its card: its file's page, or for a file of more than
    FILE_PAGE_CLAIMS claims the numbered page holding it, in the order of the file."""
    files: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        files[claim.file].append(claim)
    out = {}
    for in_file in files.values():
        in_file.sort(key=lambda c: c.where.line)
        for index, claim in enumerate(in_file):
            out[claim.id] = list_page(file_page(claim), index // FILE_PAGE_CLAIMS + 1)
    return out


#: The page each kind of record is shown on; a claim's is its file's page (a file of many
#: claims has numbered pages: Views.claim_page knows which holds a claim).
PAGES = {"actor": "akteure/{}.md", "topic": "themen/{}.md", "source": "quellen/{}.md",
         "measure": "zahlen.md", "finding": "index.md"}


def page_of(kind: str, record: Actor | Topic | Source | Measure | Finding) -> str:
    """The page a record is shown on (a claim's: see claim_pages)."""
    return PAGES[kind].format(record.id)


def relative(from_page: str, to_page: str, anchor: str = "", *, html: bool = False) -> str:
    """A link from one page's source path to another's (.md for Markdown, .html for HTML)."""
    target = to_page[:-3] + ".html" if html and to_page.endswith(".md") else to_page
    link = _relpath(target, folder(from_page))
    return link + (f"#{anchor}" if anchor else "")


@functools.cache
def folder(page: str) -> str:
    """The folder of a page's source path ("." at the top), remembered: a site's few thousand
    pages ask for it hundreds of thousands of times."""
    return posixpath.dirname(page) or "."


@functools.cache
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: pages link to the same few hundred pages over and over."""
    return posixpath.relpath(target, start)


def format_date(date: Date | None, inferred: bool = False) -> str:
    if date is None:
        return UNKNOWN

    def one(part: tuple[int | None, int | None, int | None]) -> str:
        year, month, day = part
        words = []
        if day:
            words.append(f"{day}.")
        if month:
            words.append(MONTHS[month - 1])
        words.append(str(year) if year else "(Jahr unbekannt)")
        return " ".join(words)

    text = one(date.start) + (f" – {one(date.end)}" if date.end else "")
    return text + (" (Jahr aus dem Kontext erschlossen)" if inferred else "")


def count_claims(n: int) -> str:
    return f"{n} Aussage" if n == 1 else f"{n} Aussagen"


def format_number(amount: float) -> str:
    if float(amount).is_integer():
        return f"{int(amount):,}".replace(",", ".")
    return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def format_amount(q: Quantity) -> str:
    return f"{APPROX_WORDS[q.approx]}{format_number(q.amount)}"


def format_quantity(q: Quantity) -> str:
    return f"{format_amount(q)} {q.unit}"


def _trie_pattern(words: list[str]) -> str:
    """One regex alternative per shared prefix, so the engine tries a text position against
    the few names that start with its letter, not against every name; where a name is the
    prefix of another, the longer is tried first (longest match wins, as in a plain
    alternation sorted by length)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return pattern(trie)


@dataclass(frozen=True)
class Relation:
    """One row of a relations table and one network edge: the claims that word it alike."""

    subject: str
    label: str
    object: str
    claims: list[Claim]
    #: The label is hedged ("soll liefern an"): drawn dashed, marked in tables.
    hedged: bool
    #: The German name of the claims' modality ("berichtet", "möglich").
    modality: str
    #: The relation as one German line with the actors' names ("A soll an B liefern"), for
    #: tooltips.
    line: str


class Span(NamedTuple):
    """A marked stretch of a source's text. A tuple, not a dataclass: a large briefing's
    sources hold a hundred thousand of them, made in one process and handed to another."""

    start: int
    end: int
    kind: str  # "quote" or "mention"
    target: str  # quote anchor, or actor id


#: Where an actor's name may start: not inside a word, except a capitalised name glued to a
#: lowercase word (a lost space in source 004).
_NAME_START = re.compile(r"(?<![\wÄÖÜäöüß])|(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")


def quote_anchor(start: int, end: int) -> str:
    return f"zitat-{start}-{end}"


class Views:
    """Everything pages need beyond the raw model, computed once per build."""

    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.clear()

    def clear(self) -> None:
        """Forget every view derived so far (they are derived again when asked for)."""
        self._dates_given: dict[str, list[str]] = {}
        self._labels: dict[tuple[str, str, bool, bool], Label] = {}
        #: The snippet around an actor's first mention in a source, by (source id, actor id),
        #: where another process found it (see take_found).
        self._snippets: dict[tuple[str, str], str] = {}
        for name in [name for name, value in vars(type(self)).items()
                     if isinstance(value, cached_property)]:
            self.__dict__.pop(name, None)

    def prepare(self, mentions: bool = True) -> None:
        """Derive every index a page may read now, so that processes forked after this share
        them instead of each deriving its own; without mentions, all but the mentions (forked
        processes may find them, see found_in)."""
        for name in ("spans", "passages", "claim_pages", "sorted_claims", "dated_claims",
                     "_about", "_by", "_in_topic", "_timeline", "relations", "_relations_of",
                     "citing", "figures") + (("mentions", "_mentioned") if mentions else ()):
            getattr(self, name)

    @cached_property
    def spans(self) -> dict[tuple[str, int], tuple[int, int]]:
        """(claim id, citation index) -> raw span of the quote in its source."""
        folded = {sid: s.folded or fold(s.text) for sid, s in self.b.sources.items()}
        out = {}
        for claim in self.b.claims.values():
            for i, c in enumerate(claim.citations):
                found = find_all(folded[c.source], c.quote, c.prefix, c.suffix)
                out[(claim.id, i)] = found[0]
        return out

    def citation_anchor(self, claim: Claim, index: int) -> str:
        return quote_anchor(*self.spans[(claim.id, index)])

    @cached_property
    def passages(self) -> dict[str, dict[tuple[int, int], list[Claim]]]:
        """source id -> cited span -> the claims that cite it."""
        # Dicts keyed by claim id keep each claim once, in order, without a list search.
        found: dict[str, dict[tuple[int, int], dict[str, Claim]]] = defaultdict(
            lambda: defaultdict(dict))
        for claim in self.sorted_claims:
            for i, c in enumerate(claim.citations):
                found[c.source][self.spans[(claim.id, i)]][claim.id] = claim
        return {sid: {span: list(claims.values()) for span, claims in spans.items()}
                for sid, spans in found.items()}

    @cached_property
    def claim_pages(self) -> dict[str, str]:
        """claim id -> the page that shows its card (see claim_pages)."""
        return claim_pages(self.b.claims.values())

    def claim_page(self, claim: Claim) -> str:
        """The page that shows the claim's card (see claim_pages)."""
        return self.claim_pages[claim.id]

    @cached_property
    def sorted_claims(self) -> list[Claim]:
        return sorted(self.b.claims.values(), key=lambda c: (c.file, c.where.line))

    @staticmethod
    def date_order(claim: Claim) -> tuple[bool, bool, tuple[int, int, int], str]:
        """The one order of dated things everywhere: by date, a date without year after all
        dated ones (it may be any year), undated last."""
        date = claim.date
        return (date is None, date is not None and not date.year_known,
                date.sort_key() if date else (0, 0, 0), claim.id)

    @cached_property
    def dated_claims(self) -> list[Claim]:
        return sorted((c for c in self.sorted_claims if c.date), key=self.date_order)

    @cached_property
    def stand(self) -> str:
        known = [c for c in self.dated_claims if c.date and c.date.year_known]
        return format_date(known[-1].date) if known else UNKNOWN

    def claim_counts(self, actor_id: str) -> str:
        """ "3 Aussagen darüber, 1 als Urheber": what the briefing says about an actor and what
        it has the actor say."""
        about, said = len(self.claims_about(actor_id)), len(self.claims_by(actor_id))
        parts = [f"{count_claims(about)} darüber"] if about else []
        if said:
            parts.append(f"{said} als Urheber" if about else f"{count_claims(said)} als Urheber")
        return ", ".join(parts) or "keine Aussagen"

    # Every per-actor, per-topic and per-source view is an index built in one pass over the
    # claims, so a page looks its list up instead of scanning every claim (10,000 of them).

    @cached_property
    def _about(self) -> dict[str, list[Claim]]:
        return _index(self.sorted_claims, lambda c: (c.subject, c.object, *c.involves))

    @cached_property
    def _by(self) -> dict[str, list[Claim]]:
        return _index(self.sorted_claims, lambda c: [c.claimant_of(cit) for cit in c.citations])

    @cached_property
    def _in_topic(self) -> dict[str, list[Claim]]:
        out = _index(self.sorted_claims, lambda c: c.topics)
        for claims in out.values():
            claims.sort(key=self.date_order)
        return out

    @cached_property
    def _timeline(self) -> dict[str, list[Claim]]:
        return _index(self.dated_claims, lambda c: (c.subject, c.object, *c.involves))

    @cached_property
    def _relations_of(self) -> dict[str, list[Relation]]:
        out: dict[str, list[Relation]] = defaultdict(list)
        for rel in self.relations:
            for actor in dict.fromkeys((rel.subject, rel.object)):
                out[actor].append(rel)
        return out

    @cached_property
    def citing(self) -> dict[str, list[Claim]]:
        """source id -> the claims citing it, each once, in page order."""
        return _index(self.sorted_claims, lambda c: (cit.source for cit in c.citations))

    @cached_property
    def figures(self) -> dict[str, list[Claim]]:
        """measure id -> the claims with a figure for it."""
        return _index(self.sorted_claims, lambda c: (c.measure,) if c.quantity else ())

    def claims_about(self, actor_id: str) -> list[Claim]:
        """Claims whose subject, object or involved actors include the actor."""
        return self._about.get(actor_id, [])

    def claims_by(self, actor_id: str) -> list[Claim]:
        """Claims the actor asserts, in any of their citations."""
        return self._by.get(actor_id, [])

    def claims_in_topic(self, topic_id: str) -> list[Claim]:
        return self._in_topic.get(topic_id, [])

    def timeline(self, actor_id: str) -> list[Claim]:
        """The dated claims about the actor, oldest first."""
        return self._timeline.get(actor_id, [])

    def relations_of(self, actor_id: str) -> list[Relation]:
        return self._relations_of.get(actor_id, [])

    def label(self, claim: Claim) -> Label:
        """The claim's relation in German, agreeing with its subject and its modality."""
        key = (claim.predicate, claim.modality, self.b.actors[claim.subject].plural,
               claim.object is not None)
        # A few dozen labels, asked for by every card and relation: each is worded once.
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = label(*key)
        return found

    @cached_property
    def relations(self) -> list[Relation]:
        """Every claim that relates its subject to an object, grouped by subject, German label
        and object."""
        grouped: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
        for c in self.sorted_claims:
            if c.object and is_relation(c.predicate):
                grouped[(c.subject, self.label(c).text(), c.object)].append(c)
        # A hedged label names its modality, so every claim in its group shares it.
        names = {a.id: a.name for a in self.b.actors.values()}
        return [Relation(s, p, o, cs, self.label(cs[0]).hedged, MODALITIES[cs[0].modality],
                         relation(names[s], self.label(cs[0]), names[o]))
                for (s, p, o), cs in sorted(grouped.items())]

    def voices(self, claim: Claim) -> list[str]:
        """The distinct voices that back the whole statement, each by the first name it speaks
        under here (Budanov, not his HUR) and once."""
        names: dict[str, str] = {}
        for citation in claim.citations:
            if citation.partial:
                continue
            voice = self.b.voice_of(claim, citation)
            who = claim.claimant_of(citation)
            names.setdefault(voice, self.b.actors[who].name if who
                             else f"Quelle {source_number(citation.source)}")
        return list(names.values())

    def corroboration(self, claim: Claim) -> str:
        """ "2 unabhängige Stimmen (…)" only where two voices back the whole statement; relays of
        one voice by several sources and partial citations are said, never counted."""
        voices = self.voices(claim)
        count = (f"{len(voices)} unabhängige Stimmen" if len(voices) > 1
                 else f"{len(voices)} Stimme")
        text = f"{count} ({', '.join(voices)})"
        full = [c for c in claim.citations if not c.partial]
        sources = dict.fromkeys(c.source for c in full)
        if len(sources) > len(voices):
            text += f", wiedergegeben in {len(sources)} Quellen"
        partial = len(claim.citations) - len(full)
        if partial:
            text += (f"; {partial} Beleg{'e' if partial > 1 else ''} nur für einen Teil, "
                     "nicht gezählt")
        return text

    def modality_name(self, claim: Claim, citation: Citation | None = None) -> str:
        return MODALITIES[claim.modality_of(citation) if citation else claim.modality]

    def date_inferred(self, claim: Claim) -> bool:
        """The one answer to "is this date inferred?" for pages and data: declared so, or given
        by none of the cited passages."""
        return claim.date is not None and (claim.date_inferred or not self._date_given(claim))

    def date_text(self, claim: Claim) -> str:
        """The claim's date in German, marked when no cited passage gives it."""
        text = format_date(claim.date, claim.date_inferred)
        if self.date_inferred(claim) and not claim.date_inferred:
            text += " (erschlossen)"
        return text

    def _date_given(self, claim: Claim) -> list[str]:
        """date_given_by, once per claim: every page that shows a claim's date asks it."""
        if claim.id not in self._dates_given:
            self._dates_given[claim.id] = date_given_by(claim)
        return self._dates_given[claim.id]

    def dates_given(self, claims: list[Claim]) -> dict[str, list[str]]:
        """_date_given of each of these claims, for take_dates in the process that forked
        this one: rendering a claim's card asks it, and so does every other page showing the
        claim's date (the data files ask it of every claim)."""
        return {claim.id: self._date_given(claim) for claim in claims}

    def take_dates(self, dates: dict[str, list[str]]) -> None:
        """What dates_given found in other processes."""
        self._dates_given.update(dates)

    def date_sources(self, claim: Claim) -> str:
        """The sources that give the date, when not every cited source does ('' otherwise)."""
        given = self._date_given(claim)
        cited = dict.fromkeys(c.source for c in claim.citations)
        if given and len(cited) > len(given):
            return "nur laut " + ", ".join(f"Quelle {source_number(s)}" for s in given)
        return ""

    def sourcing(self, finding: Finding) -> list[str]:
        return sourcing(self.b, finding.claims)

    def claimant_name(self, claim: Claim, citation: Citation | None = None) -> str | None:
        who = claim.claimant_of(citation) if citation else claim.claimant
        return self.b.actors[who].name if who else None

    def claimant_text(self, claim: Claim, citation: Citation | None = None,
                      itself: str = "Quelle selbst") -> str:
        """Who says it: "laut HUR", an unnamed voice by its name ("Unbenannte Berichte"), or the
        source itself."""
        who = claim.claimant_of(citation) if citation else claim.claimant
        if who is None:
            return itself
        return self.b.actors[who].as_claimant

    def claimants_by_source(self, claim: Claim) -> list[tuple[str | None, str]]:
        """(claimant or None, source id) for each full citation, when they do not all share the
        claim's claimant; [] when one claimant speaks for the whole claim."""
        pairs = list(dict.fromkeys((claim.claimant_of(c), c.source)
                                   for c in claim.citations if not c.partial))
        if all(who == claim.claimant for who, _ in pairs):
            return []
        return pairs

    @cached_property
    def mentions(self) -> dict[str, dict[str, tuple[Span, int]]]:
        """source id -> actor id -> the first span naming the actor in the source's text and how
        many do (longest alias wins, no overlaps). Only the first span is kept: it is the one a
        source page links and a profile quotes, and a 1 MB source can name actors hundreds of
        thousands of times."""
        return {sid: self.mentions_in(source) for sid, source in self.b.sources.items()}

    @cached_property
    def mention_pattern(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """The pattern of every actor's names and forms, and alias -> the actor it names."""
        aliases = sorted(((alias, a.id) for a in self.b.actors.values()
                          for alias in a.forms),
                         key=lambda x: -len(x[0]))
        # Names only: a pattern that starts with them lets the regex engine skip to the
        # positions where a name's first letter stands; where one may start is _NAME_START's.
        pattern = re.compile("(" + _trie_pattern([alias for alias, _ in aliases]) + ")"
                             ) if aliases else None
        return pattern, {alias: aid for alias, aid in reversed(aliases)}

    def mentions_in(self, source: Source) -> dict[str, tuple[Span, int]]:
        """One source's entry of mentions."""
        pattern, owner = self.mention_pattern
        counts: Counter[str] = Counter()
        first: dict[str, Span] = {}
        text, end, at = source.text, source.article_end, 0
        while pattern is not None:
            # The leftmost name from at on that starts where a name may start, as one pattern
            # "(?:start)(names)" would find it, at a quarter of the cost.
            found = pattern.search(text, at, end)
            if found is None:
                break
            start = found.start()
            if _NAME_START.match(text, start, end) is None:
                at = start + 1
                continue
            aid = owner[found.group(1)]
            counts[aid] += 1
            if aid not in first:
                first[aid] = Span(start, found.end(), "mention", aid)
            at = found.end()
        return {aid: (span, counts[aid]) for aid, span in first.items()}

    @cached_property
    def _mentioned(self) -> dict[str, dict[str, tuple[Span, int]]]:
        """actor id -> source id -> the first span naming the actor there and how many do."""
        out: dict[str, dict[str, tuple[Span, int]]] = defaultdict(dict)
        for sid, found in self.mentions.items():
            for aid, first in found.items():
                out[aid][sid] = first
        return out

    def mentioned_in(self, actor_id: str, most: int | None = None
                     ) -> list[tuple[Source, int, str]]:
        """(source, count, snippet) for every source whose text names the actor; with most,
        for the sources naming it most often only (ties by id), busiest first."""
        found = list(self._mentioned.get(actor_id, {}).items())
        if most is not None:
            found = sorted(found, key=lambda item: (-item[1][1], item[0]))[:most]
        out = []
        for sid, (first, count) in found:
            snippet = self._snippets.get((sid, actor_id))
            if snippet is None:
                snippet = _snippet(self.b.sources[sid].text, first)
            out.append((self.b.sources[sid], count, snippet))
        return out

    def found_in(self, sources: list[Source]) -> Found:
        """The mentions in these sources (found here unless this Views was handed them) with
        the snippet around each first one, for take_found in the process that forked this
        one: the snippets of all sources are what every profile reads, and finding their
        sentences is half the cost of finding the mentions."""
        known = self.__dict__.get("mentions")
        out = {}
        for source in sources:
            mentions = known[source.id] if known is not None else self.mentions_in(source)
            out[source.id] = [(aid, span.start, span.end, count, _snippet(source.text, span))
                              for aid, (span, count) in mentions.items()]
        return out

    def take_found(self, found: Found) -> None:
        """What found_in found in other processes, for every source."""
        if "mentions" not in self.__dict__:
            self.mentions = {sid: {aid: (Span(start, end, "mention", aid), count)
                                   for aid, start, end, count, _ in found[sid]}
                             for sid in self.b.sources}
        self._snippets.update(((sid, row[0]), row[4]) for sid, rows in found.items()
                              for row in rows)

    def mention_count(self, actor_id: str) -> int:
        """How many sources name the actor."""
        return len(self._mentioned.get(actor_id, {}))

    def actors_in(self, claims: list[Claim]) -> list[str]:
        seen = dict.fromkeys(a for c in claims for a in mentioned(c))
        return sorted(seen, key=lambda a: self.b.actors[a].name)

    def sources_of(self, claims: list[Claim]) -> list[Source]:
        ids = dict.fromkeys(c.source for claim in claims for c in claim.citations)
        return [self.b.sources[s] for s in sorted(ids)]


#: Views.found_in: source id -> (actor id, start, end, count, snippet) of each actor it names.
Found = dict[str, list[tuple[str, int, int, int, str]]]


def _snippet(text: str, first: Span) -> str:
    """The sentence around a mention, as a profile quotes it."""
    start, end = sentence_around(text, first.start, first.end)
    return text[start:end].strip()


def _index(claims: Iterable[Claim], keys: Callable[[Claim], Iterable[str | None]]
           ) -> dict[str, list[Claim]]:
    """Each claim listed once under each of its keys, in the given order (empty keys skipped)."""
    out: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        for key in dict.fromkeys(keys(c)):
            if key:
                out[key].append(c)
    return out
