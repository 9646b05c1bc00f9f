"""One case file per problem code: input files overlaid on the example and the exact output."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from briefing.cli import main
from tests.conftest import TESTS, UPDATE, load_case, materialize, update_case

CASES = sorted((TESTS / "cases" / "check").glob("*.yaml"))


def run_check(root: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--root", str(root), "check", *args])
    return code, out.getvalue()


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, tmp_path: Path) -> None:
    case = load_case(case_file)
    root = materialize(tmp_path / "repo", case.get("files", {}))
    code, output = run_check(root, *case.get("args", []))
    if UPDATE:
        update_case(case_file, "expected", output)
        return
    assert output == case["expected"]
    assert code == case.get("exit", 1)


def test_every_code_has_a_case() -> None:
    from briefing.problems import CODES

    covered = {c.stem.split(".")[0] for c in CASES}
    assert sorted(set(CODES) - covered) == []


def test_example_passes_strict(example: Path) -> None:
    assert run_check(example, "--strict") == (0, "")


def test_six_mistakes_give_six_german_messages(tmp_path: Path) -> None:
    """The analyst's six mistakes in one claim (missing predicate, unknown subject and topic,
    an unquoted impossible date, an unknown key, a changed quote): one message each."""
    case = load_case(TESTS / "cases" / "check" / "missing-field.six-mistakes.yaml")
    root = materialize(tmp_path / "repo", case["files"])
    code, output = run_check(root)
    messages = [line for line in output.splitlines() if not line.startswith(" ")]
    assert code == 1 and len(messages) == 6
    assert sorted(m.split("[")[1].split("]")[0] for m in messages) == [
        "bad-date", "missing-field", "quote-not-found", "unknown-key", "unknown-reference",
        "unknown-reference"]
    assert output.count("  Hinweis: ") == 6 and output.count("  Leitfaden: ") == 6


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every briefing is read and its claims checked by two processes (as one of 10,000 claims
    is); the list counts the forks, so that a test cannot pass in one process after all."""
    import os

    from briefing import check, load, parallel

    made: list[int] = []
    fork = os.fork

    def counted() -> int:
        made.append(1)
        return fork()

    monkeypatch.setattr(load, "PARALLEL_FROM", 0)
    monkeypatch.setattr(check, "PARALLEL_CLAIMS", 0)
    # Earlier tests leave idle threads behind (the browser's driver), which would make the
    # check stay in one process; they take no lock the child needs.
    monkeypatch.setattr(parallel, "available", lambda: True)
    monkeypatch.setattr(os, "fork", counted)
    return made


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case_read_by_two_processes(case_file: Path, tmp_path: Path, forks: list[int]) -> None:
    """The records the child reads and the problems it finds come back in their place: every
    case reports the same."""
    case = load_case(case_file)
    root = materialize(tmp_path / "repo", case.get("files", {}))
    code, output = run_check(root, *case.get("args", []))
    assert (output, code) == (case["expected"], case.get("exit", 1))
    assert len(forks) == 2


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case_read_in_pieces(case_file: Path, tmp_path: Path, forks: list[int],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims files cut into pieces of a few lines, read by both processes: a piece that does
    not stand for itself (a problem, a cut inside a text) sends its file back to be read
    whole, so every case reports the same."""
    from briefing import load

    monkeypatch.setattr(load, "_PIECE_BYTES", 40)
    case = load_case(case_file)
    root = materialize(tmp_path / "repo", case.get("files", {}))
    code, output = run_check(root, *case.get("args", []))
    assert (output, code) == (case["expected"], case.get("exit", 1))


@pytest.mark.parametrize("failure", ["fork", "child", "garbage"])
def test_a_failing_child_is_read_again(failure: str, tmp_path: Path, forks: list[int],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong in the second process, its files are read in the first: the same
    problems, no traceback."""
    import os
    import pickle

    from briefing import parallel

    case = load_case(TESTS / "cases" / "check" / "missing-field.six-mistakes.yaml")
    root = materialize(tmp_path / "repo", case["files"])
    expected = run_check(root)
    if failure == "fork":
        def no_fork() -> int:
            forks.append(1)
            raise OSError("Resource temporarily unavailable")
        monkeypatch.setattr(os, "fork", no_fork)
    elif failure == "child":
        def broken(*args: object, **kwargs: object) -> bytes:
            raise RuntimeError("the child fails")
        monkeypatch.setattr(parallel.pickle, "dumps", broken)
    else:
        unexpected = pickle.dumps(("unexpected", None))
        monkeypatch.setattr(parallel.pickle, "dumps", lambda *args, **kwargs: unexpected)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert run_check(root) == expected
    assert forks and "Traceback" not in err.getvalue()
