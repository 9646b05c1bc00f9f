"""Shared test helpers: the example briefing and case files that overlay it."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLE = TESTS / "example"
#: Set UPDATE_GOLDEN=1 to rewrite expected outputs from what the code produces now.
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def materialize(target: Path, files: dict[str, Any], base: Path | None = EXAMPLE) -> Path:
    """Copy base to target, then apply a case's files: text, {base64}, {repeat, times},
    {symlink} or null (delete)."""
    if base is not None:
        shutil.copytree(base, target, dirs_exist_ok=True)
    for rel, spec in (files or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec is None:
            path.unlink()
        elif isinstance(spec, str):
            path.write_bytes(spec.encode("utf-8"))
        elif "base64" in spec:
            path.write_bytes(base64.b64decode(spec["base64"]))
        elif "repeat" in spec:
            path.write_bytes(spec["repeat"].encode("utf-8") * spec["times"])
        elif "symlink" in spec:
            path.unlink(missing_ok=True)
            path.symlink_to(spec["symlink"])
        else:
            raise ValueError(f"unknown file spec for {rel}: {spec}")
    return target


#: Fixed names and dates, so that commit ids (shown in the output) are the same on every run.
GIT_ENV = {"GIT_AUTHOR_NAME": "Redaktion", "GIT_AUTHOR_EMAIL": "redaktion@example.org",
           "GIT_COMMITTER_NAME": "Redaktion", "GIT_COMMITTER_EMAIL": "redaktion@example.org",
           "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV}).stdout


def load_case(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)  # type: ignore[no-any-return]


def update_case(path: Path, key: str, value: str) -> None:
    """Rewrite one block scalar at the end of a case file (the expected output)."""
    text = path.read_text(encoding="utf-8")
    head = text.split(f"\n{key}:", 1)[0].rstrip("\n")
    body = "".join(f"  {line}\n" if line else "\n" for line in value.splitlines())
    path.write_text(f"{head}\n{key}: |\n{body}", encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return materialize(tmp_path / "repo", {})


PROJECT_FILES = ("mkdocs.yml", "templates", "docs", "overrides", "briefing", "node_modules")


def project_copy(target: Path, facts_from: Path = ROOT, files: dict[str, Any] | None = None
                 ) -> Path:
    """A buildable project in target: this repo's site setup with the facts of facts_from."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
        else:
            shutil.copy2(src, target / name)
    for name in ("facts", "sources"):
        shutil.copytree(facts_from / name, target / name, dirs_exist_ok=True)
    return materialize(target, files or {}, base=None)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real briefing, built once per test session."""
    from briefing.site import build

    root = project_copy(tmp_path_factory.mktemp("real"))
    return build(root)


def chromium_path() -> str | None:
    """Debian's chromium; $CHROMIUM names another (GitHub's runners have Google Chrome)."""
    found = (os.environ.get("CHROMIUM") or shutil.which("chromium")
             or shutil.which("chromium-browser"))
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("CI=true but Debian's chromium is not installed (apt-get install chromium)")
    return found


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
