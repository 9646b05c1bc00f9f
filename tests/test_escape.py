"""Every escaping function of briefing.escape against the same hostile corpus.

Each payload is run through each output context's function; the test reads the result the way
that context's consumer would (an HTML parser, a Markdown renderer, a spreadsheet, a terminal,
GitHub's workflow-command parser) and asserts that the payload stays text.
"""

from __future__ import annotations

import csv
import html.parser
import io
import re

import markdown as python_markdown
import pytest

from briefing import escape
from briefing.render import inline

#: One payload per vector; the same corpus for every context.
CORPUS = {
    "script": '<script>alert("x")</script>',
    "img-onerror": "<img src=x onerror=alert(1)>",
    "attribute-break": '" onmouseover="alert(1)',
    "single-quote-break": "' onfocus='alert(1)",
    "backtick": "`alert(1)`",
    "javascript-link": "[klick](javascript:alert(1))",
    "data-link": "[klick](data:text/html,<script>alert(1)</script>)",
    "remote-image": "![](https://tracker.example/p.gif)",
    "autolink": "<https://tracker.example/>",
    "bare-address": "siehe https://tracker.example/p, http://x.example und www.tracker.example",
    "heading": "# Überschrift",
    "cr-heading": "Text\r# Überschrift\r| a | b |",
    "newline-front-matter": "Titel\n---\ntitle: anders\n---",
    "yaml-escape": "\\x3cscript\\x3e \\x22",
    "trailing-backslash": "Titel\\",
    "table-pipe": "a | b | c",
    "list-start": "- Punkt",
    "ordered-list": "1. Punkt",
    "emphasis": "*fett* _kursiv_ ~~durch~~",
    "html-entity": "&lt;script&gt;",
    "mention": "@octocat und @github/security",
    "workflow-command": "::error file=x::gefälscht\n::set-output name=a::b",
    "legacy-workflow-command": "##[error]gefälscht\n  ##[group]x",
    "ansi-escape": "\x1b[31mrot\x1b[0m\x1b]0;Titel\x07",
    "nul": "vor\x00nach",
    "bidi-override": "Staat \u202eetats\u202c",
    "line-separator": "eins\u2028zwei\u2029drei",
    "formula-equals": "=HYPERLINK(\"https://evil.example\",\"klick\")",
    "formula-plus": "+1+1",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(A1:A2)",
    "formula-tab": "\t=1+1",
    "formula-fullwidth": "\uff1d1+1",
}
IDS = list(CORPUS)


class _Elements(html.parser.HTMLParser):
    """Collects the elements and attributes an HTML parser sees."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def _parse(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def _no_controls(text: str) -> None:
    assert not escape.CONTROL.search(text), repr(text)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_html_text(payload: str) -> None:
    out = escape.html_text(payload)
    assert _parse(f"<p>{out}</p>").tags == ["p"]
    _no_controls(out)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_html_lines(payload: str) -> None:
    """Each piece of each line (a source page escapes lines piece by piece), within a text of
    plain lines and within the payload itself, comes out as html_text gives it."""
    for text in (f"Zeile eins\n{payload}\nZeile drei", payload):
        escape_piece = escape.html_lines(text)
        for line in text.split("\n"):
            for piece in (line, line[:3], line[3:]):
                out = escape_piece(piece)
                assert out == str(escape.html_text(piece)) == escape.html_piece(piece)
                assert _parse(f"<p>{out}</p>").tags == ["p"]
                _no_controls(out)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_html_attr(payload: str) -> None:
    out = escape.html_attr(payload)
    parsed = _parse(f'<a title="{out}">x</a>')
    assert parsed.tags == ["a"] and [name for name, _ in parsed.attrs] == ["title"]
    _no_controls(out)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_url(payload: str) -> None:
    out = escape.url(payload)
    parsed = _parse(f'<a href="{out}">x</a>')
    assert [name for name, _ in parsed.attrs] == ["href"]
    href = parsed.attrs[0][1] or ""
    # The scheme as a browser reads it: letters, digits, +, - and . before the first colon.
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", href)
    assert not scheme or scheme.group(1).lower() in ("http", "https"), href


@pytest.mark.parametrize("target", ["javascript:alert(1)", "JavaScript:alert(1)",
                                    " javascript:alert(1)", "java\tscript:alert(1)",
                                    "data:text/html,x", "vbscript:x", "//evil.example/x",
                                    "file:///etc/passwd"])
def test_url_refuses_what_runs_or_leaves(target: str) -> None:
    assert escape.url(target) == "#"


def test_url_keeps_http_and_relative_links() -> None:
    assert escape.url("https://example.org/a?b=1&c=2#x") == "https://example.org/a?b=1&amp;c=2#x"
    assert escape.url("../akteure/kp.html#id") == "../akteure/kp.html#id"


def _site_markdown(text: str) -> str:
    return python_markdown.markdown(text, extensions=["tables", "attr_list"])


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_markdown(payload: str) -> None:
    out = escape.markdown(payload)
    assert "\n" not in out and "\r" not in out
    rendered = _site_markdown(f"| a |\n|---|\n| {out} |\n\n{out}")
    parsed = _parse(rendered)
    assert set(parsed.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "p"}, rendered
    assert rendered.count("<td>") == 1
    _no_controls(out)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_gfm(payload: str) -> None:
    out = escape.gfm(payload)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", out), "a mention would notify"
    assert not re.search(r"(?i)(https?:|ftp:)//|\bwww\.", out), "GitHub would link it"
    rendered = _site_markdown(f"| a |\n|---|\n| {out} |")
    assert set(_parse(rendered).tags) <= {"table", "thead", "tbody", "tr", "th", "td"}
    _no_controls(out)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_inline_markdown(payload: str) -> None:
    """Curated inline Markdown (summaries): only emphasis, code and http(s) links survive."""
    parsed = _parse(inline(payload))
    assert set(parsed.tags) <= {"em", "strong", "code", "a"}
    for name, value in parsed.attrs:
        assert name == "href" and (value or "").startswith("https://"), (name, value)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_annotation(payload: str) -> None:
    for prop in (False, True):
        out = escape.annotation(payload, prop=prop)
        assert "\n" not in out and "\r" not in out
        _no_controls(out)
    assert "::" not in escape.annotation(payload, prop=True)


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_csv_cell(payload: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([escape.csv_cell(payload), 1000000])
    cell, number = next(csv.reader(io.StringIO(buffer.getvalue())))
    # What a spreadsheet program evaluates: a cell starting with one of these (after spaces).
    assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d")), cell
    assert number == "1000000"


@pytest.mark.parametrize("payload", CORPUS.values(), ids=IDS)
def test_terminal(payload: str) -> None:
    out = escape.terminal(f"pfad:1:1: error[x]: {payload}\n  hint: {payload}")
    assert "\x1b" not in out and "\r" not in out and "\x00" not in out
    _no_controls(out)
    for line in out.split("\n"):
        assert not line.lstrip().startswith(("::", "##")), line
