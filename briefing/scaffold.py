"""Scaffolding: skeletons of new sources, claims and actors, in the layout the loader expects.

A skeleton has every key the editor has to fill and the schema line, so editors complete and
underline. Required values are left empty (null) on purpose: `build.py check` then points at each
line still to fill, and an unfilled skeleton can never be published. Nothing here overwrites a
file; a new source's text is stored byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from briefing.load import SCHEMA_LINE, dump_yaml
from briefing.model import KIND_FIELDS
from briefing.problems import NOUNS, did_you_mean
from briefing.text import slug

#: How many words of a source's first line make its id when no id is given.
ID_WORDS = 5


class ScaffoldError(Exception):
    """A skeleton that cannot be made, with a hint on what to do instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _ids(folder: Path, suffix: str = ".yaml") -> list[str]:
    return sorted(p.stem for p in folder.glob(f"*{suffix}"))


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise ScaffoldError(f"{path.name} gibt es schon", "mit --id eine andere id wählen; "
                            "bestehende Dateien werden nie überschrieben") from exc


def new_source(root: Path, file: Path, source_id: str | None = None) -> Path:
    """Store file verbatim as sources/<id>.md with front matter to fill in."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{file} lässt sich nicht lesen: {exc.strerror}",
                            "den Pfad der Textdatei des Artikels angeben") from exc
    try:
        body = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ScaffoldError(f"{file}:{line}: das Byte 0x{data[exc.start]:02x} ist kein "
                            "gültiges UTF-8",
                            "den Text zuerst als UTF-8 speichern; gespeichert wird das "
                            "Original, also umwandeln, nicht abtippen") from exc
    if body.startswith("\ufeff") or not body.strip():
        raise ScaffoldError(f"{file} ist leer oder beginnt mit einem Byte-Order-Mark",
                            "den Text als UTF-8 ohne BOM speichern")
    digest = hashlib.sha256(data).hexdigest()
    folder = root / "sources"
    for existing in sorted(folder.glob("*.md")):
        if f"sha256: {digest}" in existing.read_text("utf-8", errors="replace"):
            raise ScaffoldError(f"dieser Text ist schon gespeichert als "
                                f"{existing.relative_to(root)}",
                                "die vorhandene Quelle zitieren, statt sie doppelt abzulegen")
    if source_id is None:
        numbers = [int(m.group(1)) for i in _ids(folder, ".md") if (m := re.match(r"(\d{3})-", i))]
        first = " ".join(body.strip().splitlines()[0].split()[:ID_WORDS])
        source_id = f"{max(numbers, default=-1) + 1:03d}-{slug(first) or 'quelle'}"
    elif slug(source_id) != source_id:
        raise ScaffoldError(f"'{source_id}' ist keine gültige id (klein geschrieben, "
                            "pfadsicher)",
                            f"nur a-z, 0-9 und einzelne Bindestriche, z. B. '{slug(source_id)}'")
    front = {"id": source_id, "title": None, "publisher": None, "url": None,
             "published": None, "language": "de", "rights": "full-text", "note": None,
             "sha256": digest}
    path = folder / f"{source_id}.md"
    _create(path, "---\n" + SCHEMA_LINE.format("../schemas/source.schema.json") + "\n"
            + dump_yaml(front) + "---\n" + body)
    return path


def claim_skeleton(root: Path, topic: str, source: str | None = None) -> dict[str, Any]:
    """One claim with every key an editor fills, for the given topic (and source)."""
    _known(root / "facts" / "topics", topic, "topic")
    if source is not None:
        _known(root / "sources", source, "source", ".md")
    # Read the ids from the text: a claim still being filled in does not load, yet its id is taken.
    taken = {found for path in (root / "facts" / "claims").glob("*.yaml")
             for found in re.findall(r"^[- ]*id: *[\"']?([^\s\"']+)",
                                     path.read_text("utf-8", errors="replace"), re.M)}
    number = 1
    while (claim_id := f"{topic}-neu" + (f"-{number}" if number > 1 else "")) in taken:
        number += 1
    return {"id": claim_id, "statement": None, "subject": None, "predicate": None,
            "object": None, "topics": [topic], "date": None, "claimant": None,
            "citations": [{"source": source, "quote": None}]}


def claim_text(claim: dict[str, Any], *, with_schema_line: bool) -> str:
    text = dump_yaml([claim])
    if with_schema_line:
        text = SCHEMA_LINE.format("../../schemas/claims.schema.json") + "\n" + text
    return text


def append_claim(root: Path, name: str, claim: dict[str, Any]) -> Path:
    """Append the claim to facts/claims/<name>.yaml, creating the file with its schema line."""
    if slug(name) != name:
        raise ScaffoldError(f"'{name}' ist kein gültiger Dateiname (klein geschrieben, "
                            "pfadsicher)",
                            f"nur a-z, 0-9 und einzelne Bindestriche, z. B. '{slug(name)}'")
    path = root / "facts" / "claims" / f"{name}.yaml"
    if not path.exists():
        _create(path, claim_text(claim, with_schema_line=True))
        return path
    existing = path.read_text("utf-8")
    separator = "" if existing.endswith("\n\n") else "\n" if existing.endswith("\n") else "\n\n"
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(separator + claim_text(claim, with_schema_line=False))
    return path


def new_actor(root: Path, kind: str, name: str, actor_id: str | None = None) -> Path:
    actor_id = actor_id or slug(name)
    if not actor_id or slug(actor_id) != actor_id:
        raise ScaffoldError(f"'{actor_id}' ist keine gültige id (klein geschrieben, "
                            "pfadsicher)", "eine mit --id angeben, z. B. --id kim-jong-un")
    # Only the fields that apply to the kind: a state has no role and no affiliation.
    actor = {"id": actor_id, "kind": kind, "name": name, "aliases": [name],
             **dict.fromkeys(KIND_FIELDS[kind]), "summary": None}
    path = root / "facts" / "actors" / f"{actor_id}.yaml"
    _create(path, SCHEMA_LINE.format("../../schemas/actor.schema.json") + "\n"
            + dump_yaml(actor))
    return path


def _known(folder: Path, ref: str, what: str, suffix: str = ".yaml") -> None:
    ids = _ids(folder, suffix)
    if ref not in ids:
        raise ScaffoldError(f"{NOUNS[what]} mit der id '{ref}' gibt es nicht",
                            did_you_mean(ref, ids) or f"vorhanden: {', '.join(ids) or 'keine'}")
