"""The fact diff on real git repositories: one case file per kind of change, exact output inside.

Each case commits the example briefing (with the case's `base` files), then renames and writes
the `head` files in a second commit, and runs `build.py diff HEAD~1 HEAD`. `changes` lists the
records the diff reports; `expected` is the Markdown a reviewer reads (UPDATE_GOLDEN=1 rewrites
both).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefing.cli import main
from tests.conftest import ROOT, TESTS, UPDATE, git, load_case, materialize, update_case

CASES = sorted((TESTS / "cases" / "diff").glob("*.yaml"))
def commit_case(repo: Path, case: dict[str, Any]) -> Path:
    """The example (plus the case's base files) as one commit, the case's change as a second."""
    materialize(repo, case.get("base") or {})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    for old, new in (case.get("rename") or {}).items():
        git(repo, "mv", old, new)
    materialize(repo, case.get("head") or {}, base=None)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "head")
    # The diff renders with the working tree's template; left out of the commits, so that their
    # ids (in the expected output) do not change with it.
    (repo / "templates").mkdir()
    shutil.copy2(ROOT / "templates" / "diff.md.j2", repo / "templates")
    return repo


def run_diff(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "diff", *args])
    return code, out.getvalue(), err.getvalue()


def summary(report: dict[str, Any]) -> list[str]:
    """One line per reported record: status, kind, id and the fields that differ."""
    return [f"{c['status']} {c['kind']} {c['id']}"
            + (f": {', '.join(f['name'] for f in c['fields'])}" if c["status"] == "changed"
               else "") for c in report["changes"]]


def write_changes(case_file: Path, changes: list[str]) -> None:
    head, rest = case_file.read_text("utf-8").split("\nchanges:", 1)
    block = "".join(f"\n  - {json.dumps(line, ensure_ascii=False)}" for line in changes)
    case_file.write_text(f"{head}\nchanges:{block or ' []'}\nexpected:"
                         f"{rest.split(chr(10) + 'expected:', 1)[1]}", "utf-8")


@pytest.fixture(autouse=True)
def _no_site_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside GitHub Actions the diff links nowhere; the cases expect that output."""
    for name in ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "SITE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, tmp_path: Path) -> None:
    case = load_case(case_file)
    repo = commit_case(tmp_path / "repo", case)
    code, markdown, err = run_diff(repo, "HEAD~1", "HEAD")
    assert (code, err) == (0, "")
    code, raw, _ = run_diff(repo, "HEAD~1", "HEAD", "--format", "json")
    changes = summary(json.loads(raw))
    if UPDATE:
        write_changes(case_file, changes)
        update_case(case_file, "expected", markdown)
        return
    assert changes == case["changes"]
    assert markdown == case["expected"]


def test_working_tree_is_the_default_head(tmp_path: Path) -> None:
    repo = commit_case(tmp_path / "repo", {})
    path = repo / "facts" / "topics" / "munition.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Munition", "title: Munition und "
                                                     "Granaten"), "utf-8")
    code, raw, _ = run_diff(repo, "HEAD", "--format", "json")
    report = json.loads(raw)
    assert code == 0 and report["head"] == "Arbeitskopie" and report["head_commit"] is None
    assert summary(report) == ["changed topic munition: title"]


def test_shallow_clone_with_the_base_fetched(tmp_path: Path) -> None:
    repo = commit_case(tmp_path / "repo", load_case(TESTS / "cases" / "diff" / "pr-review.yaml"))
    base = git(repo, "rev-parse", "HEAD~1").strip()
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{repo}", str(shallow))
    code, _, err = run_diff(shallow, base)
    assert code == 2
    assert f"'{base}' ist kein Commit in diesem Klon" in err
    assert f"git fetch --depth=1 origin {base}" in err
    git(shallow, "fetch", "-q", "--depth=1", "origin", base)
    code, raw, _ = run_diff(shallow, base, "HEAD", "--format", "json")
    assert code == 0 and len(json.loads(raw)["changes"]) == 3


def test_links_in_github_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = commit_case(tmp_path / "repo", load_case(TESTS / "cases" / "diff" / "pr-review.yaml"))
    monkeypatch.setenv("GITHUB_REPOSITORY", "desk/lagebild")
    head = git(repo, "rev-parse", "HEAD").strip()
    _, markdown, _ = run_diff(repo, "HEAD~1", "HEAD")
    line = f"(https://github.com/desk/lagebild/blob/{head}/facts/claims/munition.yaml#L1)"
    assert f"[facts/claims/munition.yaml:1]{line}" in markdown
    assert ("[veröffentlichte Fassung](https://desk.github.io/lagebild/aussagen/munition.html"
            "#kp-ru-munition-1-mio)") in markdown


def test_outside_git(tmp_path: Path) -> None:
    code, out, err = run_diff(materialize(tmp_path / "plain", {}), "main")
    assert (code, out) == (2, "")
    assert err.startswith("diff: Fehler: ") and "\n  Hinweis: " in err


def test_the_real_briefing_compared_with_itself_has_no_changes() -> None:
    from briefing.diff import compare, load_side

    side = load_side(ROOT)
    report = compare(side, side)
    assert report.changes == () and report.measures == () and report.problems == ()


def test_json_tells_new_problems_from_those_on_base(tmp_path: Path) -> None:
    case = load_case(TESTS / "cases" / "diff" / "problem-on-base.yaml")
    repo = commit_case(tmp_path / "repo", case)
    _, raw, _ = run_diff(repo, "HEAD~1", "HEAD", "--format", "json")
    report = json.loads(raw)
    assert [(p["code"], p["new"]) for p in report["problems"]] == [
        ("orphan-actor", False), ("wrong-type", True)]
    assert [p["code"] for p in report["base_problems"]] == ["orphan-actor"]


def test_a_claim_links_to_the_numbered_page_that_shows_it(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """In a claims file with numbered pages the review links a removed claim to the page of the
    published site that holds it, not to the file's first page."""
    from briefing import views
    from briefing.diff import compare, load_side

    monkeypatch.setattr(views, "FILE_PAGE_CLAIMS", 2)
    for name in ("facts", "sources"):
        shutil.copytree(ROOT / name, tmp_path / name)
    path = tmp_path / "facts" / "claims" / "reaktionen.yaml"
    text = path.read_text("utf-8")
    last = text.rindex("\n- id: ")
    path.write_text(text[:last + 1], "utf-8")
    gone = text[last + len("\n- id: "):].split("\n", 1)[0].strip()
    removed = [c for c in compare(load_side(ROOT), load_side(tmp_path)).changes
               if c.status == "removed"]
    count = text.count("\n- id: ") + text.startswith("- id: ")
    assert [(c.id, c.page) for c in removed] == [
        (gone, f"aussagen/reaktionen--{(count + 1) // 2}.md#{gone}")]
