"""Docs that tests keep honest: every problem code, field and predicate is documented."""

from __future__ import annotations

import re

from briefing import schema
from briefing.model import PREDICATES
from briefing.problems import CODES
from tests.conftest import ROOT

GUIDE_TEXT = (ROOT / "docs" / "redaktion" / "index.md").read_text("utf-8")
README = (ROOT / "README.md").read_text("utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text("utf-8")


def test_every_problem_code_has_an_entry() -> None:
    documented = set(re.findall(r"^### ([a-z-]+)$", GUIDE_TEXT, re.M))
    assert sorted(set(CODES) - documented) == []
    assert sorted(documented - set(CODES)) == []


def test_every_field_is_documented() -> None:
    for kind, (fields, _) in schema.KINDS.items():
        for name in fields:
            assert f"`{name}`" in GUIDE_TEXT, f"{kind}.{name}"


def test_every_predicate_is_documented() -> None:
    for predicate, label in PREDICATES.items():
        assert f"| `{predicate}` | {label}" in GUIDE_TEXT


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", README, re.S)
    assert blocks[0].split() == ["make", "site", "make", "test"]


def test_readme_documents_every_verb() -> None:
    from briefing.cli import _parser

    verbs = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for verb in verbs:
        assert f"python build.py {verb}" in README, verb


def test_commands_in_the_docs_exist() -> None:
    from briefing.cli import _parser

    verbs = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for doc in (README, GUIDE_TEXT, CONTRIBUTING):
        for verb in re.findall(r"build\.py ([a-z]+)", doc):
            assert verb in verbs, verb
        for what in re.findall(r"build\.py new ([a-z]+)", doc):
            assert what in ("source", "claim", "actor"), what


def test_contributing_links_the_editors_guide() -> None:
    assert "(docs/redaktion/index.md)" in CONTRIBUTING
    for section in ("## Propose a new source", "## Propose a new claim",
                    "## Propose a correction", "## When sources disagree",
                    "## What reviewers look for"):
        assert section in CONTRIBUTING


def test_every_code_links_to_its_section_of_the_guide() -> None:
    """guide_link(code) ends in the anchor MkDocs and GitHub give the code's heading."""
    from markdown.extensions.toc import slugify

    from briefing.problems import GUIDE, guide_link

    headings = re.findall(r"^#{1,6} (.+)$", GUIDE_TEXT, re.M)
    anchors = {slugify(h, "-") for h in headings}
    for code in CODES:
        path, _, anchor = guide_link(code).partition("#")
        assert path == GUIDE and (ROOT / path).is_file()
        assert anchor in anchors, code
