"""`build.py serve` as an analyst uses it: it names its address, reports every rebuild in German,
shows the located problems in the browser while the facts are broken (no request hangs) and
returns to the site by itself on the next good save."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, ROOT, project_copy

CLAIMS = "facts/claims/munition.yaml"


class Serving:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port",
             "0"], cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = re.search(r"Vorschau: (http://\S+/)", self.wait_for("Vorschau: "))[1]  # type: ignore[index]

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"serve never said {text!r}; it said: {self.said}")
            self.said.append(line)
            if text in line:
                return line

    def get(self, path: str = "") -> tuple[int, str]:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.status, response.read().decode("utf-8")

    def edit(self, old: str, new: str) -> None:
        path = self.root / CLAIMS
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Serving]:
    served = Serving(project_copy(tmp_path / "repo", facts_from=EXAMPLE))
    try:
        yield served
    finally:
        served.process.send_signal(signal.SIGINT)
        try:
            served.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()


def test_serve_reports_rebuilds_shows_errors_and_recovers(serving: Serving) -> None:
    assert serving.url.startswith("http://127.0.0.1:")
    assert re.fullmatch(r"gebaut in \d+,\d s, 0 Fehler, 0 Warnungen",
                        serving.wait_for("gebaut in"))
    status, page = serving.get("aussagen/munition.html")
    assert status == 200 and "kp-ru-munition-1-mio" in page

    serving.edit("subject: kp\n", "subject: kpp\n")
    assert re.fullmatch(r"nicht gebaut nach \d+,\d s, 2 Fehler – die Vorschau zeigt sie unter "
                        r"http://127\.0\.0\.1:\d+/", serving.wait_for("nicht gebaut"))
    assert ("facts/claims/munition.yaml:4:12: error[unknown-reference]: Akteur mit der id 'kpp' "
            "gibt es nicht") in serving.said
    for path in ("", "aussagen/munition.html"):
        status, page = serving.get(path)  # answered at once, not held until a good build
        assert "Die Vorschau kann nicht gebaut werden" in page
        assert ("facts/claims/munition.yaml:4:12</span>: <span class=\"error\">"
                "error[unknown-reference]</span>: Akteur mit der id &#x27;kpp&#x27; gibt es "
                "nicht") in page
        assert "docs/redaktion/index.md#unknown-reference" in page
        assert "livereload" in page  # the page reloads itself once the facts are fixed

    serving.edit("subject: kpp\n", "subject: kp\n")
    assert re.fullmatch(r"neu gebaut in \d+,\d s, 0 Fehler, 0 Warnungen – wieder fehlerfrei",
                        serving.wait_for("neu gebaut"))
    status, page = serving.get("aussagen/munition.html")
    assert status == 200 and "kp-ru-munition-1-mio" in page
    assert "Die Vorschau kann nicht gebaut werden" not in page


def test_the_browser_shows_the_error_page_and_returns_by_itself(
        serving: Serving, browser: Any) -> None:
    serving.wait_for("gebaut in")
    page = browser.new_page()
    page.goto(serving.url + "aussagen/munition.html")
    assert page.locator("#kp-ru-munition-1-mio").count() == 1
    serving.edit("date: \"2024-01\"", "date: 2024-02-30")
    serving.wait_for("nicht gebaut")
    page.wait_for_selector("text=Die Vorschau kann nicht gebaut werden", timeout=20_000)
    assert "den Tag '2024-02-30' gibt es nicht" in page.content()
    serving.edit("date: 2024-02-30", "date: \"2024-01\"")
    serving.wait_for("wieder fehlerfrei")
    page.wait_for_selector("#kp-ru-munition-1-mio", timeout=20_000)
    page.close()


def test_the_preview_loads_again_only_what_an_edit_changed(tmp_path: Path) -> None:
    """serve keeps a CheckCache: after each edit, including ones that make and mend errors
    across files, its check finds exactly what a check from scratch finds."""
    from briefing.check import CheckCache, check

    root = project_copy(tmp_path / "project")
    claims = root / "facts/claims/lieferungen.yaml"
    other = root / "facts/claims/reaktionen.yaml"
    actor = root / "facts/actors/kcna.yaml"
    text, actor_text = claims.read_text("utf-8"), actor.read_text("utf-8")
    first = text.split("\n\n")[0].split("\n", 2)[2]
    source = root / "sources/004-verteidigungsminister-besucht-nordkorea.md"
    unused = root / "sources/005-unbenutzt.md"

    def write(path: Path, new: str) -> None:
        path.write_text(new, encoding="utf-8")

    edits = [
        ("statement", lambda: write(claims, text.replace("etwa eine Million", "rund eine Million",
                                                         1))),
        ("unknown reference", lambda: write(claims, text.replace("subject: kp\n", "subject: kpx\n",
                                                                 1))),
        ("reference mended", lambda: write(claims, text)),
        ("quote changed", lambda: write(claims, text.replace(
            "quote: Im Gegenzug hat Nordkorea", "quote: Im Gegenzug hatte Nordkorea", 1))),
        ("quote mended", lambda: write(claims, text)),
        ("actor kind", lambda: write(actor, actor_text.replace(
            "kind: organization", "kind: person", 1))),
        ("duplicate id", lambda: write(other, other.read_text("utf-8") + "\n" + first)),
        ("duplicate removed", lambda: write(other, other.read_text("utf-8").replace(
            "\n" + first, ""))),
        ("unused source", lambda: write(unused, source.read_text("utf-8").replace(
            "id: 004-verteidigungsminister-besucht-nordkorea", "id: 005-unbenutzt"))),
        ("unused source removed", unused.unlink),
        ("broken YAML", lambda: write(actor, actor_text.replace("kind: ", "kind: [", 1))),
        ("YAML mended", lambda: write(actor, actor_text)),
        ("actor deleted", actor.unlink),
        ("actor back", lambda: write(actor, actor_text)),
    ]
    cache = CheckCache()
    check(root, cache=cache)
    seen = set()
    for name, edit in edits:
        edit()
        cached, found = check(root, cache=cache)
        full, expected = check(root)
        # In another order: the cache finds them claim by claim.
        assert sorted(map(repr, found.items())) == sorted(map(repr, expected.items())), name
        assert cached.claims == full.claims and cached.actors == full.actors, name
        assert sorted(cached.sources) == sorted(full.sources), name
        seen |= {p.code for p in expected.items()}
    assert {"unknown-reference", "duplicate-id", "unused-source", "yaml-syntax",
            "quote-not-found"} <= seen, seen
    again, _ = check(root, cache=cache)
    assert all(again.claims[cid] is claim for cid, claim in cached.claims.items()), "not cached"
