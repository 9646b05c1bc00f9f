"""Random damage to valid fact files gives located problems, never an exception."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check import check
from briefing.cli import main
from tests.conftest import EXAMPLE, ROOT, materialize

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


#: Plain scalars YAML gives a type of its own (YAML 1.1 as PyYAML reads it), and texts around
#: them: impossible and real dates and timestamps, truth values, nulls, special and huge numbers.
TYPED_SCALARS = [
    "2025-02-30", "2025-14-03", "2025-03-32", "2024-01-19", "2024-01-19 10:00:00",
    "2024-02-30T25:61:00Z", "0000-01-01", "9999-12-31", "yes", "no", "on", "off", "true",
    "False", "~", "null", "Null", "", ".inf", "-.inf", ".nan", "1e999", "-1e400", "1.5", "0.0",
    "0x1F", "0o17", "017", "1_000_000", "1:30", "190:20:30", "-0", "+12",
    "1" * 5000, "9" * 400, "=", "'quoted'", '"2024-02-30"', "[]", "{}", "[a, 1]", "{a: 1}",
]


@st.composite
def typed_scalar(draw: st.DrawFn) -> tuple[str, str]:
    """One valid example fact or source file with one scalar value replaced by a typed one."""
    rel = draw(st.sampled_from([t for t in TARGETS if t.endswith((".yaml", ".md"))]))
    text = (EXAMPLE / rel).read_text("utf-8")
    head = text
    offset = 0
    if rel.endswith(".md"):
        end = text.index("\n---\n", 3)
        head, offset = text[4:end + 1], 4
    spans = [(n.start_mark.index, n.end_mark.index) for n in _value_scalars(head)]
    start, end = draw(st.sampled_from(spans))
    value = draw(st.sampled_from(TYPED_SCALARS) | st.from_regex(
        r"-?[0-9]{1,4}(-[0-9]{1,2}){0,2}|[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9:.]{1,12}",
        fullmatch=True))
    return rel, text[:offset + start] + value + text[offset + end:]


def _value_scalars(text: str) -> list[Any]:
    """Every scalar node that is a value (not a key) in text."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif node.style is None and node.value:  # plain, so a replacement stays plain
            found.append(node)

    walk(yaml.compose(text))
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(typed_scalar())
def test_typed_scalars_give_located_problems(tmp_path_factory: Any,
                                            case: tuple[str, str]) -> None:
    """A value YAML reads as a date, number, truth value or nothing, wherever it stands, is
    accepted or a located problem; what the check accepts renders."""
    from briefing.pages import pages

    rel, text = case
    root = materialize(Path(tmp_path_factory.mktemp("repo")), {rel: text})
    briefing, problems = check(root)
    for problem in problems.sorted():
        assert (root / problem.where.path).is_file(), problem
        assert problem.where.line >= 1 and problem.where.col >= 1
    if not problems.errors():
        assert pages(briefing, ROOT / "templates", "Lagebild")
