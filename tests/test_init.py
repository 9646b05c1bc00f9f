"""A generator for any briefing: `build.py init` and the identity as data."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.cli import main
from briefing.site import build
from tests.conftest import ROOT, project_copy


def test_init_creates_a_briefing_that_checks_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "ostsee"
    assert main(["init", str(target), "--title", "Lagebild  Ostsee"]) == 0
    for name in ("facts/briefing.yaml", "sources", "docs/redaktion/index.md", "mkdocs.yml",
                 ".github/workflows/pages.yml", ".github/workflows/pr.yml", "tests"):
        assert (target / name).exists(), name
    assert "title: Lagebild Ostsee\n" in (target / "facts/briefing.yaml").read_text("utf-8")
    assert not list((target / "sources").glob("*.md"))
    methodik = (target / "docs/methodik.md").read_text("utf-8")
    assert not re.search("nordkorea|russland", methodik, re.I)
    assert main(["--root", str(target), "check", "--strict"]) == 0
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    site = build(target)
    index = (site / "index.html").read_text("utf-8")
    assert "<title>Lagebild Ostsee</title>" in index
    assert "Noch keine Aussagen" in index
    assert "Noch keine Beziehungen" in (site / "netzwerk.html").read_text("utf-8")
    assert main(["--root", str(target), "pdf"]) == 0
    assert (target / "dist" / "lagebild-ostsee.pdf").stat().st_size > 0
    # The editor's guide is the generator's and keeps its examples; nothing else is inherited.
    for page in site.rglob("*.html"):
        if "redaktion" not in page.parts:
            assert not re.search("nordkorea|russland", page.read_text("utf-8"), re.I), page


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path,
                                                 capsys: object) -> None:
    (tmp_path / "notiz.txt").write_text("bleibt", encoding="utf-8")
    assert main(["init", str(tmp_path), "--title", "Lagebild"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notiz.txt"]


def test_the_example_builds_its_own_site(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "beispiel", facts_from=ROOT / "tests" / "example")
    site = build(root)
    index = (site / "index.html").read_text("utf-8")
    assert "<title>Beispiel-Lagebild</title>" in index
    assert index.count("Beispiel-Lagebild") >= 2
    profile = (site / "akteure" / "hur.html").read_text("utf-8")
    assert "<title>HUR - Beispiel-Lagebild</title>" in profile


def test_no_template_or_module_names_the_real_briefing() -> None:
    for folder in ("briefing", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".j2", ".html", ".css"):
                assert not re.search("nordkorea|russland", path.read_text("utf-8"), re.I), path
