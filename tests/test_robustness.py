"""Random damage to valid fact files gives located problems, never an exception."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check import check
from briefing.cli import main
from tests.conftest import EXAMPLE, materialize

TARGETS = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*")
                 if p.is_file())
NASTY = ["\t", "\r\n", "\ufeff", ":", "- ", "&a ", "*a", "!!python/object ", "{", "[", "'",
         '"', "\x00", "\u0301", "---\n", "? ", "|", ">", "#", "%YAML 1.1\n", "\xff"]


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(TARGETS))
    data = (EXAMPLE / rel).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        choice = draw(st.integers(0, 2))
        if choice == 0:
            piece = draw(st.sampled_from(NASTY)).encode("utf-8", "surrogatepass")
            data = data[:at] + piece + data[at:]
        elif choice == 1:
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        else:
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return rel, data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(damage())
def test_damage_gives_located_problems(tmp_path_factory: object, case: tuple[str, bytes]) -> None:
    rel, data = case
    root = materialize(Path(tmp_path_factory.mktemp("repo")), {})  # type: ignore[attr-defined]
    (root / rel).write_bytes(data)
    _, problems = check(root)
    for problem in problems.sorted():
        assert problem.where.path and problem.where.line >= 1 and problem.where.col >= 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--root", str(root), "check"])
    assert code in (0, 1)
