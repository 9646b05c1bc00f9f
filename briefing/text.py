"""Verbatim text: the one forgiving comparison (Unicode NFC and whitespace folding) and its spans.

A quote matches its source when both are equal after NFC normalisation and after every run of
white space is folded to one space; nothing else is forgiven. Spans are reported as offsets into
the raw source text, so the site can highlight exactly the passage that was verified.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")


@dataclass(frozen=True)
class Folded:
    """A text after folding, with the raw offset of every folded character."""

    text: str
    raw_at: tuple[int, ...]
    raw_len: int

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        raw_end = self.raw_at[end] if end < len(self.raw_at) else self.raw_len
        # Trailing folded space stands for raw white space that belongs outside the span.
        return self.raw_at[start], raw_end


def fold(raw: str) -> Folded:
    out: list[str] = []
    at: list[int] = []
    for match in re.finditer(r"\s+|\S+", raw):
        piece = match.group()
        if piece.isspace():
            out.append(" ")
            at.append(match.start())
            continue
        normal = unicodedata.normalize("NFC", piece)
        if len(normal) == len(piece):
            out.append(normal)
            at.extend(range(match.start(), match.end()))
        else:
            # Composition shortened the word: map each folded character to the word's start so
            # spans never split a combining sequence.
            out.append(normal)
            at.extend([match.start()] * len(normal))
    return Folded("".join(out), tuple(at), len(raw))


def fold_plain(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def find_all(haystack: Folded, quote: str, prefix: str | None = None,
             suffix: str | None = None) -> list[tuple[int, int]]:
    """Raw spans of every occurrence of quote (with its context, where given)."""
    needle = fold_plain(quote)
    if not needle:
        return []
    pre = fold_plain(prefix) if prefix else ""
    suf = fold_plain(suffix) if suffix else ""
    spans = []
    start = haystack.text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = haystack.text[:start].rstrip()
        after = haystack.text[end:].lstrip()
        if before.endswith(pre.rstrip()) and after.startswith(suf.lstrip()):
            spans.append(haystack.raw_span(start, end))
        start = haystack.text.find(needle, start + 1)
    return spans


@dataclass(frozen=True)
class Closest:
    passage: str
    ratio: float
    differences: tuple[str, ...]


def closest_passage(haystack: Folded, quote: str) -> Closest | None:
    """The passage of the source most like quote, and how the two differ."""
    needle = fold_plain(quote)
    text = haystack.text
    if not needle or not text:
        return None
    starts = [0] + [m.end() for m in re.finditer(" ", text)]
    best: tuple[float, int] = (-1.0, 0)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for start in starts:
        matcher.set_seq1(text[start:start + len(needle)])
        if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
            continue
        ratio = matcher.ratio()
        if ratio > best[0]:
            best = (ratio, start)
    ratio, start = best
    # The passage may be longer or shorter than the quote: try every word end near its length.
    ends = [m.start() for m in re.finditer(" ", text[start:start + len(needle) * 5 // 4 + 2])]
    ends = [e for e in ends if e >= len(needle) * 3 // 4] + [min(len(text) - start,
                                                              len(needle) * 5 // 4)]
    scored = []
    for end in ends:
        matcher.set_seq1(text[start:start + end])
        scored.append((matcher.ratio(), -end, end))
    ratio, _, length = max(scored)
    passage = text[start:start + length]
    matcher.set_seq1(passage)
    differences = tuple(
        f"in der Quelle '{passage[i1:i2]}' statt '{needle[j1:j2]}'"
        for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    return Closest(passage, ratio, differences[:3])


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


def _sentence_ends(raw: str) -> list[int]:
    """Offsets just past each sentence end ('.', '!', '?' before white space, or a line end)."""
    return [m.end() for m in _END.finditer(raw)
            if m.group() != "." or not _NO_END.search(raw, max(0, m.start() - 6), m.end())]


def sentence_around(raw: str, start: int, end: int) -> tuple[int, int]:
    """The raw span of the sentence(s) that hold [start, end), for context and snippets."""
    ends = _sentence_ends(raw)
    left = max((e for e in ends if e <= start), default=0)
    right = min((e for e in ends if e >= end), default=len(raw))
    return left, right
