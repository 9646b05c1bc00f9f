"""Git: the commit a build comes from, and the fact files of any revision.

The only module that runs git. Revisions are read with `git archive`, which needs nothing but the
revision's tree: a shallow clone works once the base commit is fetched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

#: What a revision must provide for its briefing to be loaded.
FACT_FOLDERS = ("facts", "sources")


class GitError(Exception):
    """A revision that cannot be read, with a hint on how to make it readable."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              check=True).stdout
    except FileNotFoundError as exc:
        raise GitError("git ist nicht installiert", "git installieren, um Stände zu "
                       "vergleichen") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(detail[0] if detail else f"git {args[0]} ist gescheitert",
                       "den Befehl im Klon des Repositorys ausführen") from exc


def commit_info(root: Path) -> tuple[str, str, int] | None:
    """(short commit, commit date, commit timestamp) of HEAD, or None outside git."""
    try:
        out = _git(root, "log", "-1", "--format=%h %cs %ct").decode().split()
    except GitError:
        return None
    return (out[0], out[1], int(out[2])) if len(out) == 3 else None


def resolve(root: Path, rev: str) -> str:
    """The full commit id a revision names; GitError when this clone does not have it."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{rev}^{{commit}}").decode().strip()
    except GitError as exc:
        raise GitError(f"'{rev}' ist kein Commit in diesem Klon",
                       f"den Namen prüfen; in einem flachen Klon zuerst holen: "
                       f"git fetch --depth=1 origin {rev}") from exc


def export_index(root: Path, target: Path) -> list[str]:
    """Write the fact and source files as they are staged, the tree the next commit records:
    a file the commit needs but that was never added is missing here, as it will be there."""
    tree = _git(root, "write-tree").decode().strip()
    return export(root, tree, target)


def export(root: Path, commit: str, target: Path) -> list[str]:
    """Write the regular fact and source files of one commit (or tree) into target; return
    the paths of everything else there (symbolic links, submodules), never written out."""
    present = _git(root, "ls-tree", "--name-only", commit, "--", *FACT_FOLDERS).decode().split()
    target.mkdir(parents=True, exist_ok=True)
    if not present:
        return []
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", *present).decode(
        "utf-8", "replace")
    odd = [entry.split("\t", 1)[1] for entry in listing.split("\0")
           if entry and entry.split(" ", 2)[1] != "blob"]
    archive = _git(root, "archive", "--format=tar", commit, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isreg():
                tar.extract(member, target, filter="data")
            elif not member.isdir():
                odd.append(member.name)
    return sorted(set(odd))


def is_shallow(root: Path) -> bool:
    """Whether this clone lacks history (actions/checkout fetches one commit by default)."""
    try:
        return _git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except GitError:
        return False


def file_commits(root: Path, path: str) -> list[str]:
    """Every commit that changed path, oldest first; [] outside git or before the first commit."""
    try:
        out = _git(root, "log", "--reverse", "--format=%H", "--", path).decode()
    except GitError:
        return []
    return out.split()


def show(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of path at commit, or None where the commit has no such file."""
    try:
        return _git(root, "show", f"{commit}:{path}")
    except GitError:
        return None


def dirty(root: Path, *paths: str) -> list[str]:
    """Paths under the given ones that differ from HEAD or are untracked (porcelain status)."""
    out = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths).decode()
    return [line[3:] for line in out.splitlines() if line]


def commit_file(root: Path, path: str, message: str) -> str:
    """Commit one file (only that file, whatever else is staged); return the new commit id."""
    _git(root, "add", "--", path)
    _git(root, "commit", "--quiet", "--only", "-m", message, "--", path)
    return _git(root, "rev-parse", "HEAD").decode().strip()
