"""A Windows checkout (core.autocrlf=true) still gets facts and sources with LF line ends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT, git


def test_autocrlf_checkout_keeps_facts_and_sources_lf(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    shutil.copy2(ROOT / ".gitattributes", repo / ".gitattributes")
    claims = repo / "facts" / "claims" / "munition.yaml"
    claims.write_bytes(claims.read_bytes().replace(b"\n", b"\r\n"))  # typed on Windows
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "core.autocrlf", "true")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "facts")
    for path in [*repo.glob("facts/**/*.yaml"), *repo.glob("sources/*.md")]:
        path.unlink()
    git(repo, "checkout", "--", ".")
    files = [*repo.glob("facts/**/*.yaml"), *repo.glob("sources/*.md")]
    assert files and [p.name for p in files if b"\r" in p.read_bytes()] == []
