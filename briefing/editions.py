"""Editions ("Ausgaben"): the published states of the briefing, found in git history.

`facts/editions.yaml` lists the editions (name, date, German summary). An edition's facts are
those of the commit that first lists it. The commit is found in the history, not named in the
file and not marked by a tag: rebasing, cherry-picking or merging a branch gives it new commit
ids, and tags are not pushed, fetched or handed over by default, but the first commit listing an
edition stays the one whose facts were checked when it was made.

Each edition's facts are loaded with the fact diff's loader (`diff.load_side`) once per commit
and kept under `.build/editions/`, so a rebuild does not export and check every edition again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefing import git
from briefing.diff import Side, load_side
from briefing.load import edition_names
from briefing.model import Briefing, Edition

EDITIONS_FILE = "facts/editions.yaml"
WITHDRAWN_FILE = "facts/withdrawn.yaml"
CACHE = Path(".build/editions")
PACKAGE = Path(__file__).parent
NO_GIT = ("Der Verlauf fehlt: Dieser Build stammt nicht aus einem Git-Klon, die Fakten der "
          "Ausgaben sind daher nicht lesbar.")
SHALLOW = ("Der Verlauf fehlt: Dieser Build stammt aus einem flachen Klon (nur der letzte "
           "Commit). Mit „git fetch --unshallow“ (in GitHub Actions: actions/checkout mit "
           "fetch-depth: 0) erscheinen die Änderungen jeder Ausgabe.")


@dataclass(frozen=True)
class Published:
    """One edition with the commit that made it and the facts of that commit (None where
    this clone lacks the history)."""

    edition: Edition
    commit: str | None = None
    side: Side | None = None


@dataclass(frozen=True)
class Timeline:
    """Every listed edition, oldest first, loaded where this clone has its history."""

    published: tuple[Published, ...]
    #: German, for the "Was ist neu" page and the build's output; empty when nothing is missing
    note: str = ""


def _first_listed(root: Path) -> dict[str, str]:
    """edition name -> the first commit whose editions file lists it (since it was last
    removed: taking an entry out and adding it again re-issues the edition)."""
    found: dict[str, str] = {}
    for commit in git.file_commits(root, EDITIONS_FILE):
        data = git.show(root, commit, EDITIONS_FILE)
        names = set(edition_names(data.decode("utf-8", "replace")) if data else [])
        found = {name: first for name, first in found.items() if name in names}
        for name in sorted(names - set(found)):
            found[name] = commit
    return found


@functools.cache
def _fingerprint() -> str:
    """Changes whenever the code that loads facts changes, so a cached side is never stale."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_commit(root: Path, commit: str) -> Side:
    """The facts of one commit, loaded and checked; from the cache when it has them."""
    cached = root / CACHE / f"{commit}-{_fingerprint()}.pickle"
    if cached.is_file():
        # Only this build writes the cache, under the project's own .build/ folder.
        side: Side = pickle.loads(cached.read_bytes())
        return side
    with tempfile.TemporaryDirectory(prefix="lagebild-edition-") as scratch:
        odd = git.export(root, commit, Path(scratch))
        side = load_side(Path(scratch), tuple(odd))
    cached.parent.mkdir(parents=True, exist_ok=True)
    for stale in cached.parent.glob(f"{commit}-*.pickle"):
        stale.unlink()
    partial = cached.with_suffix(".part")
    partial.write_bytes(pickle.dumps(side, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(cached)
    return side


def timeline(root: Path, editions: tuple[Edition, ...]) -> Timeline:
    """Load every listed edition this clone has the history for."""
    if not editions:
        return Timeline(())
    if git.commit_info(root) is None:
        return Timeline(tuple(Published(e) for e in editions), NO_GIT)
    if git.is_shallow(root):
        return Timeline(tuple(Published(e) for e in editions), SHALLOW)
    commits = _first_listed(root)
    missing = [e.name for e in editions if e.name not in commits]
    published = tuple(Published(e, commits[e.name], load_commit(root, commits[e.name]))
                      if e.name in commits else Published(e) for e in editions)
    note = ""
    if missing:
        note = (f"Noch nicht committet: Ausgabe {', '.join(missing)}. Eine Ausgabe umfasst die "
                "Fakten des Commits, der sie in facts/editions.yaml einträgt "
                "(python build.py edition NAME).")
    return Timeline(published, note)


class EditionError(Exception):
    """An edition that cannot be made now, with a German hint on what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def entry_text(name: str, date: dt.date, summary: str) -> str:
    """The new entry for the editions file, in the file's layout."""
    from briefing.load import dump_yaml

    return dump_yaml([{"name": name, "date": date.isoformat(), "summary": summary}])


def unexplained(previous: Briefing, current: Briefing) -> list[str]:
    """Claims of the previous edition that are gone with no reason in facts/withdrawn.yaml
    (a claim renamed with redirect_from is not gone)."""
    kept = set(current.claims) | set(current.withdrawn) | {
        old for c in current.claims.values() for old in c.redirect_from}
    return sorted(set(previous.claims) - kept)


def make(root: Path, current: Briefing, name: str, summary: str, date: dt.date) -> str:
    """Append the edition to the editions file and commit that file alone; return the commit.

    The caller has checked the facts strictly; here the facts must be committed as they are,
    since the edition is the state of the commit made here."""
    if any(e.name == name for e in current.editions):
        raise EditionError(f"Ausgabe {name} gibt es schon",
                           "Jede Ausgabe braucht einen neuen Namen, meist die nächste Nummer")
    changed = [p for p in git.dirty(root, "facts", "sources") if p != EDITIONS_FILE]
    if changed:
        raise EditionError("Fakten oder Quellen haben nicht committete Änderungen: "
                           + ", ".join(changed[:5]) + (" …" if len(changed) > 5 else ""),
                           "Erst committen (oder verwerfen): Eine Ausgabe hält den Stand "
                           "eines Commits fest")
    found = timeline(root, current.editions)
    if found.published and found.note in (SHALLOW, NO_GIT):
        raise EditionError(found.note, "Die vorige Ausgabe muss lesbar sein, damit geprüft "
                           "werden kann, was seither entfernt wurde: git fetch --unshallow")
    loaded = [p for p in found.published if p.side]
    if loaded and loaded[-1].side:
        gone = unexplained(loaded[-1].side.briefing, current)
        if gone:
            raise EditionError(
                f"Seit Ausgabe {loaded[-1].edition.name} entfernt, ohne Grund: "
                + ", ".join(gone),
                "Für jede entfernte Aussage in facts/withdrawn.yaml eintragen, warum sie "
                "zurückgezogen wurde (id und reason); bekam sie nur eine neue id, die alte "
                "in redirect_from der Aussage nennen")
    path = root / EDITIONS_FILE
    text = path.read_text("utf-8") if path.exists() else (
        "# yaml-language-server: $schema=../schemas/editions.schema.json\n")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + entry_text(name, date, summary), "utf-8")
    return git.commit_file(root, EDITIONS_FILE, f"Edition {name}: {summary}")
