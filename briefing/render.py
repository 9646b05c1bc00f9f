"""Rendering: the checked Briefing to page texts (Markdown with HTML blocks), via Jinja.

The only module that imports jinja2 and markdown_it. Every `{{ … }}` in a template is escaped
for Markdown *and* HTML unless a helper here already produced safe markup: curated text is
untrusted input. Inline Markdown from facts goes through markdown-it-py with HTML disabled and
only http(s) or relative links.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from briefing import graph
from briefing.escape import (
    gfm,
    html_attr,
    html_lines,
    html_piece,
    html_text,
    markdown,
    safe_url,
    url,
)
from briefing.model import KIND_FIELDS, Actor, Briefing, Claim, Source, source_number
from briefing.problems import guide_link, summary
from briefing.text import sentence_around
from briefing.views import (
    KIND_NAMES,
    KIND_TITLES,
    Relation,
    Span,
    Views,
    folder,
    format_amount,
    format_date,
    format_quantity,
    page_of,
    quote_anchor,
    relative,
)


def _markdown_it() -> MarkdownIt:
    """Inline Markdown as curated text may use it: emphasis, code and http(s) links; no
    images (a remote image is a request the reader did not ask for), no raw HTML."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    parser.validateLink = safe_url  # type: ignore[method-assign,assignment]
    return parser


_MD_IT = _markdown_it()
#: The same Markdown with images and every link target kept, to tell an editor what is refused.
_MD_CHECK = MarkdownIt("commonmark", {"html": False, "linkify": False})
_MD_CHECK.validateLink = lambda url: True  # type: ignore[method-assign]


def markdown_problems(text: str) -> list[str]:
    """What curated inline Markdown uses that the briefing does not allow, in German: images
    (fetched from wherever they point, also from the offline bundle) and links other than
    http(s)."""
    found = []
    for block in _MD_CHECK.parseInline(text):
        for token in block.children or ():
            target = str(token.attrGet("src") or token.attrGet("href") or "")
            if token.type == "image":
                found.append(f"ein Bild ('![…]({target})'): Bilder lädt der Browser des Lesers "
                             "von fremden Servern")
            elif token.type == "link_open" and not re.match(r"https?://", target, re.I):
                found.append(f"der Link '{target}' führt nicht zu einer http(s)-Adresse")
    return found


def inline(value: str | None) -> Markup:
    """Inline Markdown from a fact, as HTML for an HTML block."""
    return Markup(_MD_IT.renderInline(value or ""))


def plain(value: str) -> str:
    """Inline Markdown from a fact as its plain words, for a title or a link's text."""
    return "".join(" " if child.type == "softbreak" else child.content
                   for token in _MD_IT.parseInline(value or "")
                   for child in token.children or ()
                   if child.type in ("text", "code_inline", "softbreak"))


def text_fragment(url: str, quote: str) -> str:
    words = quote.split()
    if len(words) > 8:
        fragment = (urllib.parse.quote(" ".join(words[:4]), safe="") + ","
                    + urllib.parse.quote(" ".join(words[-4:]), safe=""))
    else:
        fragment = urllib.parse.quote(" ".join(words), safe="")
    return f"{url}#:~:text={fragment}"


class RenderError(Exception):
    """A template that cannot be rendered: a located message, never a traceback."""


def _marked(mark: str, text: str) -> Markup:
    core = text.strip()
    if not core:
        return gfm(text)
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return gfm(lead) + Markup(mark) + gfm(core) + Markup(mark) + gfm(trail)


def word_diff(before: str, after: str) -> tuple[Markup, Markup]:
    """Both texts with the words that differ marked: ~~deleted~~ before, **inserted** after."""
    # Words keep their trailing space, so that a changed phrase is marked as one run.
    # One token per word, or per leading white space: linear, where "\s*\S+\s*" backtracks
    # quadratically over a long run of spaces.
    old, new = re.findall(r"\S+\s*|\s+", before), re.findall(r"\S+\s*|\s+", after)
    marked_old: list[Markup] = []
    marked_new: list[Markup] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            marked_old.append(gfm("".join(old[i1:i2])))
            marked_new.append(gfm("".join(new[j1:j2])))
            continue
        marked_old.append(_marked("~~", "".join(old[i1:i2])))
        marked_new.append(_marked("**", "".join(new[j1:j2])))
    return Markup("").join(marked_old), Markup("").join(marked_new)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the life of the process and checked against each
    template's source: `serve` rebuilds on every edit, and compiling the templates again costs
    more than rendering a small briefing. One cache per kind of environment, since the
    compiled code depends on the environment's settings."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


#: For the page environments below, and for the theme's environment (site.on_env).
PAGE_TEMPLATES = CompiledTemplates()
THEME_TEMPLATES = CompiledTemplates()


class _Environment(jinja2.Environment):
    """An environment whose templates take a copy of its globals when they are loaded, as a
    plain dict: Jinja's live view of them (a ChainMap) is copied key by key into every
    render's context, a third of the cost of rendering a claim's card. Jinja asks not to
    change the globals once a template is loaded; nothing here does."""

    def make_globals(self, d: Any) -> Any:
        return {**self.globals, **(d or {})}


def _environment(templates: Path, finalize: Any = markdown,
                 compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """Templates whose every `{{ … }}` is escaped for Markdown and HTML (see md). Each build
    makes its own environment, so a template is read once per build and not looked at again
    (auto_reload would ask the file system on each of the 10,000 cards of a large one)."""
    return _Environment(
        loader=jinja2.FileSystemLoader(templates), finalize=finalize, autoescape=False,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
        lstrip_blocks=True, bytecode_cache=compiled, auto_reload=False)


def _render(env: jinja2.Environment, template: str, page: str, **context: Any) -> str:
    try:
        return env.get_template(template).render(page=page, **context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"templates/{exc.name}:{exc.lineno}:1: error[template]: "
                          f"{exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"templates/{template}: error[template]: {exc} "
                          f"(beim Erzeugen von {page})") from exc


def preview_error_page(templates: Path, site_name: str, message: str,
                       problems: list[Any], details: str = "") -> str:
    """The live preview's HTML page while the site cannot be built: the located problems."""
    errors = sum(1 for p in problems if p.severity.value == "error")
    return _render(_environment(templates, finalize=html_text), "vorschau-fehler.html.j2",
                   "vorschau",
                   site_name=site_name, message=message, problems=problems, details=details,
                   errors=errors, guide=guide_link)


def diff_markdown(templates: Path, report: Any, *, site_url: str | None,
                  blobs: dict[str, str | None]) -> str:
    """The fact diff as GitHub Markdown; links to the published page of what was there before
    and, when blobs gives a side's file address, to the changed line."""

    def published(page: str | None) -> Markup | None:
        if not (site_url and page):
            return None
        path, _, anchor = page.partition("#")
        return url(site_url + relative("index.md", path, anchor, html=True))

    def location(change: Any) -> Markup:
        """Where the record is, on the side that has it; a link to the line on GitHub."""
        path, _, line = change.where.rpartition(":")
        base = blobs.get(change.side)
        text = gfm(change.where) if not base else Markup("[{}]({})").format(
            gfm(change.where), url(f"{base}{path}#L{line}"))
        return text + (" (Basis)" if change.side == "base" else "")

    def cell(value: str | tuple[str, ...] | None) -> Markup:
        if value is None:
            return Markup("—")
        return gfm(value if isinstance(value, str) else ", ".join(value))

    def pair(before: Any, after: Any) -> tuple[Markup, Markup]:
        """Before and after for a table row, texts with the differing words marked."""
        if isinstance(before, str) and isinstance(after, str):
            return word_diff(before, after)
        return cell(before), cell(after)

    env = _environment(templates, finalize=gfm)
    def guide(code: str) -> Markup:
        """The guide's section for a code: in the head commit on GitHub, else in the clone."""
        return url((blobs.get("head") or "") + guide_link(code))

    env.globals.update(published=published, location=location, cell=cell, pair=pair,
                       guide=guide, summary=summary)
    return _render(env, "diff.md.j2", page="diff", r=report)


def _remembered(escaper: Callable[[Any], Markup], caches: list[dict[Any, Markup]]
                ) -> Callable[[Any], Markup]:
    """escaper, remembering its answer for each plain string and each int: pages print the
    same names, statements, dates and counts hundreds of thousands of times (Markup passes
    through unchanged). Its memory is added to caches, for the caller to clear."""
    known: dict[str, Markup] = {}
    numbers: dict[int, Markup] = {}
    caches += (known, numbers)

    def finalize(value: Any) -> Markup:
        kind = type(value)
        if kind is str:
            found = known.get(value)
            if found is None:
                found = known[value] = escaper(value)
            return found
        if kind is int:  # not bool, whose True is 1 as a key but prints otherwise
            found = numbers.get(value)
            if found is None:
                found = numbers[value] = escaper(value)
            return found
        return escaper(value)

    return finalize


#: A numbered list with more pages than this links to its first and last pages and to those
#: around the current one, not to every page (133 links on a phone were screens of links).
PAGER_LINKS = 12


def window(pager: list[tuple[str, str]], page: str) -> list[tuple[str | None, str]]:
    """The pages of a numbered list that page links to: all of them, or, for a long list, the
    first and last two and two on each side of page; (None, "…") stands for a gap."""
    if len(pager) <= PAGER_LINKS:
        return list(pager)
    here = next((n for n, (path, _) in enumerate(pager) if path == page), 0)
    keep = sorted({0, 1, len(pager) - 2, len(pager) - 1,
                   *range(max(0, here - 2), min(len(pager), here + 3))})
    shown: list[tuple[str | None, str]] = [pager[keep[0]]]
    for before, n in itertools.pairwise(keep):
        if n > before + 1:
            shown.append((None, "…"))
        shown.append(pager[n])
    return shown


class Renderer:
    def __init__(self, briefing: Briefing, templates: Path) -> None:
        self.b = briefing
        self.v = Views(briefing)
        self.templates = templates
        self._cards: dict[tuple[int, str], str] = {}
        #: A card body from an earlier build where it still holds, or None (see pages.Memo).
        self.known_card: Callable[[int, Claim], str | None] | None = None
        self._links: dict[tuple[str, str, str, bool], Markup] = {}
        self._hrefs: dict[tuple[str, str, str], str] = {}
        #: The start of a line of mention_list, by folder and source.
        self._mention_heads: dict[tuple[str, str], str] = {}
        #: A line of link_lines, by folder and record.
        self._link_lines: dict[tuple[str, str, str], str] = {}
        #: Every `{{ … }}` of a page goes through this; helpers that write Markdown here use
        #: it too, so that their text is escaped as the templates' is.
        self._escaped: list[dict[Any, Markup]] = []
        self.md = _remembered(markdown, self._escaped)
        self.env = _environment(templates, finalize=self.md, compiled=PAGE_TEMPLATES)
        self.env.filters.update(h=_remembered(html_text, self._escaped),
                                attr=_remembered(html_attr, self._escaped), url=url,
                                inline=inline,
                                plain=plain, date=self._date, quantity=format_quantity,
                                amount=format_amount)
        self.env.globals.update(
            b=briefing, v=self.v, kind_titles=KIND_TITLES, kind_names=KIND_NAMES,
            link=self.link, link_lines=self.link_lines, claim_html=self.claim_html,
            mention_list=self.mention_list,
            source_html=self.source_html, network_svg=self.network_svg,
            v_page=self.v.claim_page, fmt_date=format_date, identity=briefing.identity,
            kind_fields=KIND_FIELDS, source_number=source_number, window=window)

    def _date(self, claim: Claim) -> str:
        return self.v.date_text(claim)

    def link(self, page: str, to: str, anchor: str = "", html: bool = False) -> Markup:
        # Remembered by folder: the pages of a folder link to the same targets over and over.
        key = (folder(page), to, anchor, html)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = html_attr(relative(page, to, anchor, html=html))
        return found

    def mention_list(self, page: str, mentioned: list[tuple[Source, int, str]]) -> Markup:
        """A profile's "Erwähnt in" list (Views.mentioned_in), one Markdown line per source.
        Written here rather than by a loop in the template: profiles list up to hundreds of
        sources each, and these lines were four of five template calls of all profiles
        (Jinja's cost per call and per value is several times that of this line)."""
        md, heads, here = self.md, self._mention_heads, folder(page)
        lines = []
        for s, count, snippet in mentioned:
            head = heads.get((here, s.id))
            if head is None:
                head = heads[(here, s.id)] = (
                    f"- [{md(s.title)}]({self.link(page, f'quellen/{s.id}.md')}) – ")
            # Each snippet is shown once (one source, one actor): escaped, not remembered.
            lines.append(f"{head}{md(count)}× erwähnt: „{markdown(snippet)}“")
        return Markup("\n".join(lines))

    def link_lines(self, page: str, records: list[Actor] | list[Source]) -> Markup:
        """A Markdown list linking each record (actors or sources) by its name or title, one
        line each. Written here, each line once per folder, rather than by a loop in the
        template: the topic pages of a large briefing list thousands of them."""
        here, known = folder(page), self._link_lines
        lines = []
        for record in records:
            kind = "actor" if isinstance(record, Actor) else "source"
            line = known.get((here, kind, record.id))
            if line is None:
                name = record.name if isinstance(record, Actor) else record.title
                line = known[(here, kind, record.id)] = (
                    f"- [{self.md(name)}]({self.link(page, page_of(kind, record))})")
            lines.append(line)
        return Markup("\n".join(lines))

    def close(self) -> None:
        """Free what this renderer and its views remember (every card, escaped value, index
        and mention: 600,000 objects at 10,000 claims) now. The renderer is part of reference
        cycles (its environment and templates refer back to it), so without this all of it
        would wait for the cyclic garbage collector, which walks every one of them first."""
        self._cards.clear()
        self._links.clear()
        self._hrefs.clear()
        self._mention_heads.clear()
        self._link_lines.clear()
        for escaped in self._escaped:
            escaped.clear()
        self.v.clear()

    def render(self, template: str, page: str, **context: Any) -> str:
        return _render(self.env, template, page=page, **context)

    def render_html(self, template: str, **context: Any) -> str:
        """A whole HTML document (the PDF edition): every `{{ … }}` escaped for HTML only."""
        env = _environment(self.templates, finalize=html_text)
        env.filters.update(self.env.filters)
        env.globals.update(self.env.globals)
        return _render(env, template, page="pdf", **context)

    def fragment(self, template: str, page: str, **context: Any) -> Markup:
        """An HTML block from a template whose every value is escaped with |h."""
        return Markup(self.env.get_template(template).render(page=page, **context))

    def claim_html(self, page: str, claim: Claim) -> Markup:
        """A claim's card. A claim appears on up to a dozen pages, all one folder deep: its body
        is rendered once, as if from a folder of its own, so that its links (../akteure/…,
        its permalink ../aussagen/…) hold from every folder. Only the frame differs: the card
        is searchable on its canonical page alone."""
        depth = page.count("/")
        body = self._cards.get((depth, claim.id))
        if body is None and self.known_card is not None:
            body = self.known_card(depth, claim)
            if body is not None:
                self._cards[(depth, claim.id)] = body
        if body is None:
            body = self._cards[(depth, claim.id)] = self.env.get_template(
                "_claim.html.j2").render(page="/".join(["_"] * depth + ["_.md"]), c=claim,
                                         canonical=self.v.claim_page(claim),
                                         source_link=self._source_link)
        hidden = "" if page == self.v.claim_page(claim) else " data-search-exclude"
        return Markup(f'<div class="aussage" id="{html_attr(claim.id)}"{hidden}>\n{body}</div>\n')

    def card_bodies(self, claims: list[Claim]) -> dict[tuple[int, str], str]:
        """The card bodies of these claims as every page with cards shows them (all are one
        folder deep), for remember_cards in another process."""
        for claim in claims:
            self.claim_html("_/_.md", claim)
        return {(1, c.id): self._cards[(1, c.id)] for c in claims}

    def remember_cards(self, cards: dict[tuple[int, str], str]) -> None:
        self._cards.update(cards)

    def cards(self) -> dict[tuple[int, str], str]:
        """Every card body this renderer rendered or was handed, by folder depth and claim."""
        return dict(self._cards)

    def _source_link(self, page: str, claim: Claim, index: int) -> dict[str, str]:
        citation = claim.citations[index]
        source = self.b.sources[citation.source]
        anchor = self.v.citation_anchor(claim, index)
        return {
            "href": relative(page, f"quellen/{source.id}.md", anchor, html=True),
            "fragment": text_fragment(source.url, citation.quote) if source.url else "",
        }

    def source_html(self, page: str, source: Source) -> Markup:
        """The verbatim text with cited passages marked and each actor's first mention linked.

        Once per page, as an encyclopaedia links a term: a link on every mention adds nothing
        for the reader, and a 1 MB source naming actors on every line became tens of thousands
        of links that Markdown, the theme and the search index each took seconds over."""
        passages = self.v.passages.get(source.id, {})
        spans = [Span(s, e, "quote", quote_anchor(s, e)) for s, e in passages]
        spans += [first for first, _ in self.v.mentions[source.id].values()]
        if source.rights == "excerpts":
            return self._excerpts(page, source, passages)
        article = self._paragraphs(page, source.text[:source.article_end], 0, spans, passages)
        rest = source.text[source.article_end:]
        if rest.strip():
            article += Markup('\n<aside class="seitenbeiwerk" aria-label="Seitenbeiwerk">'
                              "<p><strong>Seitenbeiwerk</strong> – nicht Teil des Artikels, "
                              "nicht zitierfähig:</p>\n") + self._paragraphs(
                page, rest, source.article_end, [], {}) + Markup("</aside>")
        return article

    def _excerpts(self, page: str, source: Source,
                  passages: dict[tuple[int, int], list[Claim]]) -> Markup:
        parts = []
        for start, end in sorted(passages):
            left, right = sentence_around(source.text, start, end)
            spans = [Span(start, end, "quote", quote_anchor(start, end))]
            parts.append("<p>… " + self._segments(
                page, source.text[left:right], left, spans, passages, html_piece) + " …</p>")
        return Markup("\n".join(parts))

    def _paragraphs(self, page: str, text: str, offset: int, spans: list[Span],
                    passages: dict[tuple[int, int], list[Claim]]) -> Markup:
        lines = text.split("\n")
        starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]),
                                           initial=offset))
        # Each span goes to the lines it touches, so a line looks at its own spans only.
        touching: list[list[Span]] = [[] for _ in lines]
        for span in spans:
            first = max(0, bisect.bisect_right(starts, span.start) - 1)
            last = bisect.bisect_left(starts, span.end)
            for index in range(first, min(last, len(lines))):
                touching[index].append(span)
        escape_piece = html_lines(text)
        out = ["<p>" + self._segments(page, line, start, touching[index], passages,
                                      escape_piece) + "</p>"
               for index, (line, start) in enumerate(zip(lines, starts, strict=True))
               if line.strip()]
        return Markup("\n".join(out))

    def _segments(self, page: str, text: str, offset: int, spans: list[Span],
                  passages: dict[tuple[int, int], list[Claim]],
                  escape_piece: Callable[[str], str]) -> str:
        """HTML for text with nested <mark>/<a> elements; crossing spans are closed and reopened,
        so a passage that nothing crosses is one element and :target highlights all of it.
        Built as plain strings, every curated value escaped where it is put in (by
        escape_piece, html_text as a plain string): a 1 MB source has tens of thousands of
        pieces, and Markup's own concatenation escapes at each step."""
        if not spans:
            return escape_piece(text)
        end_of_text = offset + len(text)
        local = sorted((s for s in spans if s.start < end_of_text and s.end > offset),
                       key=lambda s: s.start)
        if all(s.kind == "mention" and offset <= s.start and s.end <= end_of_text
               for s in local) and all(a.end <= b.start for a, b in itertools.pairwise(local)):
            return self._mentions(page, text, offset, local, escape_piece)
        cuts = sorted({offset, end_of_text} | {max(offset, min(end_of_text, p))
                                               for s in local for p in (s.start, s.end)})
        out: list[str] = []
        stack: list[Span] = []
        opened: set[Span] = set()
        # A sweep over the cuts: spans join when they start and leave when they end, so each
        # cut sorts only the few spans open there.
        current: list[Span] = []
        waiting = 0

        def close_to(depth: int, at: int) -> None:
            for span in reversed(stack[depth:]):
                out.append("</mark>" if span.kind == "quote" else "</a>")
                if span.kind == "quote" and span.end <= at:
                    out.append(self._backlinks(page, passages[(span.start, span.end)]))
            del stack[depth:]

        for left, right in itertools.pairwise(cuts):
            while waiting < len(local) and local[waiting].start <= left:
                current.append(local[waiting])
                waiting += 1
            current = [s for s in current if s.end > left]
            active = sorted(current, key=lambda s: (s.start, -s.end, s.kind != "quote"))
            depth = 0
            while depth < min(len(stack), len(active)) and stack[depth] == active[depth]:
                depth += 1
            close_to(depth, left)
            for span in active[depth:]:
                if span.kind == "mention":
                    href = self._href(page, f"akteure/{span.target}.md")
                    out.append(f'<a class="erwaehnung" href="{href}">')
                else:
                    ident = f' id="{escape(span.target)}"' if span not in opened else ""
                    out.append(f'<mark class="zitat"{ident}>')
                opened.add(span)
                stack.append(span)
            out.append(escape_piece(text[left - offset:right - offset]))
        close_to(0, end_of_text)
        return "".join(out)

    def _mentions(self, page: str, text: str, offset: int, spans: list[Span],
                  escape_piece: Callable[[str], str]) -> str:
        """_segments for a line whose spans are all mentions inside it, sorted and apart (the
        mentions of a text never overlap: one scan finds them, see Views.mentions_in): nothing
        to nest. Most lines of a source with spans are such lines."""
        out: list[str] = []
        at = 0
        for span in spans:
            start, end = span.start - offset, span.end - offset
            if start > at:
                out.append(escape_piece(text[at:start]))
            href = self._href(page, f"akteure/{span.target}.md")
            out.append(f'<a class="erwaehnung" href="{href}">{escape_piece(text[start:end])}</a>')
            at = end
        if at < len(text):
            out.append(escape_piece(text[at:]))
        return "".join(out)

    def _href(self, page: str, to: str, anchor: str = "") -> str:
        """An href from page to another page's HTML, escaped; remembered by folder, as link."""
        key = (folder(page), to, anchor)
        found = self._hrefs.get(key)
        if found is None:
            found = self._hrefs[key] = str(escape(relative(page, to, anchor, html=True)))
        return found

    def _backlinks(self, page: str, claims: list[Claim]) -> str:
        links = [f'<a href="{self._href(page, self.v.claim_page(c), c.id)}" '
                 f'title="{html_attr(c.statement)}">Aussage {escape(c.id)}</a>' for c in claims]
        return '<sup class="belegt-in">[' + ", ".join(links) + "]</sup>"

    def network_svg(self, page: str, centre: str | None = None,
                    relations: list[Relation] | None = None) -> Markup:
        """The network of the given relations (all by default), or with centre the actor's own
        relations (its ego network)."""
        if relations is None:
            relations = self.v.relations if centre is None else self.v.relations_of(centre)
        name = "Netzwerk der Akteure" if centre is None else (
            f"Beziehungen von {self.b.actors[centre].name}")
        # Escaped and remembered by link, as every page's links: graph.svg escapes it again,
        # which leaves escaped text as it is.
        return graph.svg(self.b, relations, lambda actor: self.link(
            page, f"akteure/{actor}.md", html=True), centre=centre, title=name)
