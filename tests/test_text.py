"""The verbatim comparison: folding, the quote search and the closest passage."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.text import closest_passage, find_all, fold, fold_plain, skeleton

WORDS = ["Munition", "geliefert", "e\u0301", "é", "A\u030a", "Å,", "x"]
SPACES = [" ", "  ", "\n", "\t \n", "\u00a0"]


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES)), max_size=20),
       st.integers(0, 19), st.integers(1, 6))
def test_every_found_span_folds_back_to_the_quote(pieces: list[tuple[str, str]], at: int,
                                                  size: int) -> None:
    raw = "".join(word + space for word, space in pieces)
    words = fold_plain(raw).split(" ")
    quote = " ".join(words[at % max(1, len(words)):][:size])
    for start, end in find_all(fold(raw), quote):
        assert fold_plain(raw[start:end]) == fold_plain(quote)


def test_prefix_and_suffix_pick_one_occurrence() -> None:
    raw = "Am 1. Mai: zwei Schuss.  Am 2. Mai:\n zwei Schuss."
    assert len(find_all(fold(raw), "zwei Schuss")) == 2
    (span,) = find_all(fold(raw), "zwei Schuss", prefix="2. Mai:")
    assert raw[span[0]:span[1]] == "zwei Schuss"
    assert span[0] > raw.index("2. Mai")
    assert find_all(fold(raw), "zwei Schuss", suffix=". Am 2.") == [(11, 22)]


def test_closest_passage_names_the_differing_words() -> None:
    source = fold("Die Armee will neue Raketen testen, sagte der Sprecher am Montag in Seoul.")
    closest = closest_passage(source, "Die Armee will neue Raketen erproben, sagte der Sprecher")
    assert closest is not None
    assert closest.passage == "Die Armee will neue Raketen testen, sagte der Sprecher"
    assert closest.differences == ("'erproben,' ↔ 'testen,'",)


def test_closest_passage_of_a_quote_with_no_word_in_the_source() -> None:
    assert closest_passage(fold("Nordkorea liefert Munition."), "xyz qqq") is None


def test_a_cyrillic_look_alike_has_the_latin_skeleton() -> None:
    assert skeleton("Кim Jоng-un") == skeleton("Kim Jong-un")
    assert skeleton("Kim Jong-un") != skeleton("Kim Yo-jong")


def test_confusables_table_is_the_librarys() -> None:
    """The check reads confusable-homoglyphs' data file itself (its module imports
    urllib.request); an upgrade that moves or reshapes the file must fail here, not quietly
    stop warning about look-alike names."""
    from confusable_homoglyphs.confusables import confusables_data  # type: ignore[import-untyped]

    from briefing.text import _confusables

    assert _confusables() == confusables_data
