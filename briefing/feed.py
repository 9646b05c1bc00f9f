"""The Atom feed (RFC 4287): one entry per edition with its changes, newest first.

Written with ElementTree, which escapes every text and attribute for XML; the entry's HTML
content is built with the project's HTML escaping (briefing.escape) and then carried as text
(type="html"). Ids are the published
addresses when the site's address is known, otherwise stable name-based UUIDs, so a feed reader
never sees an edition twice. Times come from the editions' dates, never from the clock.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markupsafe import Markup

from briefing.diff import Change
from briefing.escape import html_attr, html_text
from briefing.history import History, Step
from briefing.render import plain
from briefing.views import relative

ATOM = "http://www.w3.org/2005/Atom"


def _time(step: Step, fallback: str) -> str:
    if step.date is None or not all(step.date.start):
        return fallback
    year, month, day = step.date.start
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def _content(history: History, step: Step, href: Callable[[Change], str | None]) -> str:
    parts = [Markup("<p>{}</p>").format(html_text(step.summary))]
    if step.counts:
        parts.append(Markup("<p>Umfang der ersten Ausgabe: {}.</p>").format(html_text(", ".join(
            f"{n} {label}" for label, n in step.counts.items()))))
    for kind, status, changes in step.grouped():
        items = []
        for change in changes:
            target = href(change)
            title = html_text(plain(change.title) if change.kind == "finding" else change.title)
            text = Markup('<a href="{}">{}</a>').format(html_attr(target), title) if target \
                else title
            if change.renamed_from:
                text += Markup(" (vorher {})").format(html_text(change.renamed_from))
            details = "; ".join(history.lines(change))
            items.append(Markup("<li>{}{}</li>").format(
                text, Markup(" – {}").format(html_text(details)) if details else ""))
        parts.append(Markup("<h3>{}: {}</h3><ul>{}</ul>").format(
            html_text(kind), html_text(status), Markup("").join(items)))
    return str(Markup("").join(parts))


def atom(history: History, site_name: str, site_url: str | None, updated: str,
         where: Callable[[Change], tuple[str, str] | None]) -> str:
    """The feed as text. updated: when nothing has been published yet (RFC 3339)."""
    base = site_url or ""

    def absolute(page: str, anchor: str = "") -> str:
        return base + relative("index.md", page, anchor, html=True)

    def href(change: Change) -> str | None:
        found = where(change)
        return absolute(*found) if found else None

    def ident(name: str) -> str:
        if site_url:
            return absolute("aenderungen.md", name) if name else site_url + "feed.xml"
        return uuid.uuid5(uuid.NAMESPACE_URL, f"lagebild:{site_name}:{name}").urn

    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "de"})
    steps = [s for s in history.shown() if s.is_edition]
    newest = _time(steps[0], updated) if steps else updated

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    sub(root, "id", ident(""))
    sub(root, "title", f"{site_name} – Ausgaben")
    sub(root, "updated", newest)
    author = sub(root, "author")
    sub(author, "name", site_name)
    sub(root, "link", rel="alternate", type="text/html", href=absolute("aenderungen.md"))
    if site_url:
        sub(root, "link", rel="self", type="application/atom+xml", href=site_url + "feed.xml")
    for step in steps:
        entry = sub(root, "entry")
        sub(entry, "id", ident(step.anchor))
        sub(entry, "title", step.heading)
        sub(entry, "updated", _time(step, updated))
        sub(entry, "link", rel="alternate", type="text/html",
            href=absolute("aenderungen.md", step.anchor))
        sub(entry, "summary", step.summary)
        sub(entry, "content", _content(history, step, href), type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
