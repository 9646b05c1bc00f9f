"""The JSON Schemas for editors are generated from briefing.schema and agree with the checker."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefing import schema
from briefing.check import check
from tests.conftest import ROOT, TESTS, load_case, materialize

STRUCTURAL = {"missing-field", "wrong-type", "bad-value", "bad-id", "unknown-key", "no-citation"}
KIND_OF_FOLDER = {"actors": "actor", "topics": "topic", "measures": "measure", "claims": "claims"}
#: Files directly under facts/ and their kinds.
KIND_OF_FILE = {"findings.yaml": "findings", "withdrawn.yaml": "withdrawn",
                "editions.yaml": "editions"}


def test_committed_schemas_are_generated() -> None:
    for kind in schema.KINDS:
        committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
        assert committed == schema.json_schema(kind), f"run: python build.py schemas ({kind})"


def test_every_fact_file_names_its_schema() -> None:
    for root in (ROOT, TESTS / "example"):
        for path in (root / "facts").rglob("*.yaml"):
            first = path.read_text("utf-8").splitlines()[0]
            kind = _kind(path.relative_to(root).as_posix())
            assert kind is not None, path
            target = (path.parent / first.split("$schema=")[1]).resolve()
            assert target == ROOT / "schemas" / f"{kind}.schema.json", path


def _kind(rel: str) -> str | None:
    parts = rel.split("/")
    if rel == "facts/findings.yaml":
        return "findings"
    if rel == "facts/briefing.yaml":
        return "briefing"
    if len(parts) == 2 and parts[0] == "facts":
        return KIND_OF_FILE.get(parts[1])
    if len(parts) == 3 and parts[0] == "facts" and rel.endswith(".yaml"):
        return KIND_OF_FOLDER.get(parts[1])
    return None


CASES = sorted((TESTS / "cases" / "check").glob("*.yaml"))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_schema_and_checker_agree(case_file: Path, tmp_path: Path) -> None:
    case = load_case(case_file)
    root = materialize(tmp_path / "repo", case.get("files", {}))
    _, problems = check(root)
    for rel, spec in (case.get("files") or {}).items():
        kind = _kind(rel)
        if kind is None or not isinstance(spec, str) or not spec.strip():
            continue
        try:
            data = yaml.safe_load(spec)
        except yaml.YAMLError:
            continue  # not YAML at all: the editor shows a syntax error, the checker too
        except ValueError:
            continue  # a date that does not exist, or an integer too long for Python to read:
            # PyYAML cannot build it, no schema applies (the checker's bad-date, limit-exceeded)
        codes = {p.code for p in problems.sorted() if p.where.path == rel}
        if codes & {"yaml-syntax", "yaml-alias", "yaml-tag", "encoding", "duplicate-key"}:
            continue
        errors = list(jsonschema.Draft202012Validator(schema.json_schema(kind)).iter_errors(
            json.loads(json.dumps(data, default=str))))
        if codes & STRUCTURAL:
            assert errors, f"{rel}: the checker reports {codes}, the schema accepts it"
        if errors:
            assert codes & (STRUCTURAL | {"bad-date", "limit-exceeded"}), (
                f"{rel}: schema rejects, checker not")
