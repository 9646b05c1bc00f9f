"""Escaping: one function for each context curated text is written into.

Curated text comes from pull requests and is untrusted in every field. Each output context has
one function here (HTML text also in two forms for HTML joined from strings in Python:
html_piece and html_lines), and every writer of that context uses it: HTML text, HTML attribute,
URL, Markdown (Python-Markdown, the site), GitHub Markdown (the job summary), GitHub workflow
commands (annotations), CSV and the terminal. tests/test_escape.py runs every function on the
same hostile corpus. Control characters are refused by the check (`control-character`); the
functions still neutralise them, so that text which never went through the check (a diff of a
broken base, a hint quoting a value) is safe too.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

#: C0 and C1 controls except tab and line feed, DEL, bidi embeddings, overrides and isolates,
#: and the Unicode line and paragraph separators: invisible, or they move text around.
_CONTROLS = (r"\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
             r"\u2028\u2029\ufeff")
CONTROL = re.compile(f"[{_CONTROLS}]")
_NEWLINES = re.compile(r"\r\n?|\n")
#: Whatever _plain changes: a line end or a control character.
_NOT_PLAIN = re.compile(f"[{_CONTROLS}\\r\\n]")


def visible(text: str) -> str:
    """Text with every control character (see CONTROL) shown as its code, e.g. <U+202E>."""
    return CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _plain(value: Any) -> str:
    """One line: line ends (CR as well as LF) become spaces, other controls the replacement
    character."""
    text = str(value)
    # Looked for first: pages escape hundreds of thousands of values, nearly all of them plain.
    if _NOT_PLAIN.search(text) is None:
        return text
    return CONTROL.sub("\ufffd", _NEWLINES.sub(" ", text))


# --- HTML ---------------------------------------------------------------------------------------


def html_text(value: Any) -> Markup:
    """Text inside an HTML element (also where Markdown is not interpreted: HTML blocks)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(_plain(value), quote=True))


def html_lines(text: str) -> Callable[[str], str]:
    """html_text for pieces of text's lines (no piece holds a line end), as plain strings.
    Where text holds no control character (CONTROL covers the carriage return too), no piece
    has anything for _plain to change: HTML's escaping alone then, checked once for all of
    text instead of once per piece (a source page has thousands of pieces)."""
    if CONTROL.search(text) is None:
        return functools.partial(html.escape, quote=True)
    return html_piece


def html_piece(value: str) -> str:
    """html_text as a plain string, for HTML built by joining strings."""
    return str(html_text(value))


def html_attr(value: Any) -> Markup:
    """A double-quoted HTML attribute value, e.g. title="…" or content="…"."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(_plain(value), quote=True).replace("`", "&#96;"))


# --- URL ----------------------------------------------------------------------------------------

_SAFE_SCHEMES = ("http", "https")
#: A scheme as browsers read it: letters, digits, '+', '-' and '.' before the first colon.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def safe_url(value: str) -> bool:
    """Whether a link target may be published: http(s) or a relative path, nothing that runs
    (javascript:, data:, vbscript:), no address on another host without a scheme ('//host',
    and '\\host', which browsers read alike), no white space or control characters."""
    if CONTROL.search(value) or any(c.isspace() for c in value) or re.match(r"[/\\]{2}", value):
        return False
    scheme = _SCHEME.match(value)
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


def url(value: str) -> Markup:
    """An address for an href or src attribute: percent-encoded where it has to be, "#" when
    it is not safe to publish (see safe_url)."""
    if not safe_url(value):
        return Markup("#")
    return html_attr(urllib.parse.quote(value, safe="/:?#[]@!$&'()*+,;=%~"))


def url_path(path: str) -> str:
    """A repository path as a URL path segment list (edit links)."""
    return urllib.parse.quote(_plain(path), safe="/")


# --- Markdown -----------------------------------------------------------------------------------

# Python-Markdown's inline specials plus the table pipe; '-', '+', '#', '>' and 'N.' only matter
# where a line starts, and ids (slugs) must stay readable inside links and attribute lists.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|])")
_GFM_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+#])|(\d+)\.)")
#: GitHub notifies a user or team written as @name; a word joiner after the @ keeps the text
#: readable and notifies nobody.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
#: GitHub links a bare address ("https://…", "www.…") by itself; a word joiner inside the
#: scheme or after "www" keeps it readable text, so a problem message quoting a curated address
#: never turns into a link in the job summary.
_AUTOLINK = re.compile(r"(?i)\b(https?:|ftp:|www)(?=//|\.)")


#: Indentation that would make a line an indented code block where the value starts a line.
_INDENT = re.compile(r"^(?:\t|[ \t]{4,})[ \t]*")


def _markdown(value: Any, specials: re.Pattern[str], quote: bool) -> Markup:
    text = html.escape(_plain(value), quote=quote)
    # Each substitution only where it has something to do: most values have no specials and
    # start with a letter (see _plain).
    if specials.search(text) is not None:
        text = specials.sub(r"\\\1", text)
    if text[:1] in _MAY_START_BLOCK or text[:1].isspace() or text[:1].isdigit():
        text = _MD_LINE_START.sub(
            lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\."),
            _INDENT.sub("&#32;", text))
    return Markup(text)


#: First characters of a value that _INDENT or _MD_LINE_START may change, besides white space
#: and digits.
_MAY_START_BLOCK = frozenset("-+#")


def markdown(value: Any) -> Markup:
    """Any value in a Markdown context of the site: HTML-escaped, Markdown specials
    backslashed, on one line (a line end could start a heading or end a table row)."""
    if isinstance(value, Markup):
        return value
    return _markdown(value, _MD_SPECIAL, quote=True)


def gfm(value: Any) -> Markup:
    """Any value in GitHub Markdown (the pull request's job summary), which is never an
    attribute value: quote marks stay, the tilde (strike-through) is escaped, and @mentions
    notify nobody, and a bare address is not linked."""
    if isinstance(value, Markup):
        return value
    text = _MENTION.sub("@\u2060", _markdown(value, _GFM_SPECIAL, quote=False))
    return Markup(_AUTOLINK.sub("\\1\u2060", text))


# --- GitHub workflow commands, CSV, terminal ----------------------------------------------------


def annotation(value: str, *, prop: bool = False) -> str:
    """A GitHub workflow command's message (or, with prop, a property such as file=…)."""
    text = CONTROL.sub("\ufffd", value).replace("%", "%25").replace("\r", "%0D").replace(
        "\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


#: A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet program shows as text, never evaluates as a formula
    (OWASP: a leading apostrophe). Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = value if CONTROL.search(value) is None else CONTROL.sub("\ufffd", value)
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


#: '::name' is a workflow command; the runner still obeys the older '##[name]' form too.
_COMMAND_LINE = re.compile(r"^(\s*)(::|##)", re.M)


def terminal(text: str) -> str:
    """Text for a terminal or a CI log: no control character reaches the terminal (shown as
    <U+001B> etc.), and no line starts with '::' or '##', which GitHub Actions would run as a
    workflow command."""
    return _COMMAND_LINE.sub(lambda m: m.group(1) + m.group(2)[0] + "\u200b" + m.group(2)[1],
                             visible(_NEWLINES.sub("\n", text)))
