"""Verbatim text: the one forgiving comparison (Unicode NFC and whitespace folding) and its spans.

A quote matches its source when both are equal after NFC normalisation and after every run of
white space is folded to one space; nothing else is forgiven. Spans are reported as offsets into
the raw source text, so the site can highlight exactly the passage that was verified.
"""

from __future__ import annotations

import bisect
import difflib
import importlib.util
import itertools
import json
import os
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")


@dataclass(frozen=True)
class Folded:
    """A text after folding, and where its offsets lie in the raw text.

    Offsets shift only where folding shortened the text (a run of white space, a word that NFC
    composed). Each such place is a checkpoint: from folded offset folded_at[i] on, the raw
    offset is raw_at[i] plus the distance from folded_at[i]. Two ints per checkpoint instead
    of one per character: sources are folded whole. The checkpoints of a text that NFC leaves
    as it is are found when an offset is first mapped: the check maps none (it counts the
    places a quote occurs), only the pages do."""

    text: str
    raw: str = field(repr=False)
    #: (folded_at, raw_at), given where folding found them anyway (text that NFC changes).
    given: tuple[array[int], array[int]] | None = field(default=None, repr=False)

    @cached_property
    def checkpoints(self) -> tuple[array[int], array[int]]:
        if self.given is not None:
            return self.given
        folded_at, raw_at = array("q"), array("q")
        shrunk = 0
        for run in _RUNS.finditer(self.raw):
            folded_at.append(run.start() - shrunk + 1)
            raw_at.append(run.end())
            shrunk += run.end() - run.start() - 1
        return folded_at, raw_at

    def raw_offset(self, at: int) -> int:
        folded_at, raw_at = self.checkpoints
        i = bisect.bisect_right(folded_at, at) - 1
        return at if i < 0 else raw_at[i] + at - folded_at[i]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        # A folded space after the span stands for raw white space that lies outside it.
        return self.raw_offset(start), (self.raw_offset(end) if end < len(self.text)
                                        else len(self.raw))


_RUNS = re.compile(r"\s{2,}")


def _collapse(text: str) -> str:
    r"""Every run of white space as one space: what re.sub(r"\s+", " ", text) gives (str.split
    and the regular expression agree on what white space is), at a quarter of its cost on a
    source, where most runs are single spaces that a substitution would copy one by one."""
    words = text.split()
    if not words:
        return " " if text else ""
    return ((" " if text[0].isspace() else "") + " ".join(words)
            + (" " if text[-1].isspace() else ""))


def fold(raw: str) -> Folded:
    if unicodedata.is_normalized("NFC", raw):
        # The usual case, without a step per word: only runs of white space shorten the text.
        return Folded(_collapse(raw), raw)
    folded_at, raw_at = array("q"), array("q")
    out: list[str] = []
    length = 0
    for match in re.finditer(r"\s+|\S+", raw):
        piece = match.group()
        normal = " " if piece.isspace() else unicodedata.normalize("NFC", piece)
        out.append(normal)
        length += len(normal)
        if len(normal) != len(piece):
            # A composed word's inner offsets map from its start; its end maps exactly, so a
            # span ending with the word keeps its combining marks.
            folded_at.append(length)
            raw_at.append(match.end())
    return Folded("".join(out), raw, (folded_at, raw_at))


def fold_plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def find_all(haystack: Folded, quote: str, prefix: str | None = None,
             suffix: str | None = None) -> list[tuple[int, int]]:
    """Raw spans of every occurrence of quote (with its context, where given)."""
    return [haystack.raw_span(start, end)
            for start, end in find_folded(haystack, quote, prefix, suffix)]


def find_folded(haystack: Folded, quote: str, prefix: str | None = None,
                suffix: str | None = None) -> list[tuple[int, int]]:
    """Spans in the folded text of every occurrence of quote (with its context, where given).

    One pass: each occurrence is tested in place (no slice of the text per occurrence), so the
    cost is the search plus the length of prefix and suffix per hit."""
    needle = fold_plain(quote)
    if not needle:
        return []
    pre = fold_plain(prefix) if prefix else ""
    suf = fold_plain(suffix) if suffix else ""
    text = haystack.text
    spans = []
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        # Folded text has single spaces: at most one separates the quote from its context.
        before = start - 1 if start and text[start - 1] == " " else start
        after = end + 1 if text.startswith(" ", end) else end
        if text.endswith(pre, 0, before) and text.startswith(suf, after):
            spans.append((start, end))
        start = text.find(needle, start + 1)
    return spans


@dataclass(frozen=True)
class Closest:
    passage: str
    ratio: float
    #: the words that differ, in German: "'1' ↔ 'eine'" (quote ↔ source)
    differences: tuple[str, ...]


#: A word that occurs more often than this in a source says nothing about where a quote is.
_COMMON = 50
#: Candidate places compared word by word, best first.
_CANDIDATES = 3
#: The most characters of a passage a hint shows.
_SHOWN = 300


def closest_passage(haystack: Folded, quote: str) -> Closest | None:
    """The passage of the source most like quote, and the words in which the two differ.

    Bounded: every source word is looked at once, every quote word votes for the places its
    occurrences put the quote at (words occurring more than _COMMON times do not vote), and
    only the _CANDIDATES places with most votes are compared word by word."""
    needle = fold_plain(quote).split(" ")
    wanted = set(needle)
    # Folded text has single spaces: splitting is the word list (without a regex match object
    # per word), and word i starts at starts[i].
    words = haystack.text.split(" ")
    starts = list(itertools.accumulate(map((1).__add__, map(len, words)), initial=0))
    where: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        if word in wanted:
            where.setdefault(word, []).append(i)
    votes: dict[int, int] = {}
    for j, word in enumerate(needle):
        places = where.get(word, ())
        if len(places) <= _COMMON:
            for i in places:
                votes[i - j] = votes.get(i - j, 0) + 1
    if not votes or needle == [""]:
        return None
    slack = max(3, len(needle) // 4)
    best: tuple[float, int, int, Sequence[tuple[str, int, int, int, int]]] | None = None
    for offset in sorted(votes, key=lambda o: (-votes[o], o))[:_CANDIDATES]:
        lo, hi = max(0, offset - slack), min(len(words), offset + len(needle) + slack)
        window = words[lo:hi]
        matcher = difflib.SequenceMatcher(None, window, needle, autojunk=False)
        first, last = _trim(matcher.get_opcodes(), len(window))
        matcher.set_seq1(window[first:last])
        ratio = matcher.ratio()
        if best is None or ratio > best[0]:
            best = (ratio, lo + first, lo + last, matcher.get_opcodes())
    assert best is not None
    ratio, first, last, opcodes = best
    passage = haystack.text[starts[first]:starts[last] - 1]
    if len(passage) > _SHOWN:
        # A hint shows where the passage is, not all of it: its start and its end.
        passage = f"{passage[:_SHOWN // 2].rstrip()} … {passage[-_SHOWN // 2:].lstrip()}"
    source_words = words[first:last]
    differences = tuple(
        f"{_words(needle[j1:j2])} ↔ {_words(source_words[i1:i2])}"
        for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    return Closest(passage, ratio, differences[:3])


def _trim(opcodes: Sequence[tuple[str, int, int, int, int]], size: int) -> tuple[int, int]:
    """The part of a window that lines up with the quote: source words before its first and
    after its last word are dropped, a differing first or last word is kept."""
    first, last = 0, size
    tag, i1, i2, j1, j2 = opcodes[0]
    if tag in ("delete", "replace"):
        first = i2 if tag == "delete" else max(i1, i2 - (j2 - j1))
    tag, i1, i2, j1, j2 = opcodes[-1]
    if tag in ("delete", "replace"):
        last = i1 if tag == "delete" else min(i2, i1 + (j2 - j1))
    return first, max(first + 1, last)


def _words(words: list[str]) -> str:
    return f"'{' '.join(words)}'" if words else "(nichts)"


def natural(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts "Messgröße 2" before "Messgröße 10": numbers by value, the rest
    by its letters, case ignored."""
    return tuple((int(part), "") if part.isdigit() else (-1, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


def slug(name: str) -> str:
    """A lowercase path-safe slug: umlauts spelt out, everything else non-alphanumeric a hyphen."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "–": "-", "—": "-"})
    plain = unicodedata.normalize("NFKD", name.lower().translate(table)).encode(
        "ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


#: A full stop after one of these does not end a sentence: a day or ordinal ("am 19. Januar",
#: "1. Armee") or a German abbreviation ("z. B.", "ca.").
_NO_END = re.compile(r"(?:(?<!\w)\d{1,2}|(?<!\w)\w|(?<!\w)(?:ca|Nr|Dr|bzw|vgl|Mio|Mrd|Tsd|"
                     r"Abs|Art|Jh|Prof|St|usw|evtl|ggf|inkl|sog))\.\Z")
_END = re.compile(r"[.!?](?=\s)|\n")


#: How far sentence_around looks each way for a sentence end: a "sentence" without one for this
#: long is cut here, so that a snippet from a 1 MB source without full stops stays short.
_SENTENCE_REACH = 1_000


@lru_cache(maxsize=4096)
def _sentence_ends(raw: str) -> tuple[int, ...]:
    """Offsets just past each sentence end ('.', '!', '?' before white space, or a line end).

    Kept per text: the mentions of 500 actors look up sentences in the same 1,000 sources,
    and splitting a source again on every lookup was most of the page generation at 10k."""
    return tuple(m.end() for m in _END.finditer(raw)
                 if m.group() != "." or not _NO_END.search(raw, max(0, m.start() - 6), m.end()))


def sentence_around(raw: str, start: int, end: int) -> tuple[int, int]:
    """The raw span of the sentence(s) that hold [start, end), for context and snippets."""
    ends = _sentence_ends(raw)
    i = bisect.bisect_right(ends, start)
    j = bisect.bisect_left(ends, end)
    return (max(ends[i - 1] if i else 0, start - _SENTENCE_REACH),
            min(ends[j] if j < len(ends) else len(raw), end + _SENTENCE_REACH))


@cache
def _confusables() -> dict[str, list[dict[str, str]]]:
    """Unicode's confusables table as confusable-homoglyphs ships it, read from its data file
    (where CONFUSABLE_DATA points, as the library itself does): the library's module also
    imports urllib.request for its updater, a sixth of the check's start-up."""
    spec = importlib.util.find_spec("confusable_homoglyphs")
    assert spec is not None and spec.submodule_search_locations
    folder = os.environ.get("CONFUSABLE_DATA", spec.submodule_search_locations[0])
    with open(os.path.join(folder, "confusables.json"), encoding="utf-8") as file:
        table: dict[str, list[dict[str, str]]] = json.load(file)
    return table


@cache
def _prototype(char: str) -> str:
    """One character standing for every single character that looks like char (Unicode's
    confusables table via confusable-homoglyphs): Cyrillic 'К' and Latin 'K' give 'K'."""
    alike: list[str] = [h["c"] for h in _confusables().get(char, ()) if len(h["c"]) == 1]
    return min([char, *alike])


def skeleton(name: str) -> str:
    """What a name looks like: two names with one skeleton are easily taken for each other."""
    return "".join(_prototype(c) for c in unicodedata.normalize("NFKC", name))
