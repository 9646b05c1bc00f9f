"""`build.py init DIR --title …`: a new, empty briefing that checks clean and builds.

The new folder is a complete project, like a fresh clone of this one: the generator (package,
templates, theme override, lock files, make targets, workflows, CI script) is copied; the facts
and sources start empty; the identity in facts/briefing.yaml carries the new title. Material
that belongs to this briefing's content (facts, sources, screenshots, its tests, the limits of
its corpus in the methodology) is never copied.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing.load import IDENTITY_FILE, dump_yaml
from briefing.text import slug

GENERATOR = Path(__file__).resolve().parent.parent
#: What a new briefing takes over from the generator, as it is.
COPIED = ("briefing", "templates", "overrides", "schemas", "docs/redaktion", "docs/stylesheets",
          ".github/workflows", ".ci", "build.py", "Makefile", "pyproject.toml", "constraints.txt",
          "package.json", "package-lock.json", ".gitignore", ".gitattributes",
          ".pre-commit-config.yaml", "mkdocs.yml", "CONTRIBUTING.md")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
#: The methodology up to here is the generator's; what follows describes one corpus.
LIMITS_HEADING = "## Grenzen dieses Materials"
EMPTY_FOLDERS = ("facts/actors", "facts/topics", "facts/measures", "facts/claims", "sources")

SMOKE_TEST = '''"""The briefing checks clean and builds (written by build.py init; add yours)."""

from __future__ import annotations

from pathlib import Path

from briefing.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_check_is_clean() -> None:
    assert main(["--root", str(ROOT), "check", "--strict"]) == 0


def test_site_builds(tmp_path: Path) -> None:
    from briefing.site import build

    assert (build(ROOT, target=tmp_path / "site") / "index.html").is_file()
'''


class CreateError(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def init(target: Path, title: str) -> Path:
    """Create a new briefing in target (absent or empty); return target."""
    title = " ".join(title.split())
    if not title:
        raise CreateError("der Titel ist leer",
                          'gib einen Titel an, z. B. --title "Lagebild Ostsee"')
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CreateError(f"{target} existiert und ist nicht leer",
                          "wähle einen neuen oder leeren Ordner; nichts wurde geschrieben")
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = GENERATOR / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORED)
        elif source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    methodik = (GENERATOR / "docs" / "methodik.md").read_text("utf-8").split(LIMITS_HEADING)[0]
    (target / "docs" / "methodik.md").write_text(
        f"{methodik}{LIMITS_HEADING}\n\nHier beschreibt die Redaktion, worauf das Lagebild "
        "beruht und was es nicht leisten kann.\n", encoding="utf-8")
    identity = {"title": title, "slug": slug(title) or "lagebild", "language": "de"}
    (target / "facts").mkdir()
    (target / "facts" / IDENTITY_FILE).write_text(
        "# yaml-language-server: $schema=../schemas/briefing.schema.json\n" + dump_yaml(identity),
        encoding="utf-8")
    for folder in EMPTY_FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
        # git keeps no empty folder; the loader needs none, editors like to see where files go.
        (target / folder / ".gitkeep").write_text("", encoding="utf-8")
    (target / "tests").mkdir()
    (target / "tests" / "__init__.py").write_text("", encoding="utf-8")
    (target / "tests" / "test_briefing.py").write_text(SMOKE_TEST, encoding="utf-8")
    return target
