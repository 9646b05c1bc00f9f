"""Loading: the line reader for flat mappings reads exactly what libyaml's events give, and no
file is read further than its limit.

parse_yaml reads a flat `key: value` mapping (a source's front matter, most actor and topic
files) without libyaml; every text it takes must give the same tree, with the same positions,
as the event reader, and none that the event reader has a problem with.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from briefing import load
from briefing.load import Y, _flat_mapping, _parse_events, parse_yaml
from briefing.problems import Problems
from tests.conftest import EXAMPLE, ROOT, TESTS, load_case

SHAPES = ("standard", "wide", "tall", "split", "single")


def _plain(y: Any) -> Any:
    """A Y tree as plain data with every position, to compare two readings."""
    if not isinstance(y, Y):
        return y
    value = y.value
    if isinstance(value, dict):
        value = {key: _plain(child) for key, child in value.items()}
    elif isinstance(value, list):
        value = [_plain(item) for item in value]
    return (type(value).__name__, value, str(y.where), dict(y.keys))


def _same_reading(text: str, path: str = "facts/x.yaml", line_offset: int = 0) -> bool:
    """Whether the line reader took text; if it did, it read what the event reader reads."""
    flat = _flat_mapping(text, path, line_offset)
    if flat is None:
        return False
    problems = Problems()
    events = _parse_events(text, path, problems, line_offset)
    assert problems.items() == []
    assert _plain(flat) == _plain(events)
    return True


def _texts(root: Path) -> list[tuple[str, int]]:
    """Every YAML text under root as parse_yaml is given it: fact files whole, sources'
    front matter (with the line it begins on)."""
    texts = [(path.read_text("utf-8"), 0) for path in sorted(root.glob("facts/**/*.yaml"))]
    for path in sorted(root.glob("sources/*.md")):
        texts += _front(path.read_text("utf-8"))
    return texts


def _front(text: str) -> list[tuple[str, int]]:
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return []
    return [(text[4:text.index("\n---\n", 3) + 1], 1)]


@pytest.mark.parametrize("root", [ROOT, EXAMPLE], ids=["briefing", "example"])
def test_the_project_and_the_example_read_alike(root: Path) -> None:
    texts = _texts(root)
    taken = sum(_same_reading(text, line_offset=offset) for text, offset in texts)
    # The reader must take the common files (front matter, actors), or it would only cost time.
    assert taken >= 3


def test_every_check_case_reads_alike() -> None:
    taken = 0
    for case_file in sorted((TESTS / "cases" / "check").glob("*.yaml")):
        for rel, spec in (load_case(case_file).get("files") or {}).items():
            if not isinstance(spec, str):
                continue
            texts = ([(spec, 0)] if rel.endswith(".yaml")
                     else _front(spec) if rel.endswith(".md") else [])
            taken += sum(_same_reading(text, rel, offset) for text, offset in texts)
    assert taken > 20


@pytest.mark.parametrize("shape", SHAPES)
def test_generated_shapes_read_alike(shape: str, tmp_path: Path) -> None:
    generate(200, tmp_path / shape, shape=shape)
    texts = _texts(tmp_path / shape)
    assert sum(_same_reading(text, line_offset=offset) for text, offset in texts) > 10


#: Values that look like text but are not, or are not read to the end of the line, in YAML.
_TRICKY = ["null", "~", "true", "no", "Yes", "off", "0", "-1", "+1", "0x1F", "0o17", "1_000",
           "3.5", ".5", ".inf", "-.inf", ".nan", "1e3", "2024-01-19", "2024-02-30",
           "2024-01-19 10:00:00", "12:30", "<<", "=", "a: b", "a #b", "a#b", "a:", "a:b",
           "'a'", '"a"', "'it''s'", '"a\\tb"', '"a"b', "[a, b]", "{a: b}", "- a", "-a", "? a",
           ": a", "&a a", "*a", "!a a", "!!str 1", "|", ">", "%a", "@a", "`a", "a ", " a",
           "a\tb", "a\x85b", "a\u2028b", "a\ufeffb", "a\u202eb", "a\x7fb", "ä", "€ 5",
           "a,b", "a]", "a}", "Ö: x", '""', "''", "#a", "a  b", "a\xa0", "\xa0a", "x" * 1100]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(["id", "title", "y", "null", "a_b", "Key", "_x", "a-b", "1", "id",
                     "k" * 1100]),
    st.one_of(st.sampled_from(_TRICKY), st.text(max_size=12))), min_size=1, max_size=5),
    st.lists(st.sampled_from(["", "# note", "#", " ", "---", "...", "  id: x", "%YAML 1.1"]),
             max_size=2),
    st.booleans())
def test_any_flat_looking_text_reads_alike(lines: list[tuple[str, str]], extra: list[str],
                                           final_break: bool) -> None:
    rows = [f"{key}: {value}" for key, value in lines]
    for i, row in enumerate(extra):
        rows.insert(i * 2 % (len(rows) + 1), row)
    text = "\n".join(rows) + ("\n" if final_break else "")
    _same_reading(text)
    _same_reading(text, "sources/x.md", 1)


def test_the_common_front_matter_is_read_without_libyaml() -> None:
    text = ('id: 000-a\ntitle: "[Ein Titel: mit Doppelpunkt]"\npublisher: null\n'
            "published: 2024-01-19\n# a comment\n\nlanguage: de\nrights: 'full-text'\n")
    assert _same_reading(text, "sources/000-a.md", 1)


def test_a_flat_mapping_past_the_value_limit_is_refused_as_libyaml_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_VALUES", 6)
    problems = Problems()
    assert parse_yaml("a: 1\nb: 2\nc: 3\n", "facts/x.yaml", problems) is None
    assert [p.code for p in problems.items()] == ["limit-exceeded"]
    assert _same_reading("a: 1\nb: 2\n")


@pytest.mark.parametrize("batch", [0.0, 10.0], ids=["frame-per-file", "one-frame"])
def test_two_processes_load_what_one_loads(batch: float, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The records the reading child streams back (a frame per file, or all in one) are
    those one process reads, in the same order, with every position."""
    import os

    from briefing import parallel

    root = tmp_path / "split"
    generate(300, root, shape="split")
    monkeypatch.setattr(parallel, "available", lambda: False)
    alone = load.load(root, Problems())
    forks: list[int] = []
    fork = os.fork

    def counted() -> int:
        forks.append(1)
        return fork()

    monkeypatch.setattr(os, "fork", counted)
    monkeypatch.setattr(parallel, "available", lambda: True)
    monkeypatch.setattr(parallel, "_BATCH_SECONDS", batch)
    monkeypatch.setattr(load, "PARALLEL_FROM", 0)
    sent: list[object] = []
    is_read = load._is_read

    def received(read: object) -> bool:
        sent.append(read)
        return is_read(read)

    monkeypatch.setattr(load, "_is_read", received)
    problems = Problems()
    both = load.load(root, problems)
    # The child read files and sent them: not all were read here after it failed.
    assert forks and sent and problems.items() == []
    assert both == alone
    assert [c.at for c in both.claims] == [c.at for c in alone.claims]
    assert [a.at for a in both.actors] == [a.at for a in alone.actors]


def test_a_file_over_its_limit_is_not_read(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over its limit is refused by its size, unread: a file of gigabytes would
    otherwise be read (and copied) whole before being refused."""
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * 100)
    assert load._read_bytes(path, 100) == b"a" * 100
    read = os.read
    sizes: list[int] = []

    def counted(fd: int, n: int) -> bytes:
        sizes.append(n)
        return read(fd, n)

    monkeypatch.setattr(os, "read", counted)
    assert load._read_bytes(path, 99) == 100
    assert sizes == []


def test_the_ids_of_a_broken_file_are_read_piece_by_piece(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The ids a broken file defines are found a piece at a time; a line longer than a piece is
    passed over whole, so that no piece of it is read as a line of its own."""
    monkeypatch.setattr(load, "_IDS_CHUNK", 16)
    path = tmp_path / "claims.yaml"
    path.write_text("- id: eins\n  statement: " + "x id: falsch " * 10
                    + "\n- id: straße\n  quote: 'a\n- id: drei", encoding="utf-8")
    assert load._ids_in(path) == {"eins", "straße", "drei"}
