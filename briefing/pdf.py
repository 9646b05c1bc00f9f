"""The PDF edition: the briefing as one printable document, written by WeasyPrint.

The only module that imports weasyprint. The document itself is HTML from templates/pdf.html.j2
(pages.pdf_document); WeasyPrint lays it out with CSS Paged Media: German hyphenation (Pyphen),
footnotes, running headers, page numbers and a table of contents with page numbers. It reads
no network resource and no date of its own, so the same commit writes the same bytes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from weasyprint import HTML  # type: ignore[import-untyped]

from briefing.model import Briefing
from briefing.pages import pdf_document


def write_pdf(b: Briefing, templates: Path, target: Path, build_info: str = "",
              edition: str | None = None) -> Path:
    """Write the PDF to target atomically (a failed run leaves the previous file as it was)."""
    # WeasyPrint warns about CSS it does not know and about fonts it substitutes; neither
    # changes the document, and a reader of the command's output cannot act on them.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = pdf_document(b, templates, build_info, edition)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    HTML(string=html, base_url=str(templates)).write_pdf(partial, pdf_tags=True)
    partial.replace(target)
    return target
