"""Editions on a real git repository: three editions made with `build.py edition`, then built.

The case file tests/cases/editions/drei-ausgaben.yaml describes the editions; the pages the
reader sees are golden files in tests/cases/editions/golden/ (UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import contextlib
import csv
import html.parser
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing import editions
from briefing.check import check
from briefing.cli import main
from briefing.views import claim_pages
from tests.browser import serve
from tests.conftest import (
    EXAMPLE,
    GIT_ENV,
    PROJECT_FILES,
    TESTS,
    UPDATE,
    git,
    load_case,
    materialize,
    project_copy,
)

CASE = load_case(TESTS / "cases" / "editions" / "drei-ausgaben.yaml")
GOLDEN = TESTS / "cases" / "editions" / "golden"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def git_identity(date: str) -> Iterator[None]:
    """The fixed identity and time `build.py edition` commits with, as in conftest.GIT_ENV."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in GIT_ENV.items():
            patch.setenv(name, value)
        for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
            patch.setenv(name, f"{date}T12:00:00Z")
        yield


def apply(repo: Path, edition: dict[str, Any]) -> None:
    """One edition's change: renames, text replacements in fact files, then files."""
    for old, new in (edition.get("rename") or {}).items():
        git(repo, "mv", old, new)
    for old, new in (edition.get("replace") or {}).items():
        for path in (repo / "facts").rglob("*.yaml"):
            text = path.read_text("utf-8")
            if old in text:
                path.write_text(text.replace(old, new), "utf-8")
    materialize(repo, edition.get("files") or {}, base=None)


def make_editions(repo: Path) -> None:
    """The example as a git repository whose facts went through the case's editions."""
    project_copy(repo, facts_from=EXAMPLE)
    # Only facts and sources are committed, as in the real repository's history of facts.
    (repo / ".gitignore").write_text("".join(f"/{n}\n" for n in (*PROJECT_FILES, ".build",
                                                                 "site", "dist")), "utf-8")
    git(repo, "init", "-q", "-b", "main")
    for edition in CASE["editions"]:
        apply(repo, edition)
        git(repo, "add", "-A")
        with git_identity(edition["date"]):
            git(repo, "commit", "-q", "-m", f"facts for edition {edition['name']}")
            code, out, err = run(repo, "edition", edition["name"], "--summary",
                                 edition["summary"], "--date", edition["date"])
        assert code == 0, err
        assert out.startswith(f"Ausgabe {edition['name']} vom ")


@pytest.fixture(scope="module", autouse=True)
def _no_site_address() -> Iterator[None]:
    """Relative feed links and UUID ids: the goldens hold the output with no known address
    (in GitHub Actions the site's address is known from GITHUB_REPOSITORY), and outside a
    pull request's run (which makes every build a preview)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "SITE_URL", "GITHUB_EVENT_NAME"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, _no_site_address: None) -> Path:
    root = tmp_path_factory.mktemp("editions") / "repo"
    make_editions(root)
    code, _, err = run(root, "build")
    assert code == 0, err
    return root


def staged(repo: Path, page: str) -> str:
    return (repo / ".build" / "docs" / page).read_text("utf-8")


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} differs (UPDATE_GOLDEN=1 rewrites it)"


def test_editions_are_recorded_in_the_editions_file(repo: Path) -> None:
    text = (repo / "facts" / "editions.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/editions.schema.json\n")
    assert "- name: '3'\n  date: '2026-03-15'\n  summary: Neue Quelle" in text
    log = git(repo, "log", "--format=%s").splitlines()
    assert log[0] == "Edition 3: Neue Quelle zu Lieferungen im April; HUR mit neuer Kennung."


def test_was_ist_neu_lists_exactly_the_changes(repo: Path) -> None:
    page = staged(repo, "aenderungen.md")
    golden("aenderungen.md", page)
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## Ausgabe 3 vom 15.03.2026 { #ausgabe-3 }",
                        "## Ausgabe 2 vom 03.02.2026 { #ausgabe-2 }",
                        "## Ausgabe 1 vom 10.01.2026 { #ausgabe-1 }"]
    three, two, one = page.split("\n## ")[1:]
    assert "### Aussagen: neu (2)" in three and "### Quellen: neu (1)" in three
    assert "(`hur-ukraine`, vorher `hur`)" in three
    assert "Zahl: 150 Raketen → 200 Raketen" in two
    assert "| Raketenlieferungen | `kp-ru-raketen` | 150 Raketen | 200 Raketen |" in two
    assert ("(`ru-schweigt`)\n    - Grund: Schweigen ist keine Äußerung; die Aussage ging über "
            "das Zitat hinaus.") in two
    assert "[Russland äußerte sich nicht zu den Raketen.](aussagen/reaktionen.md#ru-schweigt)" \
        in two
    assert "Umfang der ersten Ausgabe: 4 Aussagen, 3 Akteure, 1 Thema, 2 Quellen." in one
    assert "Arbeitsstand" not in page


def test_each_claim_shows_its_history(repo: Path) -> None:
    page = staged(repo, "aussagen/raketen.md")
    golden("raketen.md", page)
    assert ("<li>aufgenommen mit <a href=\"../aenderungen.html#ausgabe-1\">Ausgabe 1</a> vom "
            "10.01.2026</li>") in page
    assert ("geändert mit <a href=\"../aenderungen.html#ausgabe-2\">Ausgabe 2</a> vom 03.02.2026: "
            "Wortlaut: Laut dem Militärgeheimdienst hat Nordkorea Russland 150 Raketen geliefert. "
            "→ Laut dem Militärgeheimdienst hat Nordkorea Russland 200 Raketen geliefert.; Zahl: "
            "150 Raketen → 200 Raketen; Zahl im Wortlaut: 150 "
            "Raketen → 200 Raketen; Beleg hinzugefügt: 001-raketen: „Im März korrigierte er die "
            "Zahl auf 200 Raketen“") in page
    assert "geändert mit <a href=\"../aenderungen.html#ausgabe-3\">Ausgabe 3</a> vom 15.03.2026: " \
        "Urheber: hur → hur-ukraine" in page
    new = staged(repo, "aussagen/nachtrag.md")
    assert "aufgenommen mit <a href=\"../aenderungen.html#ausgabe-3\">Ausgabe 3</a>" in new


def test_withdrawn_claim_keeps_its_page_and_says_why(repo: Path) -> None:
    page = staged(repo, "aussagen/reaktionen.md")
    golden("reaktionen.md", page)
    assert 'id="ru-schweigt"' in page
    assert "<strong>Zurückgezogen</strong> mit <a href=\"../aenderungen.html#ausgabe-2\">" \
        "Ausgabe 2</a> vom 03.02.2026" in page
    assert "<strong>Grund:</strong> Schweigen ist keine Äußerung" in page


def test_data_export_carries_first_edition_and_last_change(repo: Path) -> None:
    claims = json.loads(staged(repo, "data/claims.json"))
    assert {c["id"]: (c["first_edition"], c["last_changed"]) for c in claims} == {
        "kp-ru-munition-1-mio": ("1", "3"),  # its claimant hur was renamed in edition 3
        "kp-ru-munition-zwei-mio": ("1", "3"),  # renamed in edition 3
        "kp-ru-raketen": ("1", "3"),
        "kp-ru-raketen-april": ("3", "3"),
        "hur-meldet-april": ("3", "3"),
    }
    rows = list(csv.DictReader(io.StringIO(staged(repo, "data/claims.csv"))))
    assert {(r["id"], r["first_edition"], r["last_changed"]) for r in rows} == {
        (c["id"], c["first_edition"], c["last_changed"]) for c in claims}


def test_feed_is_valid_atom_with_one_entry_per_edition(repo: Path) -> None:
    import feedparser

    text = (repo / "site" / "feed.xml").read_text("utf-8")
    golden("feed.xml", text)
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Beispiel-Lagebild – Ausgaben"
    assert [e.title for e in parsed.entries] == [
        "Ausgabe 3 vom 15.03.2026", "Ausgabe 2 vom 03.02.2026", "Ausgabe 1 vom 10.01.2026"]
    assert [e.updated for e in parsed.entries] == [
        "2026-03-15T00:00:00Z", "2026-02-03T00:00:00Z", "2026-01-10T00:00:00Z"]
    assert len({e.id for e in parsed.entries}) == 3
    assert [e.link for e in parsed.entries][1] == "aenderungen.html#ausgabe-2"
    assert "150 Raketen → 200 Raketen" in parsed.entries[1].content[0].value
    head = (repo / "site" / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in head


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def test_every_claim_url_of_every_edition_still_resolves(repo: Path) -> None:
    briefing, _ = check(repo)
    loaded = editions.timeline(repo, briefing.editions)
    assert [p.edition.name for p in loaded.published if p.side] == ["1", "2", "3"]
    ids: dict[str, set[str]] = {}
    walked = 0
    for published in loaded.published:
        assert published.side is not None
        shown = claim_pages(published.side.briefing.claims.values())
        for claim in published.side.briefing.claims.values():
            page, anchor = shown[claim.id], claim.id
            built = repo / "site" / (page[:-3] + ".html")
            assert built.is_file(), f"edition {published.edition.name}: {page} is gone"
            if page not in ids:
                parser = _Ids()
                parser.feed(built.read_text("utf-8"))
                ids[page] = parser.ids
            assert anchor in ids[page], f"edition {published.edition.name}: {page}#{anchor}"
            walked += 1
    assert walked == 4 + 3 + 5


def test_a_reader_following_a_saved_link_sees_why_a_claim_was_withdrawn(
        repo: Path, browser: Any) -> None:
    with serve(repo / "site") as url:
        page = browser.new_page()
        page.goto(url + "aussagen/reaktionen.html#ru-schweigt")
        target = page.locator(":target")
        assert target.get_attribute("id") == "ru-schweigt"
        text = target.inner_text()
        assert "Zurückgezogen mit Ausgabe 2 vom 03.02.2026" in text
        assert "Grund: Schweigen ist keine Äußerung" in text
        assert target.is_visible()
        page.close()


def test_a_saved_link_to_a_renamed_claim_leads_to_it(repo: Path, browser: Any) -> None:
    with serve(repo / "site") as url:
        page = browser.new_page()
        page.goto(url + "aussagen/munition.html#kp-ru-munition-2-mio")
        page.wait_for_url("**/aussagen/munition.html#kp-ru-munition-zwei-mio")
        assert page.locator(":target").get_attribute("id") == "kp-ru-munition-zwei-mio"
        page.close()


def test_the_old_address_of_a_renamed_actor_leads_to_its_profile(
        repo: Path, browser: Any) -> None:
    assert 'data-weiter="hur-ukraine.html"' in staged(repo, "akteure/hur.md")
    with serve(repo / "site") as url:
        page = browser.new_page()
        page.goto(url + "akteure/hur.html")
        page.wait_for_url("**/akteure/hur-ukraine.html")
        page.close()


@pytest.mark.parametrize("path", ["aenderungen.html", "aussagen/raketen.html",
                                  "aussagen/reaktionen.html"])
def test_history_pages_are_accessible(repo: Path, browser: Any, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with serve(repo / "site") as url:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + path)
        results = Axe().run(page)
        page.close()
    assert errors == []
    assert [v["id"] for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")] == []


def test_start_page_names_the_edition_and_links_was_ist_neu(repo: Path) -> None:
    start = staged(repo, "index.md")
    assert ('<strong>Ausgabe 3 vom 15.03.2026</strong> (<a href="aenderungen.html">Was ist neu'
            '</a>)') in start


def test_loaded_editions_are_cached_by_commit(repo: Path) -> None:
    cached = sorted((repo / ".build" / "editions").glob("*.pickle"))
    assert len(cached) == 3
    before = (repo / "site" / "aenderungen.html").read_bytes()
    stamps = [p.stat().st_mtime_ns for p in cached]
    assert run(repo, "build")[0] == 0
    assert [p.stat().st_mtime_ns for p in cached] == stamps
    assert (repo / "site" / "aenderungen.html").read_bytes() == before


def test_preview_lists_the_working_state_on_top(repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site", ".build"))
    claims = work / "facts" / "claims" / "nachtrag.yaml"
    text = claims.read_text("utf-8")
    claims.write_text(text.replace("weitere 300 Raketen.\n", "weitere 300 Raketen (April).\n"),
                      "utf-8")
    code, _, err = run(work, "build", "--preview")
    assert code == 0, err
    page = staged(work, "aenderungen.md")
    assert page.index("## Arbeitsstand { #arbeitsstand }") < page.index("## Ausgabe 3")
    assert ("Wortlaut: Laut dem Militärgeheimdienst schickte Nordkorea Russland im April "
            "weitere 300 Raketen. → ") in page
    assert "; Vorschau mit Änderungen seit dieser Ausgabe)" in staged(work, "index.md")
    assert run(work, "build")[0] == 0
    assert "Arbeitsstand" not in staged(work, "aenderungen.md")


def test_shallow_clone_builds_with_a_note(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{repo}", str(clone))
    for name in PROJECT_FILES:
        source = repo / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clone / name)
    code, _, err = run(clone, "build")
    assert code == 0, err
    assert "Hinweis: Der Verlauf fehlt" in err
    page = staged(clone, "aenderungen.md")
    assert "git fetch --unshallow" in page
    assert "## Ausgabe 3 vom 15.03.2026" in page
    assert "Ausgabe 3 vom 15.03.2026" in staged(clone, "index.md")
    code, _, err = run(clone, "edition", "4", "--summary", "x")
    assert code == 1
    assert "edition: Fehler: Der Verlauf fehlt" in err and "git fetch --unshallow" in err


def test_edition_refuses_a_claim_removed_without_reason(repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site", ".build"))
    (work / "facts" / "claims" / "nachtrag.yaml").write_text(
        (work / "facts" / "claims" / "nachtrag.yaml").read_text("utf-8").split(
            "- id: hur-meldet-april")[0], "utf-8")
    code, _, err = run(work, "edition", "4", "--summary", "x", "--date", "2026-04-01")
    assert code == 1
    assert "edition: Fehler: Fakten oder Quellen haben nicht committete Änderungen" in err
    git(work, "commit", "-qam", "drop a claim")
    with git_identity("2026-04-01"):
        code, _, err = run(work, "edition", "4", "--summary", "x", "--date", "2026-04-01")
    assert code == 1
    assert "Seit Ausgabe 3 entfernt, ohne Grund: hur-meldet-april" in err
    assert "facts/withdrawn.yaml" in err
    assert run(work, "edition", "3", "--summary", "x")[0] == 1
    assert run(work, "edition", "Vier", "--summary", "x")[0] == 2


def test_bundle_is_named_after_its_edition(repo: Path) -> None:
    code, _, err = run(repo, "bundle")
    assert code == 0, err
    archive = repo / "dist" / "beispiel-lagebild-ausgabe-3-offline.zip"
    with zipfile.ZipFile(archive) as bundled:
        names = set(bundled.namelist())
        assert {"aenderungen.html", "feed.xml", "aussagen/reaktionen.html"} <= names
        withdrawn = bundled.read("aussagen/reaktionen.html").decode("utf-8")
    assert 'id="ru-schweigt"' in withdrawn and "Schweigen ist keine Äußerung" in withdrawn


def test_the_real_briefing_has_its_first_edition() -> None:
    from briefing import git
    from tests.conftest import ROOT

    briefing, _ = check(ROOT)
    assert [e.name for e in briefing.editions][:1] == ["1"]
    loaded = editions.timeline(ROOT, briefing.editions)
    if git.is_shallow(ROOT):
        assert loaded.note == editions.SHALLOW
    else:
        first = loaded.published[0]
        assert first.commit is not None and first.side is not None
        assert len(first.side.briefing.claims) > 0


def test_an_edition_removed_and_made_again_is_issued_anew(repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site", ".build"))
    listed = work / "facts" / "editions.yaml"
    text = listed.read_text("utf-8")
    listed.write_text(text[:text.index("- name: '3'")], "utf-8")
    git(work, "commit", "-qam", "withdraw edition 3")
    with git_identity("2026-03-16"):
        assert run(work, "edition", "3", "--summary", "Neu herausgegeben",
                   "--date", "2026-03-16")[0] == 0
    briefing, _ = check(work)
    loaded = editions.timeline(work, briefing.editions)
    assert [p.commit for p in loaded.published][2] == git(work, "rev-parse", "HEAD").strip()


def test_a_claim_moved_to_another_file_leaves_a_link_on_its_old_page(
        repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site", ".build"))
    claims = work / "facts" / "claims"
    old, new = claims / "nachtrag.yaml", claims / "raketen.yaml"
    text = old.read_text("utf-8")
    start, end = text.index("- id: kp-ru-raketen-april"), text.index("- id: hur-meldet-april")
    old.write_text(text[:start] + text[end:], "utf-8")
    new.write_text(new.read_text("utf-8") + text[start:end], "utf-8")
    assert run(work, "build")[0] == 0
    assert ('id="kp-ru-raketen-april" data-weiter="raketen.html#kp-ru-raketen-april"'
            in staged(work, "aussagen/nachtrag.md"))


def test_feed_with_a_site_address_has_absolute_links_and_ids(repo: Path) -> None:
    import feedparser

    from briefing import feed
    from briefing.diff import load_side
    from briefing.history import build_history
    from briefing.pages import Places

    working = load_side(repo)
    history = build_history(editions.timeline(repo, working.briefing.editions), working, False)
    text = feed.atom(history, "Lagebild", "https://lagebild.example.org/", "2026-01-01T00:00:00Z",
                     Places(working.briefing, history))
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0
    assert parsed.feed.id == "https://lagebild.example.org/feed.xml"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [
        "https://lagebild.example.org/feed.xml"]
    assert parsed.entries[0].id == "https://lagebild.example.org/aenderungen.html#ausgabe-3"
    assert ('href="https://lagebild.example.org/aussagen/nachtrag.html#kp-ru-raketen-april"'
            in parsed.entries[0].content[0].value)
