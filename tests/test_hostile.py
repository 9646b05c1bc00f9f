"""The hostile corpus on the built site: curated text from a pull request never runs, never
loads anything, never breaks a page's metadata, a spreadsheet or a terminal.

Check-level vectors (limits, control characters, file names, symlinks, Markdown) are case files
in tests/cases/check/, the job summary's in tests/cases/diff/, every output context's escaping
in tests/test_escape.py; resource timings are measured by tests/resource_cases.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.cli import main
from briefing.site import build
from tests.browser import serve, wait_for_result
from tests.conftest import EXAMPLE, git, materialize, project_copy

#: Each value reaches the site through one field; together they cover every field that ends up
#: in a page's metadata (title, description, edit link) and the page body.
PAYLOADS = {
    "name": "</title><script>alert('name')</script>",
    "role": '"><img src=x onerror=alert("role")>',
    # YAML escapes that came back as '<' and '"' through the old front matter.
    "topic_title": '"\\x3cscript\\x3ealert(\\x22topic\\x22)\\x3c/script\\x3e"',
    "topic_summary": '"Text\\n---\\ntitle: <script>alert(1)</script>\\n---\\n*kursiv*"',
    "source_title": "'Quelle \" onmouseover=\"alert(5)\" x=\"\\'",
    "statement": "'=HYPERLINK(\"https://evil.example/\";\"<svg onload=alert(6)>\"), sagt der "
                 "Militärgeheimdienst'",
    "finding": "'Laut dem Militärgeheimdienst <iframe src=\"https://evil.example/\"></iframe> "
               "**fett** @octocat'",
    # The briefing's own name: the theme prints it raw in <title>, the header and the nav.
    "site_title": "'T</title><script>alert(7)</script> & Co'",
    "site_description": "'\"><script>alert(8)</script>'",
}


def _hostile_files() -> dict[str, str]:
    """The example with every payload in place; each replaced line must exist."""
    claims = (EXAMPLE / "facts/claims/munition.yaml").read_text("utf-8").replace(
        "statement: Nordkorea hat Russland etwa eine Million Schuss geliefert, sagt der "
        "Militärgeheimdienst.", f"statement: {PAYLOADS['statement']}")
    source = (EXAMPLE / "sources/000-beispiel.md").read_text("utf-8").replace(
        'title: "[Beispielquelle]"', f"title: {PAYLOADS['source_title']}")
    findings = (EXAMPLE / "facts/findings.yaml").read_text("utf-8").replace(
        "text: Laut dem Militärgeheimdienst hat Nordkorea Russland **Munition** geliefert; die "
        "Angaben reichen bis zu zwei Millionen Schuss.", f"text: {PAYLOADS['finding']}")
    assert PAYLOADS["statement"] in claims and PAYLOADS["finding"] in findings
    assert PAYLOADS["source_title"] in source
    return {
        "facts/claims/munition.yaml": claims,
        "sources/000-beispiel.md": source,
        "facts/findings.yaml": findings,
        "facts/actors/hur.yaml": "id: hur\nkind: organization\n"
                                 f"name: \"{PAYLOADS['name']}\"\n"
                                 "aliases: [Militärgeheimdienst]\n"
                                 f"role: '{PAYLOADS['role']}'\n",
        "facts/topics/munition.yaml": f"id: munition\ntitle: {PAYLOADS['topic_title']}\n"
                                      f"summary: {PAYLOADS['topic_summary']}\norder: 1\n",
        "facts/briefing.yaml": f"title: {PAYLOADS['site_title']}\nshort_title: Beispiel\n"
                               f"description: {PAYLOADS['site_description']}\n"
                               "slug: beispiel-lagebild\nlanguage: de\n",
    }


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project_copy(tmp_path_factory.mktemp("hostile"), EXAMPLE, _hostile_files())


@pytest.fixture(scope="module")
def hostile_site(hostile_root: Path) -> Path:
    os.environ["GITHUB_REPOSITORY"] = "redaktion/lagebild"
    try:
        return build(hostile_root)
    finally:
        del os.environ["GITHUB_REPOSITORY"]


def test_metadata_is_text_in_every_page(hostile_site: Path) -> None:
    profile = (hostile_site / "akteure/hur.html").read_text("utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt; - " \
        in profile
    assert ('<meta name="description" content="&quot;&gt;&lt;img src=x onerror=alert(&quot;'
            'role&quot;)&gt; – Profil im ') in profile
    topic = (hostile_site / "themen/munition.html").read_text("utf-8")
    assert "<title>&lt;script&gt;alert(&quot;topic&quot;)&lt;/script&gt; - " in topic
    # The summary's '---' lines did not end the page's metadata: the page has its content.
    assert "<em>kursiv</em>" in topic
    assert 'href="https://github.com/redaktion/lagebild/edit/main/facts/topics/munition.yaml"' \
        in topic
    # The briefing's title is text wherever the theme prints it, and escaped only once.
    site_title = "T&lt;/title&gt;&lt;script&gt;alert(7)&lt;/script&gt; &amp; Co"
    for page in (profile, topic, (hostile_site / "methodik.html").read_text("utf-8")):
        assert "<script>alert(7)" not in page and "&amp;amp;" not in page
        assert f" - {site_title}</title>" in page
    # The 404 page has no description of its own: the theme prints the briefing's.
    assert ('<meta name="description" content="&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt;"'
            in (hostile_site / "404.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def site_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


def test_no_script_runs_and_nothing_is_requested(browser: Any, site_url: str,
                                                 hostile_site: Path) -> None:
    """Every page in Chromium: no dialog, no element a payload made, no request elsewhere."""
    context = browser.new_context(base_url=site_url)
    dialogs: list[str] = []
    foreign: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(site_url) else foreign.append(r.url))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert "akteure/hur.html" in pages and "quellen/000-beispiel.html" in pages
    for rel in pages:
        page.goto(rel, wait_until="load")
        made = page.evaluate("""() => document.querySelectorAll(
            'svg[onload], img[onerror], iframe, [onmouseover], a[href^="javascript:" i], '
            + 'a[href^="data:" i], a[href^="vbscript:" i]').length""")
        assert made == 0, rel
        page.mouse.move(5, 5)
        page.mouse.move(400, 300)
    # Search results are rendered as HTML from the index: show the source's hostile title.
    page.goto("index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type("Quelle")
    wait_for_result(page, "quellen/000-beispiel.html")
    page.locator(".md-search-result__item").first.hover()
    context.close()
    assert dialogs == []
    assert foreign == []


def test_csv_as_a_spreadsheet_reads_it(hostile_site: Path) -> None:
    """A spreadsheet program evaluates a cell that starts with =, +, -, @ (after spaces); the
    export writes such text with a leading apostrophe, which shows it as text."""
    text = (hostile_site / "data/claims.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell
    statements = [row[2] for row in rows[1:]]
    assert any(s.startswith("'=HYPERLINK(\"https://evil.example/\"") for s in statements)
    # JSON keeps the text as it is: it is data, not a formula.
    claims = json.loads((hostile_site / "data/claims.json").read_text("utf-8"))
    assert claims[0]["statement"].startswith("=HYPERLINK")


def _check_output(root: Path, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["--root", str(root), "check", *args])
    return out.getvalue()


def test_terminal_output_has_no_escape_and_no_workflow_command(tmp_path: Path) -> None:
    root = project_copy(tmp_path, EXAMPLE, {
        "facts/actors/hur.yaml": 'id: hur\nkind: organization\nname: "\\e[2J\\e]0;x\\a"\n',
        "facts/topics/munition.yaml": "id: munition\ntitle: Munition\n"
                                      "unbekannt: \"x\\n::error file=a::gefälscht\"\n"
                                      "\"\\n::warning::b\": 1\n",
    })
    text = _check_output(root)
    assert "[control-character]" in text and "[unknown-key]" in text
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    github = _check_output(root, "--format", "github")
    assert "\x1b" not in github
    assert all(line.startswith(("::error ", "::warning ")) for line in github.splitlines())


def test_sigterm_leaves_no_scratch_folder(tmp_path: Path) -> None:
    root = project_copy(tmp_path, EXAMPLE)
    build_py = Path(__file__).parent.parent / "build.py"
    process = subprocess.Popen([sys.executable, str(build_py), "--root", str(root), "build"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scratch = root / ".build" / "scratch"
    deadline = time.monotonic() + 60
    while not (scratch.is_dir() and any(scratch.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the build ended before it could be stopped"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert not any(scratch.iterdir())
    assert not list(root.glob(".site-*")) and not list(root.glob(".bundle-*"))


def test_a_staged_symlink_is_a_located_problem(tmp_path: Path) -> None:
    """check --staged (the pre-commit hook) reads the index, where a link is never written
    out: it is reported where it stands, not silently missing."""
    root = materialize(tmp_path / "repo", {"facts/actors/leak.yaml": {"symlink": "/etc/hostname"}})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--root", str(root), "check", "--staged"])
    assert code == 1
    assert "facts/actors/leak.yaml:1:1: error[unsafe-path]" in out.getvalue()


def test_a_link_inside_node_modules_is_not_shipped(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The offline bundle copies the worker shim from node_modules: a link there would put any
    file of the build machine into the zip."""
    root = project_copy(tmp_path / "repo", EXAMPLE)
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM", "utf-8")
    shim = root / "node_modules" / "iframe-worker" / "shim" / "index.js"
    shim.unlink()
    shim.symlink_to(secret)
    assert main(["--root", str(root), "bundle"]) == 1
    assert "node_modules/iframe-worker/shim/index.js fehlt oder ist ein Link" \
        in capsys.readouterr().err
    assert not any(b"GEHEIM" in zipped.read_bytes() for zipped in root.glob("dist/*.zip"))
