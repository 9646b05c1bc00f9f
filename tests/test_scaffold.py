"""`build.py new`: skeletons load, point the check at what is left to fill, and never overwrite."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import jsonschema
import yaml

from briefing.cli import main
from tests.conftest import ROOT, materialize

CORPUS_LIKE = ("Russlands Verteidigungsminister besucht Pjöngjang\n"
               "Moskau und Pjöngjang wollen enger zusammenarbeiten.\n")


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, out.getvalue(), err.getvalue()


def test_new_source_stores_the_text_verbatim(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    article = tmp_path / "artikel.txt"
    article.write_bytes(CORPUS_LIKE.encode("utf-8"))
    code, out, err = run(root, "new", "source", str(article))
    assert code == 0, err
    assert out == "sources/001-russlands-verteidigungsminister-besucht-pjoengjang.md\n"
    stored = (root / out.strip()).read_bytes()
    assert stored.endswith(b"\n---\n" + article.read_bytes())
    assert stored.startswith(b"---\n# yaml-language-server: $schema=../schemas/source.schema"
                             b".json\n")
    code, checked, _ = run(root, "check", "--format", "json")
    problems = [(p["line"], p["code"], p["message"]) for p in json.loads(checked)]
    assert problems == [(4, "missing-field", "Quelle, Feld 'title' ist leer")]


def test_new_source_refuses_a_text_stored_already(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    article = tmp_path / "artikel.txt"
    article.write_text(CORPUS_LIKE, "utf-8")
    run(root, "new", "source", str(article))
    before = sorted(p.name for p in (root / "sources").iterdir())
    code, _, err = run(root, "new", "source", str(article), "--id", "002-nochmal")
    assert code == 2 and "ist schon gespeichert als sources/001-" in err
    assert sorted(p.name for p in (root / "sources").iterdir()) == before


def test_new_source_refuses_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    article = tmp_path / "artikel.txt"
    article.write_bytes("Zeile eins\nPj\xf6ngjang\n".encode("latin-1"))
    code, out, err = run(root, "new", "source", str(article))
    assert (code, out) == (2, "")
    assert f"{article}:2: das Byte 0xf6 ist kein gültiges UTF-8" in err and "Hinweis: " in err


def test_new_source_never_overwrites(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    article = tmp_path / "artikel.txt"
    article.write_text(CORPUS_LIKE, "utf-8")
    original = (root / "sources" / "000-beispiel.md").read_bytes()
    code, _, err = run(root, "new", "source", str(article), "--id", "000-beispiel")
    assert code == 2 and "gibt es schon" in err
    assert (root / "sources" / "000-beispiel.md").read_bytes() == original


def test_claim_skeleton_filled_in_passes_the_check(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    code, printed, _ = run(root, "new", "claim", "--topic", "munition", "--source",
                           "000-beispiel")
    assert code == 0
    assert yaml.safe_load(printed)[0]["topics"] == ["munition"]
    code, out, _ = run(root, "new", "claim", "--topic", "munition", "--to", "reaktionen")
    assert (code, out) == (0, "facts/claims/reaktionen.yaml\n")
    path = root / out.strip()
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/claims.schema.json\n")
    code, checked, _ = run(root, "check", "--format", "json")
    empty = sorted(p["message"].split("'")[1] for p in json.loads(checked))
    assert empty == ["citations.quote", "citations.source", "predicate", "statement", "subject"]
    filled = (text.replace("statement: null", "statement: Moskau bestätigte keine der Zahlen.")
              .replace("subject: null", "subject: ru").replace("predicate: null",
                                                               "predicate: states")
              .replace("source: null", "source: 000-beispiel")
              .replace("quote: null", "quote: Moskau bestätigte keine der Zahlen"))
    path.write_text(filled, "utf-8")
    assert run(root, "check", "--strict") == (0, "", "0 Fehler, 0 Warnungen\n")
    schema = json.loads((ROOT / "schemas" / "claims.schema.json").read_text("utf-8"))
    jsonschema.validate(yaml.safe_load(filled), schema)


def test_appended_claims_get_ids_of_their_own(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    for _ in range(2):
        run(root, "new", "claim", "--topic", "munition", "--to", "munition")
    claims = yaml.safe_load((root / "facts" / "claims" / "munition.yaml").read_text("utf-8"))
    assert [c["id"] for c in claims][-2:] == ["munition-neu", "munition-neu-2"]


def test_claim_for_an_unknown_topic(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    code, out, err = run(root, "new", "claim", "--topic", "munitoin")
    assert (code, out) == (2, "")
    assert err == ("new claim: Fehler: Thema mit der id 'munitoin' gibt es nicht\n"
                   "  Hinweis: Meinten Sie 'munition'?\n")


def test_new_actor(tmp_path: Path) -> None:
    root = materialize(tmp_path / "repo", {})
    code, out, _ = run(root, "new", "actor", "--kind", "person", "Sergei Schoigu")
    assert (code, out) == (0, "facts/actors/sergei-schoigu.yaml\n")
    data = yaml.safe_load((root / out.strip()).read_text("utf-8"))
    schema = json.loads((ROOT / "schemas" / "actor.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    code, checked, _ = run(root, "check", "--format", "json")
    assert [p["code"] for p in json.loads(checked)] == ["orphan-actor"]
    code, _, err = run(root, "new", "actor", "--kind", "person", "Sergei Schoigu")
    assert code == 2 and "gibt es schon" in err
    code, _, err = run(root, "new", "actor", "--kind", "land", "Belarus")
    assert code == 2 and "invalid choice: 'land'" in err
