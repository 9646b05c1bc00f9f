"""German wording from data: relation labels by modality and number; hedge and attribution cues.

Both tables are TOML files beside this module (briefing/data/), read once with the standard
library; the code holds no German words of its own, so an editor extends the language by data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from briefing.text import fold_plain

DATA = Path(__file__).parent / "data"


def table(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


_RELATIONS = table("relations.toml")

#: How a source puts a statement, with its German name; the first is the plain fact.
MODALITIES: dict[str, str] = {m: spec["name"] for m, spec in _RELATIONS["modality"].items()}
#: The controlled list of claim predicates with their asserted singular label.
PREDICATES: dict[str, str] = {}


@dataclass(frozen=True)
class Label:
    """A relation's verb phrase split around its object: "soll an" … "liefern"."""

    head: str
    tail: str
    hedged: bool
    with_object: bool = True
    #: Set when the claim is about its subject rather than an act of it ("concerns"): the words
    #: that go before the subject ("Aussage über"); head then joins the object ("und").
    about: str = ""

    def text(self) -> str:
        """The label for a table column; "…" marks where the object goes."""
        if self.about:
            return self.about
        if self.with_object and self.tail:
            return f"{self.head} … {self.tail}"
        return f"{self.head} {self.tail}".strip()


_BRACKET = re.compile(r"\[([^\]]*)\]")


def _phrase(text: str, with_object: bool, adverb: str = "") -> str:
    """A verb phrase from the table: brackets kept (with object) or dropped, the adverb after
    the finite verb, spaces tidied."""
    text = _BRACKET.sub(r"\1" if with_object else "", text)
    if adverb:
        verb, _, rest = text.partition(" ")
        text = f"{verb} {adverb} {rest}"
    return " ".join(text.split())


def label(predicate: str, modality: str = "asserted", plural: bool = False,
          with_object: bool = True) -> Label:
    spec = _RELATIONS["predicates"][predicate]
    mode = _RELATIONS["modality"][modality]
    if spec.get("speech"):
        mode = _RELATIONS["modality"]["asserted"]
    hedged = modality != "asserted" and not spec.get("speech")
    if "about" in spec:
        about, joiner = spec["about"]
        return Label(joiner, "", hedged, with_object, about)
    forms = spec.get("bare") if not with_object else None
    finite = forms[plural] if forms else spec["pl" if plural else "sg"]
    infinitive = forms[2] if forms else spec["inf"]
    if "modal" in mode:
        phrase = f"{mode['modal'][plural]} {_phrase(infinitive, with_object)}"
    else:
        phrase = _phrase(finite, with_object, mode.get("adverb", ""))
    head, _, tail = phrase.partition("…")
    return Label(head.strip(), tail.strip(), hedged, with_object)


def is_speech(predicate: str) -> bool:
    """A speech act (warns, states …): the claim reports that someone said something."""
    return bool(_RELATIONS["predicates"][predicate].get("speech"))


def finding_words(predicate: str) -> tuple[str, ...]:
    """The words a finding must use to say a claim of this predicate ("anbieten" for an offer);
    () when any wording will do."""
    return tuple(_RELATIONS["predicates"][predicate].get("words", ()))


def says_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether the text has one of the words, whole and ignoring case."""
    folded = fold_plain(text).casefold()
    return any(re.search(r"(?<!\w)" + re.escape(fold_plain(w).casefold()) + r"(?!\w)", folded)
               for w in words)


def is_relation(predicate: str) -> bool:
    """Whether claims of this predicate relate subject and object (a table row, a network
    edge); "concerns" only says something about them."""
    return "about" not in _RELATIONS["predicates"][predicate]


PREDICATES.update({p: label(p).text() for p in _RELATIONS["predicates"]})


def relation(subject: str, lab: Label, obj: str | None) -> str:
    """One line "subject label object": the object takes the place of "…" or follows the head."""
    if lab.about:
        return f"{lab.about} {subject}" + (f" {lab.head} {obj}" if obj and lab.with_object
                                            else "")
    if obj is None or not lab.with_object:
        return f"{subject} {lab.text()}"
    if lab.tail:
        return f"{subject} {lab.head} {obj} {lab.tail}"
    return f"{subject} {lab.head} {obj}"


@dataclass(frozen=True)
class Cue:
    words: str
    attribution: bool
    modality: str | None


@cache
def _cues() -> tuple[tuple[str, re.Pattern[str], Cue], ...]:
    merged: dict[str, Cue] = {}
    for entry in table("cues.toml")["cue"]:
        for words in entry["words"]:
            key = fold_plain(words).casefold()
            old = merged.get(key)
            modality: str | None = entry.get("modality") or (old.modality if old else None)
            merged[key] = Cue(words, entry.get("attribution", False) or bool(
                old and old.attribution), modality)
    ordered = sorted(merged.items(), key=lambda kv: -len(kv[0]))
    return tuple((key, re.compile(r"(?<!\w)" + re.escape(key).replace(r"\ ", r"\s+")
                                  + r"(?!\w)"), cue) for key, cue in ordered)


_WORD = re.compile(r"\w+")


@cache
def _cues_by_first_word() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The places in _cues() of the cues whose key begins with each word, and of those that
    begin with something else. A cue begins where a word of the text begins and takes all of
    it (its pattern stands between non-word characters), so only the cues under the text's
    own words can occur in it."""
    index: dict[str, list[int]] = {}
    other: list[int] = []
    for at, (key, _, _) in enumerate(_cues()):
        word = _WORD.match(key)
        if word:
            index.setdefault(word.group(), []).append(at)
        else:
            other.append(at)
    return {word: tuple(places) for word, places in index.items()}, tuple(other)


@lru_cache(maxsize=1024)
def cues_in(text: str) -> tuple[Cue, ...]:
    """Every cue the text carries, longest first, each once. Remembered for the last texts:
    the check asks each quote for its hedges and then for its attributions."""
    folded = fold_plain(text).casefold()
    found: list[Cue] = []
    for key, pattern, cue in _candidates(folded):
        # The plain substring test rules out most candidates at a fraction of a regex scan.
        if key in folded and pattern.search(folded) and cue not in found:
            found.append(cue)
    return tuple(found)


def _candidates(folded: str) -> list[tuple[str, re.Pattern[str], Cue]]:
    """The cues that can occur in a folded text, in the order of _cues(). A briefing of 10,000
    claims asks for the cues of every quote and statement: a hundred tried on each took a
    third of the wording checks, the few under its words take little."""
    cues = _cues()
    index, other = _cues_by_first_word()
    places = set(other)
    # The text's words that begin a cue, found by one set intersection (most begin none).
    for word in index.keys() & _WORD.findall(folded):
        places.update(index[word])
    return [cues[at] for at in sorted(places)]


def count_hedges(text: str, modality: str) -> int:
    """How often the text hedges in one modality ("möglicherweise … möglicherweise" = 2)."""
    folded = fold_plain(text).casefold()
    return sum(len(pattern.findall(folded)) for key, pattern, cue in _candidates(folded)
               if cue.modality == modality and key in folded)


def hedges(text: str) -> list[Cue]:
    return [c for c in cues_in(text) if c.modality]


def attributions(text: str) -> list[Cue]:
    return [c for c in cues_in(text) if c.attribution]
