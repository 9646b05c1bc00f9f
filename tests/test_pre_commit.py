"""The pre-commit hook in a real repository: it checks the index (what the commit records), and
errors stop it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import GIT_ENV, ROOT, git, materialize

BROKEN_TOPIC = "id: munition\ntitle:\n"


def hook_repo(tmp_path: Path) -> Path:
    """The example briefing with this project's hook, make target and code, using our .venv."""
    repo = materialize(tmp_path / "repo", {})
    for name in (".pre-commit-config.yaml", "Makefile", "pyproject.toml", "constraints.txt",
                 "build.py"):
        shutil.copy2(ROOT / name, repo / name)
        os.utime(repo / name, (0, 0))  # older than .venv/.installed: make installs nothing
    shutil.copytree(ROOT / "briefing", repo / "briefing")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "example")
    return repo


def pre_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "run"], cwd=repo,
                          capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV,
                               "PRE_COMMIT_HOME": str(tmp_path / "cache")})


def test_an_error_in_a_staged_fact_file_stops_the_commit(tmp_path: Path) -> None:
    repo = hook_repo(tmp_path)
    (repo / "facts" / "topics" / "munition.yaml").write_text(BROKEN_TOPIC, "utf-8")
    git(repo, "add", "facts/topics/munition.yaml")
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("facts/topics/munition.yaml:2:7: error[missing-field]: Thema, Feld 'title' ist "
            "leer") in result.stdout


def test_only_what_is_staged_is_checked(tmp_path: Path) -> None:
    repo = hook_repo(tmp_path)
    path = repo / "facts" / "topics" / "munition.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Munition", "title: Munition und "
                                                     "Granaten"), "utf-8")
    git(repo, "add", "facts/topics/munition.yaml")
    path.write_text(BROKEN_TOPIC, "utf-8")  # a later edit, not staged
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lagebild fact check" in result.stdout and "Passed" in result.stdout
    assert path.read_text("utf-8") == BROKEN_TOPIC  # the unstaged edit is given back


def test_a_source_the_commit_needs_but_never_added_stops_it(tmp_path: Path) -> None:
    """The working tree has the new source, the commit would not: the hook sees the commit."""
    repo = hook_repo(tmp_path)
    source = (repo / "sources" / "000-beispiel.md").read_text("utf-8")
    (repo / "sources" / "001-neu.md").write_text(
        source.replace("id: 000-beispiel", "id: 001-neu"), "utf-8")
    claims = repo / "facts" / "claims" / "munition.yaml"
    claims.write_text(claims.read_text("utf-8").replace(
        "    - source: 000-beispiel\n      quote: zwei Millionen Schuss",
        "    - source: 001-neu\n      quote: zwei Millionen Schuss"), "utf-8")
    git(repo, "add", "facts/claims/munition.yaml")
    assert "?? sources/001-neu.md" in git(repo, "status", "--porcelain")
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("error[unknown-reference]: Quelle mit der id '001-neu' gibt es nicht"
            in result.stdout)
    git(repo, "add", "sources/001-neu.md")
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_hooks_installs_the_hook(tmp_path: Path) -> None:
    repo = hook_repo(tmp_path)
    result = subprocess.run(["make", "-s", "hooks"], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV,
                                 "PRE_COMMIT_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pre-commit" in (repo / ".git" / "hooks" / "pre-commit").read_text("utf-8")


def test_a_commit_that_only_deletes_a_cited_source_is_stopped(tmp_path: Path) -> None:
    repo = hook_repo(tmp_path)
    git(repo, "rm", "-q", "sources/000-beispiel.md")
    result = pre_commit(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error[unknown-reference]" in result.stdout
