"""Golden Markdown for the example briefing, and escaping of hostile curated text."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from briefing.check import check
from briefing.pages import _json, page_meta, pages
from briefing.site import build
from briefing.text import sentence_around
from tests.conftest import EXAMPLE, ROOT, TESTS, UPDATE, project_copy

GOLDEN = TESTS / "golden"


def test_golden_markdown() -> None:
    briefing, problems = check(EXAMPLE)
    assert not problems.errors()
    generated = pages(briefing, ROOT / "templates")
    assert briefing.identity is not None
    generated["page-meta.json"] = json.dumps(page_meta(briefing, briefing.identity.title),
                                             ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if UPDATE:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in generated.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
                for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(generated) == sorted(expected), "refresh with UPDATE_GOLDEN=1"
    for rel, text in generated.items():
        assert text == expected[rel], f"{rel} differs; refresh with UPDATE_GOLDEN=1"


HOSTILE = '<script>alert("x")</script> *fett* [link](javascript:alert(1)) | pipe'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    claims = (EXAMPLE / "facts/claims/munition.yaml").read_text("utf-8")
    claims = claims.replace("statement: Nordkorea hat Russland etwa eine Million Schuss geliefert, "
                            "sagt der Militärgeheimdienst.", f"statement: '{HOSTILE} (laut HUR)'")
    root = project_copy(tmp_path_factory.mktemp("hostile"), EXAMPLE, {
        "facts/claims/munition.yaml": claims,
        "facts/actors/hur.yaml": "id: hur\nkind: organization\n"
                                 "name: '<img src=x onerror=alert(1)>'\n"
                                 "aliases: [Militärgeheimdienst]\n"
                                 # javascript: links are refused by the check here
                                 # (markdown-not-allowed); the renderer drops them too.
                                 "summary: '<script>alert(\"x\")</script> *fett* | pipe "
                                 "[ok](https://example.org)'\n",
        "facts/topics/munition.yaml": f"id: munition\ntitle: '# {HOSTILE}'\norder: 1\n",
    })
    return build(root)


def test_hostile_text_is_escaped_everywhere(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert '<script>alert("x")' not in html, page
        assert "<img src=x" not in html, page
        assert 'href="javascript:' not in html.lower(), page
    profile = (hostile_site / "akteure/hur.html").read_text("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in profile
    assert '<a href="https://example.org">ok</a>' in profile
    assert "&lt;script&gt;" in profile


def test_hostile_text_stays_literal_in_markdown(hostile_site: Path) -> None:
    topic = (hostile_site / "themen/munition.html").read_text("utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", topic, re.S)
    assert heading and "*fett*" in heading.group(1) and "# " in heading.group(1)


@pytest.mark.parametrize(("text", "word", "sentence"), [
    ("Erst. Die Agentur behauptete am 19. Januar, es sei getestet worden. Dann.", "Agentur",
     "Die Agentur behauptete am 19. Januar, es sei getestet worden."),
    ("Erst. Es kostet z. B. ca. 5 Mio. Euro! Dann.", "kostet", "Es kostet z. B. ca. 5 Mio. Euro!"),
    ("Seit Februar 2022. Danach kam mehr.", "Danach", "Danach kam mehr."),
    ("Zeile eins\nZeile zwei. Weiter", "zwei", "Zeile zwei."),
    ("Ende. " + "a " * 600 + "Putin " + "b " * 600 + "Schluss.", "Putin",
     "a " * 500 + "Putin" + " b" * 500),  # no end within 1,000 characters: cut there
])
def test_snippets_end_at_sentence_ends_not_at_dates(text: str, word: str, sentence: str) -> None:
    start = text.index(word)
    left, right = sentence_around(text, start, start + len(word))
    assert text[left:right].strip() == sentence


def test_a_build_checks_the_facts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build.py build hands its check to the MkDocs hook, which MkDocs loads as a module of its
    own: the facts of a large briefing are not loaded and checked a second time."""
    import sys

    from briefing import cli

    root = project_copy(tmp_path / "project", EXAMPLE)
    build(root)  # loads the hook module, as MkDocs keeps it for the process
    hook = sys.modules["briefing/site.py"]
    calls: list[Path] = []

    def counted(where: Path, *args: object) -> object:
        calls.append(where)
        return check(where, *args)

    monkeypatch.setattr(cli, "check", counted)
    monkeypatch.setattr(hook, "check", counted)
    assert cli.main(["--root", str(root), "build"]) == 0
    assert len(calls) == 1


def test_forked_workers_render_the_same_pages(tmp_path: Path) -> None:
    """Pages rendered by several processes are the texts one process renders, in the same
    order: the example briefing, and a synthetic one whose claims' cards are shown on many
    pages (claims on several files, topics and busy actors with list pages)."""
    from bench.generate import generate

    root = tmp_path / "synthetic"
    generate(300, root)
    for folder in (EXAMPLE, root):
        briefing, problems = check(folder)
        assert not problems.errors()
        alone = pages(briefing, ROOT / "templates", processes=1)
        shared = pages(briefing, ROOT / "templates", processes=3)
        assert list(shared) == list(alone)
        assert shared == alone


def test_a_failing_worker_fails_the_run() -> None:
    from briefing import parallel

    def broken() -> str:
        raise ValueError("kaputt")

    with pytest.raises(ValueError, match="kaputt"):
        parallel.run([lambda: "a", broken, lambda: "c"], 2)
    assert parallel.run([lambda: "a", lambda: "b", lambda: "c"], 2) == ["a", "b", "c"]


def test_workers_take_every_task_once_and_return_them_in_task_order() -> None:
    """More tasks than the queue holds one by one (the cheapest go out in runs), handed out
    costliest first: each comes back in its place."""
    from briefing import parallel

    count = 3_000
    tasks = [functools.partial(str, i) for i in range(count)]
    assert parallel.run(tasks, 3, costs=[i % 7 for i in range(count)]) == [
        str(i) for i in range(count)]


def test_a_fork_that_fails_leaves_the_work_to_the_processes_started(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A second fork that fails (no more processes) is no error: the worker started and this
    process take every task, and no descriptor is left open."""
    import os

    from briefing import parallel

    fork, forks = os.fork, []

    def one_fork() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise OSError("no more processes")
        return fork()

    monkeypatch.setattr(os, "fork", one_fork)
    before = len(os.listdir("/proc/self/fd"))
    tasks = [functools.partial(str, i) for i in range(500)]
    assert parallel.run(tasks, 3) == [str(i) for i in range(500)]
    assert len(forks) == 2
    assert len(os.listdir("/proc/self/fd")) == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_source_text(path: Path) -> None:
    """A sentence more at the end of a source's text, its sha256 updated."""
    import hashlib

    head, _, body = path.read_text("utf-8").partition("\n---\n")
    body += "\nEin weiterer Absatz, der nichts belegt.\n"
    head = re.sub(r"sha256: \w+", f"sha256: {hashlib.sha256(body.encode()).hexdigest()}", head)
    path.write_text(f"{head}\n---\n{body}", encoding="utf-8")


def test_the_preview_renders_again_only_what_an_edit_touches(tmp_path: Path) -> None:
    """serve keeps a Memo (and a CheckCache, whose files gives the same record objects for files as
    they were): after each edit the pages equal a full render byte for byte, and a claim edit
    renders only the pages showing that claim."""
    from briefing.check import CheckCache
    from briefing.pages import Memo

    root = project_copy(tmp_path / "project")
    claims = root / "facts/claims/technologie.yaml"
    block = claims.read_text("utf-8").split("\n\n")[1]
    added = block.replace("- id: ru-kp-training-und-unterstuetzung", "- id: ru-kp-training-neu"
                          ).replace("statement: Laut", "statement: Neu – Laut")
    edits = [
        ("claim statement", lambda: _edit(claims, "statement: Laut Antony Blinken profitiert",
                                          "statement: Laut Blinken profitiert")),
        ("actor name", lambda: _edit(root / "facts/actors/kcna.yaml", "name: ", "name: Die ")),
        ("source text", lambda: _edit_source_text(
            root / "sources/003-budanov-shahed-drohnen.md")),
        ("topic title", lambda: _edit(root / "facts/topics/raumfahrt.yaml", "title: ",
                                      "title: Neu – ")),
        ("template", lambda: _edit(root / "templates/actor.md.j2", "## Zeitleiste",
                                   "## Zeitleiste der Aussagen")),
        ("claim added", lambda: claims.write_text(claims.read_text("utf-8") + "\n" + added,
                                                  encoding="utf-8")),
        ("claim removed", lambda: _edit(claims, "\n" + added, "")),
        ("claim date", lambda: _edit(claims, "claimant: antony-blinken\n  citations:\n    - "
                                     "source: 002", "claimant: antony-blinken\n  date: 2024-06\n"
                                     "  date_note: aus dem Zusammenhang erschlossen\n"
                                     "  citations:\n    - source: 002")),
    ]
    memo, cache = Memo(), CheckCache()
    briefing, _ = check(root, cache=cache)
    pages(briefing, root / "templates", processes=1, memo=memo)
    rendered = {}
    for name, edit in edits:
        edit()
        briefing, problems = check(root, cache=cache)
        assert not problems.errors(), (name, problems.sorted())
        again = pages(briefing, root / "templates", processes=1, memo=memo)
        rendered[name] = memo.rendered
        full = pages(briefing, root / "templates", processes=1)
        assert list(again) == list(full), name
        for path, text in full.items():
            assert again[path] == text, (name, path)
    done, total = rendered["claim statement"]
    assert done < total // 3, rendered
    assert rendered["template"][0] == rendered["template"][1]


@pytest.mark.parametrize("value", [
    {"a": [1, (2, "x"), {}], "b": None, "c": 1.5, "d": float("nan"), "e": True, "f": ()},
    [], {}, "ä\n\"", -3, float("inf")])
def test_json_writes_what_json_writes(value: object) -> None:
    assert _json(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [{1: "a"}, object(), {"a": {3}}])
def test_json_refuses_what_it_cannot_write(value: object) -> None:
    with pytest.raises(TypeError):
        _json(value)
