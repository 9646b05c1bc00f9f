"""Scale: the benchmark's synthetic briefing is valid, and big views stay readable pages.

Speed itself is measured by bench/run.py (figures in the README), never in a timed test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from briefing.check import check
from briefing.pages import PAGE_SIZE, SUMMARY_OVER, pages
from briefing.site import build
from briefing.text import find_all, fold, fold_plain
from briefing.views import Views

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "400"
    generate(400, root)
    return root


def test_generated_briefing_passes_the_strict_check(generated: Path) -> None:
    briefing, problems = check(generated)
    assert problems.sorted() == []
    assert len(briefing.claims) == 400
    assert len(briefing.actors) == 20
    assert len(briefing.sources) == 40


def test_wide_shape_passes_the_strict_check_and_differs(tmp_path: Path) -> None:
    """The second shape: the same kinds of facts laid out otherwise (see bench/generate.py)."""
    generate(400, tmp_path / "wide", shape="wide")
    briefing, problems = check(tmp_path / "wide")
    assert problems.sorted() == []
    assert len(briefing.claims) == 400
    assert len(briefing.sources) == 50
    assert len(list((tmp_path / "wide" / "facts" / "claims").glob("*.yaml"))) == 50
    claims = list(briefing.claims.values())
    assert sum(len(c.citations) > 1 for c in claims) > 80
    assert {c.modality for c in claims} == {"asserted", "reported", "possible"}
    hub = max(briefing.actors, key=lambda a: sum(c.subject == a for c in claims))
    assert sum(c.subject == hub for c in claims) > 200


def test_tall_shape_passes_the_strict_check_and_differs(tmp_path: Path) -> None:
    """The third shape: big claims files, few actors and topics, long sources, many figures."""
    generate(400, tmp_path / "tall", shape="tall")
    briefing, problems = check(tmp_path / "tall")
    assert problems.sorted() == []
    assert len(briefing.claims) == 400
    assert len(briefing.actors) == 8 + 1  # and the unnamed voice of "Berichten zufolge"
    assert len(list((tmp_path / "tall" / "facts" / "claims").glob("*.yaml"))) == 1
    assert sum(c.quantity is not None for c in briefing.claims.values()) > 160


def test_split_shape_passes_the_strict_check_and_differs(tmp_path: Path) -> None:
    """The fourth shape: many small files of actors, sources and claims."""
    generate(400, tmp_path / "split", shape="split")
    briefing, problems = check(tmp_path / "split")
    assert problems.sorted() == []
    assert (len(briefing.claims), len(briefing.actors), len(briefing.sources)) == (400, 133, 133)
    assert len(list((tmp_path / "split" / "facts" / "claims").glob("*.yaml"))) == 20


def test_single_shape_passes_the_strict_check_with_a_file_per_claim(tmp_path: Path) -> None:
    """The fifth shape: the standard facts with every claim in a claims file of its own."""
    generate(400, tmp_path / "single", shape="single")
    briefing, problems = check(tmp_path / "single")
    assert problems.sorted() == []
    assert (len(briefing.claims), len(briefing.actors), len(briefing.sources)) == (400, 20, 40)
    assert {claim.file for claim in briefing.claims.values()} == {
        path.relative_to(tmp_path / "single").as_posix()
        for path in (tmp_path / "single" / "facts" / "claims").glob("*.yaml")}
    assert len(list((tmp_path / "single" / "facts" / "claims").glob("*.yaml"))) == 400


def test_voice_that_is_never_the_topic_gets_no_empty_list(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An actor only ever named as claimant ("Berichten zufolge") has a summary profile with
    its claims as claimant, and no list of claims about it (it had an empty page with '****')."""
    from briefing import pages as module

    monkeypatch.setattr(module, "SUMMARY_OVER", 10)
    generate(400, tmp_path / "wide", shape="wide")
    briefing, _ = check(tmp_path / "wide")
    out = pages(briefing, ROOT / "templates")
    profile = out["akteure/unbenannte-berichte.md"]
    assert not any(p.startswith("akteure/unbenannte-berichte--aussagen") for p in out)
    assert "nach erstem Thema" not in profile and "****" not in profile
    assert "auf 1 Listenseite." in profile
    assert "unbenannte-berichte--von.md" in profile
    assert "akteure/unbenannte-berichte--aussagen.md" not in module.page_meta(briefing, "X")


@pytest.mark.parametrize("count", [1, 2, 12, 13, 133])
def test_long_pager_links_neighbours_and_ends(count: int) -> None:
    """A list of 133 pages shows a handful of links, yet every page is reached from the first
    by following them, and each page links its neighbours and both ends."""
    from briefing.render import PAGER_LINKS, window

    pager = [(f"p{n}.md", f"{n * 50 + 1}–{n * 50 + 50}") for n in range(count)]
    seen, todo = {"p0.md"}, ["p0.md"]
    while todo:
        here = todo.pop()
        shown = [path for path, _ in window(pager, here) if path]
        assert len(shown) <= max(PAGER_LINKS, 9)
        n = int(here[1:-3])
        assert {f"p{m}.md" for m in (0, n - 1, n + 1, count - 1) if 0 <= m < count} <= set(shown)
        for path in shown:
            if path not in seen:
                seen.add(path)
                todo.append(path)
    assert seen == {path for path, _ in pager}


def test_generator_is_seeded(tmp_path: Path, generated: Path) -> None:
    again = tmp_path / "again"
    generate(400, again)
    for path in sorted((generated / "facts").rglob("*.yaml")):
        assert (again / path.relative_to(generated)).read_bytes() == path.read_bytes()


def test_busy_actor_gets_a_summary_and_list_pages(generated: Path) -> None:
    briefing, _ = check(generated)
    out = pages(briefing, ROOT / "templates")
    views = Views(briefing)
    busy = max(briefing.actors, key=lambda a: len(views.claims_about(a)))
    about = views.claims_about(busy)
    assert len(about) > SUMMARY_OVER
    profile = out[f"akteure/{busy}.md"]
    assert "## Aussagen nach erstem Thema" in profile
    assert 'class="aussage"' not in profile
    lists = sorted(p for p in out if p.startswith(f"akteure/{busy}--aussagen"))
    assert len(lists) == -(-len(about) // PAGE_SIZE)
    cards = [cid for p in lists for cid in re.findall(r'<div class="aussage" id="([^"]+)"',
                                                      out[p])]
    assert sorted(cards) == sorted(c.id for c in about)
    for page in lists:
        assert out[page].count('<div class="aussage"') <= PAGE_SIZE


def test_generated_briefing_builds_strict(generated: Path, tmp_path: Path) -> None:
    """Every link of the summaries and list pages resolves (MkDocs strict, anchors too)."""
    site = build(generated, target=tmp_path / "site")
    biggest = max(p.stat().st_size for p in site.rglob("*.html"))
    assert biggest < 1_000_000
    assert (site / "chronik.html").is_file()


def test_long_lists_split_into_pages_that_build(generated: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures of a measure and the sources index split into numbered pages once they are
    long (small limits here stand for the real ones), every row on exactly one page, and every
    link between them resolves (MkDocs strict, anchors too)."""
    from briefing import pages as module

    monkeypatch.setattr(module, "SUMMARY_OVER", 2)
    monkeypatch.setattr(module, "LINES_PER_PAGE", 3)
    monkeypatch.setattr(module, "INDEX_ROWS", 3)
    briefing, _ = check(generated)
    out = pages(briefing, ROOT / "templates")
    views = Views(briefing)
    for mid, figures in views.figures.items():
        lists = sorted((p for p in out if p.startswith(f"zahlen--{mid}")),
                       key=lambda p: (len(p), p))
        rows = [row for p in lists for row in re.findall(r"\| \[(aussage-\d+)\]", out[p])]
        if len(figures) > 2:
            assert len(lists) == -(-len(figures) // 3), mid
            assert rows == [c.id for c in figures]
            assert f"zahlen--{mid}.md" in out["zahlen.md"]
        else:
            assert lists == []
    index = sorted((p for p in out if p.startswith("quellen/index")), key=lambda p: (len(p), p))
    assert len(index) == -(-len(briefing.sources) // 3)
    listed = [s for p in index for s in re.findall(r"\]\((\d{5}-bericht)\.md\)", out[p])]
    assert listed == sorted(briefing.sources)
    index = sorted((p for p in out if p.startswith("aussagen/index")), key=lambda p: (len(p), p))
    listed = [f for p in index for f in re.findall(r"^- \[(teil-\d+)\]", out[p], re.M)]
    assert listed == sorted({Path(c.file).stem for c in briefing.claims.values()})
    assert len(index) == -(-len(listed) // 3) > 1
    for page, text in out.items():
        if text.startswith("---\n"):
            assert re.match(r"---\n.*?\n---\n\n", text, re.S), f"{page}: front matter"
    site = build(generated, target=tmp_path / "site")
    busiest = max(views.figures, key=lambda mid: len(views.figures[mid]))
    figures = (site / f"zahlen--{busiest}--2.html").read_text("utf-8")
    assert "exclude: true" not in figures
    assert "<title>Zahlen: " in figures
    assert "<title>Quellen 4–6 " in (site / "quellen" / "index--2.html").read_text("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Wort", "zwei", " ", "  ", "\n", "\t", " \n ", "ä", "\u00a0",
                                 "Ende."]), min_size=1, max_size=30),
       st.data())
def test_folded_spans_map_back_to_the_raw_text(pieces: list[str], data: st.DataObject) -> None:
    """A quote found in the folded text is the raw passage the span points at."""
    raw = "".join(pieces)
    folded = fold(raw)
    words = folded.text.split(" ")
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end]).strip()
    if not quote:
        return
    spans = find_all(folded, quote)
    assert spans
    for left, right in spans:
        assert fold_plain(raw[left:right]) == quote


def test_fold_composes_and_keeps_offsets() -> None:
    raw = "Cafe\u0301  und\n\nTee"
    folded = fold(raw)
    assert folded.text == "Café und Tee"
    assert find_all(folded, "und Tee") == [(raw.index("und"), len(raw))]
    assert find_all(folded, "Café") == [(0, raw.index(" "))]


def test_staging_rewrites_only_what_an_edit_touches(tmp_path: Path) -> None:
    """serve rebuilds dirty: MkDocs renders again only the staged files that were rewritten."""
    from briefing.site import STAGING, stage
    from tests.conftest import project_copy

    root = project_copy(tmp_path / "real")
    stage(root)
    staged = root / STAGING
    before = {p: p.stat().st_mtime_ns for p in staged.rglob("*") if p.is_file()}
    claims = root / "facts" / "claims" / "technologie.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("statement: ", "statement: Neu bearbeitet ", 1),
                      encoding="utf-8")
    stage(root)
    changed = sorted(p.relative_to(staged).as_posix() for p, mtime in before.items()
                     if p.stat().st_mtime_ns != mtime)
    assert "aussagen/technologie.md" in changed
    assert "quellen/index.md" not in changed
    assert "methodik.md" not in changed
    assert not any(p.startswith("assets/") for p in changed)
    assert len(changed) < len(before) // 3


def test_limits_fit_the_scale_the_guide_names() -> None:
    """A briefing of 30,000 claims, one claim per file or all in one, with 3,000 sources of
    16 KB (well above a news article's 6 KB) stays within the limits, and the guide states
    them."""
    from briefing import load

    assert load.MAX_FILES >= 30_000
    assert load.MAX_SOURCE_BYTES >= 3_000 * 16_000
    # Or all 30,000 claims in one file (about 600 bytes and 25 values each).
    assert load.MAX_FACT_BYTES >= 30_000 * 600
    assert load.MAX_VALUES >= 30_000 * 25
    guide = (ROOT / "docs" / "redaktion" / "index.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([\d.]+)", guide, re.M))
    assert rows["alle Quellen zusammen"] == f"{load.MAX_SOURCE_BYTES:,}".replace(",", ".")
    assert rows["Dateien je Ordner (`facts/actors/` usw., `sources/`)"] == (
        f"{load.MAX_FILES:,}".replace(",", "."))
    assert rows["Werte (Texte, Zahlen, Listen) in einer Faktendatei"] == (
        f"{load.MAX_VALUES:,}".replace(",", "."))
    assert rows["Größe einer Faktendatei"] == f"{load.MAX_FACT_BYTES:,}".replace(",", ".")
    assert rows["Größe einer Quelldatei"] == f"{load.MAX_BYTES:,}".replace(",", ".")
    assert rows["Meldungen beim Lesen einer Faktendatei"] == f"{load.MAX_PROBLEMS}"


def test_folder_and_source_limits_are_located(example: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Past either limit the check reads what fits and names the folder or first source it
    leaves out (the limits made small here, so that the test stays quick)."""
    from briefing import load

    (example / "sources" / "001-zweite.md").write_text("---\nid: 001-zweite\ntitle: Z\n---\n"
                                                      "Text.\n", "utf-8")
    first = (example / "sources" / "000-beispiel.md").stat().st_size
    monkeypatch.setattr(load, "MAX_FILES", 2)
    monkeypatch.setattr(load, "MAX_SOURCE_BYTES", first)
    _, problems = check(example)
    limits = [f"{p.where}: {p.message}" for p in problems.sorted() if p.code == "limit-exceeded"]
    assert "facts/actors:1:1: der Ordner hat 3 Dateien; gelesen werden höchstens 2" in limits
    assert (f"sources/001-zweite.md:1:1: alle Quellen zusammen wären größer als "
            f"{first:,} Bytes; diese und die folgenden werden nicht gelesen".replace(",", ".")
            in limits)


def test_a_long_claims_file_gets_numbered_pages(generated: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of more than FILE_PAGE_CLAIMS claims is shown on numbered pages, each claim's card
    on exactly one, in the order of the file; every link to a claim (cards elsewhere, lists,
    source passages, data files) leads to that page: MkDocs strict checks links and anchors."""
    import json

    from briefing import pages as module
    from briefing import views

    monkeypatch.setattr(views, "FILE_PAGE_CLAIMS", 40)
    monkeypatch.setattr(module, "FILE_PAGE_CLAIMS", 40)
    briefing, _ = check(generated)
    out = pages(briefing, ROOT / "templates")
    meta = module.page_meta(briefing, "Lagebild")
    where = Views(briefing)
    for name in ("teil-001", "teil-004"):
        in_file = [c for c in where.sorted_claims if c.file.endswith(f"/{name}.yaml")]
        numbered = [f"aussagen/{name}.md"] + [f"aussagen/{name}--{n}.md"
                                              for n in range(2, -(-len(in_file) // 40) + 1)]
        assert sorted(p for p in out if re.match(rf"aussagen/{name}(--\d+)?\.md$", p)) == sorted(
            numbered)
        shown = [cid for page in numbered for cid in re.findall(
            r'<div class="aussage" id="([^"]+)">', out[page])]
        assert shown == [c.id for c in in_file]
        for page in numbered:
            assert meta[page]["quelle"] == in_file[0].file
            assert out[page].count('<div class="aussage"') <= 40
        last = in_file[-1]
        assert where.claim_page(last) == numbered[-1]
    data = {c["id"]: c["url"] for c in json.loads(out["data/claims.json"])}
    assert data[last.id] == f"aussagen/{last.file.split('/')[-1][:-5]}--3.html#{last.id}"
    site = build(generated, target=tmp_path / "site")
    assert (site / "aussagen" / "teil-001--3.html").is_file()
