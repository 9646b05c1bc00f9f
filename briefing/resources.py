"""What a hand-written page, template, stylesheet or script would load or run in the reader's
browser.

Pages under docs/ come in pull requests like facts do, so they get the full rule: no script, no
embedded object or frame, no event handler, no redirect, links only to http(s), mailto or
relative addresses. The theme overrides and the templates are code, reviewed as code and
allowed their own script; a remote resource is refused everywhere (the website loads nothing
from another host, the offline bundle makes no request). HTML is parsed, not matched: the parser
decodes character references (`&#104;ttps:`) as the browser does, and sees every attribute.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from briefing.problems import Location, Problems

#: Elements that run code or embed another document; banned in pages from docs/ (as is <base>).
_BANNED = ("script", "object", "embed", "iframe", "frame", "frameset", "applet")
#: Attributes whose value the browser fetches (srcset and imagesrcset list several candidates).
_LOADS = ("src", "srcset", "imagesrcset", "href", "xlink:href", "poster", "data", "action",
          "formaction", "background", "ping", "manifest", "lowsrc", "dynsrc", "codebase")
#: A scheme ("https:", "data:") or a protocol-relative start ("//", "\\", "/\\").
_ABSOLUTE = re.compile(r"[a-z][a-z0-9+.\-]*:|[/\\]{2}", re.I)
_LINK_SCHEMES = ("http:", "https:", "mailto:")
#: What the browser ignores in a URL: leading spaces and control characters, tabs and newlines.
_IGNORED = re.compile(r"[\t\n\r]")
_C0 = "".join(map(chr, range(0x21)))
_CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6})\s?|\\(.)", re.I)
_HOST = r"(?:[a-z][a-z0-9+.\-]*:(?://)?|[/\\]{2})"
#: A resource in CSS from another host: url(…) or @import "…".
_CSS_REMOTE = re.compile(rf"url\(\s*[\"']?\s*{_HOST}|@import\s+[\"']\s*{_HOST}", re.I)
#: A Markdown image from another host.
_MD_IMAGE = re.compile(rf"!\[[^\]]*\]\(\s*<?{_HOST}", re.I)
#: A Markdown reference definition ("[logo]: https://…"), its address maybe on the next line
#: and in angle brackets, as Python-Markdown reads it.
_MD_REFERENCE = re.compile(r"^ {0,3}\[([^\[\]]*)\]:[ \t]*\n?[ \t]*<?([^\s>]+)", re.M)
#: A Markdown image by reference: "![alt][logo]", "![alt] [logo]", "![logo][]" or "![logo]".
_MD_IMAGE_REFERENCE = re.compile(r"!\[([^\]]*)\](?:\s?\[([^\]]*)\])?(?!\()")
#: A string literal in a script that starts with another host's address.
_JS_REMOTE = re.compile(r"[\"'`]\s*(?:https?:)?//", re.I)
#: An attribute list of Python-Markdown's attr_list ({: #id .class key="value" }).
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
#: Fenced code blocks and code spans (of any number of backticks, on one line).
_CODE = re.compile(r"^(```|~~~).*?^\1|(?<!`)(`+)(?!`)[^\n]+?(?<!`)\2(?!`)", re.M | re.S)

_REMOTE_HINT = ("Bilder, Schriften und Skripte ins Repository legen und relativ verlinken: die "
                "Website lädt nichts von fremden Servern, das Offline-Paket nichts aus dem Netz")
_CODE_HINT = ("handgeschriebene Seiten führen kein Skript aus und betten nichts ein: Element oder "
              "Attribut entfernen; Bilder aus dem Repository mit <img src=\"…\"> relativ einbinden")


def _short(text: str) -> str:
    """The value as shown in a message, without what closed a tag left open (parse())."""
    text = text.rstrip(" '\"")
    return text if len(text) <= 60 else text[:60] + "…"


def _is_absolute(url: str) -> bool:
    return bool(_ABSOLUTE.match(_IGNORED.sub("", url).lstrip(_C0)))


def _css(text: str) -> str:
    """CSS with its escapes decoded (`u\\72l(` is url()."""
    return _CSS_ESCAPE.sub(lambda m: chr(min(int(m[1], 16), 0x10FFFF)) if m[1] else m[2], text)


class _Scan(HTMLParser):
    def __init__(self, rel: str, problems: Problems, strict: bool, start: tuple[int, int],
                 attr_list: bool = False):
        super().__init__(convert_charrefs=True)
        self.rel, self.problems, self.strict, self.start = rel, problems, strict, start
        self.attr_list = attr_list

    def parse(self, text: str) -> None:
        """Parse all of `text`. A page ends inside the site's own markup, so a tag left open at
        its end is closed (whatever its quote) and an open <style> still read to its end."""
        self.feed(text + " '\">")
        self.close()
        if self.cdata_elem:
            self.handle_data(self.rawdata)

    def _at(self, tag: str) -> str:
        return "in der Attributliste {…}" if self.attr_list else f"an <{tag}>"

    def _where(self, line: int = 0, col: int = 0) -> Location:
        """Where the parser stands, `line` lines and then `col` columns further on."""
        at_line, at_col = self.getpos()
        at_col = col if line else at_col + col
        return Location(self.rel, self.start[0] + at_line + line - 1,
                        (self.start[1] if at_line + line == 1 else 0) + at_col + 1)

    def _add(self, message: str, hint: str, where: Location | None = None) -> None:
        self.problems.add(where or self._where(), "markdown-not-allowed", message, hint)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.strict and tag == "base":
            self._add("das Element <base> lenkt jede relative Adresse der Seite um", _CODE_HINT)
        elif self.strict and tag in _BANNED:
            self._add(f"das Element <{tag}> führt Code aus oder bettet fremde Inhalte ein",
                      _CODE_HINT)
        for name, value in attrs:
            value = value or ""
            if self.strict and name.startswith("on"):
                self._add(f"das Attribut '{name}' {self._at(tag)} führt Skript aus", _CODE_HINT)
            elif name == "style" and _CSS_REMOTE.search(_css(value)):
                self._add(f"'style=\"{_short(value)}\"' {self._at(tag)} lädt eine Ressource von "
                          "einem fremden Server", _REMOTE_HINT)
            elif name == "href" and tag == "a":
                url = _IGNORED.sub("", value).strip().lower()
                if self.strict and _is_absolute(value) and not url.startswith(_LINK_SCHEMES):
                    self._add(f"der Link '{_short(value)}' führt nicht zu einer http(s)- oder "
                              "mailto-Adresse", "Links auf https://-, mailto:- oder relative "
                              "Adressen setzen; javascript: und data: führen Code aus")
            elif name in _LOADS:
                urls = ([c.split()[0] for c in value.split(",") if c.split()]
                        if name.endswith("srcset") else [value])
                for url in urls:
                    if _is_absolute(url):
                        self._add(f"'{name}=\"{_short(url)}\"' {self._at(tag)} lädt eine Ressource "
                                  "von einem fremden Server", _REMOTE_HINT)
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").strip().lower() == "refresh":
            target = (dict(attrs).get("content") or "").partition("=")[2].strip(" '\"")
            if self.strict or _is_absolute(target):
                self._add("eine Weiterleitung mit <meta http-equiv=\"refresh\"> ist nicht "
                          "erlaubt", "die Weiterleitung entfernen und auf die Seite verlinken")

    def handle_data(self, data: str) -> None:
        if self.cdata_elem == "style":
            for match in _CSS_REMOTE.finditer(data):
                line = data.count("\n", 0, match.start())
                col = match.start() - (data.rfind("\n", 0, match.start()) + 1)
                self._add(f"'{match.group().strip()}…' lädt eine Ressource von einem fremden "
                          "Server", _REMOTE_HINT, self._where(line, col))


def _regex(pattern: re.Pattern[str], text: str, rel: str, problems: Problems) -> None:
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.add(Location(rel, line, col), "markdown-not-allowed",
                     f"'{match.group().strip()}…' lädt eine Ressource von einem fremden Server",
                     _REMOTE_HINT)


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of white space do not count."""
    return " ".join(text.lower().split())


def _image_references(text: str, rel: str, problems: Problems) -> None:
    """Report an image whose reference definition points at another host: "![x][logo]" with
    "[logo]: https://…" loads it just as "![x](https://…)" does."""
    remote = {_label(m[1]): (m[2], text.count("\n", 0, m.start()) + 1)
              for m in _MD_REFERENCE.finditer(text) if _is_absolute(m[2])}
    if not remote:
        return
    for match in _MD_IMAGE_REFERENCE.finditer(text):
        label = _label(match[2] or match[1])
        if label in remote:
            url, line = remote[label]
            at = Location(rel, text.count("\n", 0, match.start()) + 1,
                          match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1)
            problems.add(at, "markdown-not-allowed",
                         f"'{_short(match.group())}' lädt über den Verweis in Zeile {line} "
                         f"'{_short(url)}' von einem fremden Server", _REMOTE_HINT)


def check_page(text: str, rel: str, problems: Problems) -> None:
    """Report what the page, template, stylesheet or script at `rel` would load from another
    host, and for pages under docs/ what would run as script there."""
    suffix = rel.rpartition(".")[2]
    if suffix == "css":
        _regex(_CSS_REMOTE, _css(text), rel, problems)
        return
    if suffix == "js":
        _regex(_JS_REMOTE, text, rel, problems)
        return
    strict = rel.startswith("docs/")
    if suffix == "md":
        # Code shows Markdown, it is not rendered: blanked, offsets kept.
        text = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        _regex(_MD_IMAGE, text, rel, problems)
        _image_references(text, rel, problems)
        for match in _ATTR_LIST.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            col = match.start(1) - (text.rfind("\n", 0, match.start()) + 1)
            _Scan(rel, problems, strict, (line, col), attr_list=True).parse(f"<x {match[1]}>")
    _Scan(rel, problems, strict, (1, 0)).parse(text)
