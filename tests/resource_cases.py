"""Resource cases of the hostile corpus: each must finish under 10 s and 1 GiB.

Run with `.venv/bin/python -m tests.resource_cases` (after `make`). Every case is a fresh
process (`build.py check`, `build.py build` or one function), timed by the wall clock, its peak
memory read from the kernel (wait4). Timings are proven here, never in a timed unit test; the
figures are in docs/redaktion/index.md ("Grenzen").
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE, ROOT, materialize, project_copy

LIMIT_SECONDS = 10.0
LIMIT_BYTES = 1 << 30
CLAIM = ("- id: {id}\n  statement: {statement}\n  subject: kp\n  predicate: delivers\n"
         "  citations:\n    - source: {source}\n      quote: {quote}\n")


def _source(sid: str, body: str) -> str:
    return f"---\nid: {sid}\ntitle: Quelle\n---\n{body}"


def _real_words() -> list[str]:
    """About 7,000 words of real German source text (the briefing's sources, repeated)."""
    words: list[str] = []
    for path in sorted((ROOT / "sources").glob("*.md")):
        words += path.read_text("utf-8").split("\n---\n", 1)[1].split()
    return (words * 3)[:7000]


def _quote_one_word_changed() -> dict[str, object]:
    words = _real_words()
    quote = words[2000:2400]
    quote[200] = "erproben"
    return {"sources/900-lang.md": _source("900-lang", " ".join(words)),
            "facts/claims/lang.yaml": CLAIM.format(id="lang-1", statement="X.",
                                                   source="900-lang",
                                                   quote="'" + " ".join(quote) + "'")}


def _quote_absent() -> dict[str, object]:
    body = " ".join(_real_words())[:21_000]
    quote = "".join(chr(0x61 + (i * 7) % 26) + (" " if i % 6 == 5 else "")
                    for i in range(2000))
    return {"sources/900-lang.md": _source("900-lang", body),
            "facts/claims/lang.yaml": CLAIM.format(id="lang-1", statement="X.",
                                                   source="900-lang", quote=f"'{quote}'")}


def _quote_everywhere() -> dict[str, object]:
    return {"sources/900-lang.md": _source("900-lang", "x " * 490_000),
            "facts/claims/lang.yaml": CLAIM.format(id="lang-1", statement="X.",
                                                   source="900-lang", quote="x x")}


def _many_sources() -> dict[str, object]:
    """60 sources of 1 MB (the total limit stops at 55), each cited with a quote that occurs
    thousands of times and one that does not occur."""
    words = _real_words()
    body = " ".join((words * 25)[:140_000])[:900_000]
    files: dict[str, object] = {f"sources/{i:03d}-gross.md": _source(f"{i:03d}-gross", body)
                                for i in range(60)}
    for i in range(60):
        files[f"facts/claims/gross-{i}.yaml"] = (
            CLAIM.format(id=f"gross-{i}-a", statement="X.", source=f"{i:03d}-gross",
                         quote="Nordkorea") + CLAIM.format(
                id=f"gross-{i}-b", statement="X.", source=f"{i:03d}-gross",
                quote="'" + " ".join(words[3000:3300]) + " erproben'"))
    return files


def _named_everywhere() -> dict[str, object]:
    """10 sources of 990 KB (together under the 50 MB limit) that name four actors in every
    sentence, each cited once: the site links an actor's first mention on a source page only."""
    sentence = "Russland liefert an Nordkorea und Kim Jong-un trifft Wladimir Putin. "
    body = sentence * (990_000 // len(sentence))
    files: dict[str, object] = {}
    for i in range(5, 15):
        files[f"sources/{i:03d}-gross.md"] = _source(f"{i:03d}-gross",
                                                     f"{body}Schluss von Quelle {i}.\n")
        files[f"facts/claims/gross-{i}.yaml"] = CLAIM.format(
            id=f"gross-{i}", statement="X.", source=f"{i:03d}-gross",
            quote=f"Schluss von Quelle {i}")
    return files


def _many_files() -> dict[str, object]:
    """More topic files than a folder may hold: the first 30,000 are read, the rest reported."""
    return {f"facts/topics/t{i}.yaml": f"id: t{i}\ntitle: T\n" for i in range(30_500)}


def _one_big_claims_file() -> dict[str, object]:
    """A claims file just under the size limit for fact files: 30,000 claims (a whole
    briefing), each with a statement of 500 characters and a quote found in the source."""
    from briefing.load import MAX_FACT_BYTES

    claims = [CLAIM.format(id=f"gross-{i}", statement="Gross " + "x" * 494,
                           source="000-beispiel", quote="zwei Millionen Schuss")
              for i in range(30_000)]
    text = "".join(claims)
    assert len(text.encode("utf-8")) <= MAX_FACT_BYTES
    return {"facts/claims/gross.yaml": text}


def _unknown_references() -> dict[str, object]:
    """2,000 actors and 2,000 claims that each name an actor that does not exist: every
    unknown reference gets a did-you-mean."""
    files: dict[str, object] = {f"facts/actors/akteur-{i:04d}.yaml":
                                f"id: akteur-{i:04d}\nkind: person\nname: Akteur {i}\n"
                                for i in range(2_000)}
    for part in range(20):
        files[f"facts/claims/verweise-{part}.yaml"] = "".join(
            CLAIM.format(id=f"verweis-{i}", statement="X.", source="000-beispiel",
                         quote="zwei Millionen Schuss").replace("subject: kp",
                                                                f"subject: akteur-{i:04d}x")
            for i in range(part * 100, part * 100 + 100))
    return files


def _long_statements() -> dict[str, object]:
    hostile = ("*_[`<a>` | \\\\ !{x}" * 300)[:4_900].replace("'", "")
    claims = "".join(CLAIM.format(id=f"lang-{i}", statement=f"'{hostile}'",
                                  source="000-beispiel", quote="zwei Millionen Schuss")
                     .replace("citations:", "topics: [munition]\n  citations:")
                     .replace("quote: zwei Millionen Schuss",
                              "quote: zwei Millionen Schuss\n      prefix: \"Am 2. März hieß"
                              " es dagegen:\"")
                     for i in range(10))
    return {"facts/claims/lang.yaml": claims}


def _word_diff() -> None:
    from briefing.render import word_diff

    word_diff(" " * 300_000 + "x", "y" + " " * 300_000)


def _closest_direct() -> None:
    from briefing.text import closest_passage, fold

    words = _real_words()
    quote = words[5000:5400]
    quote[100] = "erproben"
    closest = closest_passage(fold(" ".join(words)), " ".join(quote))
    assert closest and "'erproben' ↔" in closest.differences[0]


def _deep(text: str, times: int) -> Callable[[], dict[str, object]]:
    return lambda: {"facts/topics/munition.yaml": {"repeat": text, "times": times}}


#: (name, what makes the case's files, how it runs): "check" and "build" run build.py on the
#: files over the test example, "briefing" builds them over this repository's briefing (its
#: actors), "function" runs the function in a fresh process. Files are made per case, so that
#: no case's memory counts for another.
CASES: list[tuple[str, Callable[[], Any], str]] = [
    ("YAML 1.000 Ebenen tief", _deep("[", 1000), "check"),
    ("YAML 50.000 Ebenen tief", _deep("- ", 50_000), "check"),
    ("Zahl mit 5.000 Ziffern", lambda: {"facts/topics/munition.yaml": "id: munition\ntitle: M"
                                        "\norder: " + "9" * 5000 + "\n"}, "check"),
    ("Aussage mit 900.000 Zeichen", lambda: {"facts/claims/lang.yaml": CLAIM.format(
        id="lang-1", statement="a" * 900_000, source="000-beispiel", quote="Schuss")},
     "check"),
    ("Zitat, 400 Wörter, ein Wort anders, Quelle 7.000 Wörter", _quote_one_word_changed,
     "check"),
    ("Zitat, 2.000 Zeichen, nicht in 21-KB-Quelle", _quote_absent, "check"),
    ("Zitat 490.000-mal in der Quelle", _quote_everywhere, "check"),
    ("60 Quellen zu 1 MB, alle zitiert", _many_sources, "check"),
    ("Akteur mit 120.000 Schreibweisen (1 MB)", lambda: {
        "facts/actors/ru.yaml": "id: ru\nkind: country\nname: Russland\naliases: ["
        + ", ".join(f"a{i}" for i in range(120_000)) + "]\n"}, "check"),
    ("30.500 Themendateien", _many_files, "check"),
    ("Faktendatei mit 30.000 Aussagen (19 MB, Grenze 20 MB)", _one_big_claims_file, "check"),
    ("Faktendatei mit 1.000.000 Werten (Grenze)", _deep("- a\n", 1_000_000), "check"),
    ("999.999 leere Aussagen in einer Datei (5 MB)", lambda: {
        "facts/claims/leer.yaml": {"repeat": "- {}\n", "times": 999_999}}, "check"),
    ("2.000 unbekannte Verweise unter 2.000 Akteuren", _unknown_references, "check"),
    ("Wortvergleich, Feld mit 300.000 Leerzeichen", _word_diff, "function"),
    ("ähnlichste Stelle direkt (400 Wörter gegen 7.000)", _closest_direct, "function"),
    ("10 Aussagen aus je 4.900 Markdown-Sonderzeichen, Website gebaut", _long_statements,
     "build"),
    ("10 Quellen zu 990 KB, vier Akteure in jedem Satz, Website gebaut", _named_everywhere,
     "briefing"),
]


#: Runs its arguments as a child and prints the child's peak memory: a child forked from this
#: (large) process would report this process's memory as its own peak.
_MEASURE = ("import resource, subprocess, sys; "
            "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); "
            "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)")


def _run(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident bytes and exit code of one process."""
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True,
                         text=True, check=True).stdout.split()
    return time.monotonic() - start, int(out[1]), int(out[0])


def main() -> int:
    failed = 0
    print("| Fall | Sekunden | Speicher (MiB) | Ergebnis |\n|---|---:|---:|---|")
    for name, case, kind in CASES:
        with tempfile.TemporaryDirectory() as scratch:
            if kind == "function":
                code = f"from tests.resource_cases import {case.__name__} as f; f()"
                seconds, peak, exit_code = _run([sys.executable, "-c", code])
                outcome = "ok" if exit_code == 0 else f"Exit {exit_code}"
            else:
                if kind in ("build", "briefing"):
                    root = project_copy(Path(scratch) / "repo",
                                        ROOT if kind == "briefing" else EXAMPLE, case())
                else:
                    root = materialize(Path(scratch) / "repo", case())
                command = "check" if kind == "check" else "build"
                seconds, peak, exit_code = _run([sys.executable, str(ROOT / "build.py"),
                                                 "--root", str(root), command])
                outcome = {0: "gebaut" if command == "build" else "ohne Fehler",
                           1: "Meldung mit Ort"}.get(exit_code, f"Exit {exit_code}")
                shutil.rmtree(root, ignore_errors=True)
        over = seconds > LIMIT_SECONDS or peak > LIMIT_BYTES or outcome.startswith("Exit")
        failed += over
        print(f"| {name} | {seconds:.2f} | {peak / 2**20:.0f} | {outcome}"
              f"{' – ÜBER DER GRENZE' if over else ''} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
