"""The PDF edition: every claim and every quote is in its text, and it is reproducible."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefing.check import check
from briefing.cli import main
from briefing.model import Briefing
from briefing.pages import pdf_document
from briefing.pdf import write_pdf
from tests.conftest import ROOT, project_copy


def _text(pdf: Path, running_header: str) -> str:
    """The document's text in reading order, without running headers, page numbers and the
    hyphens (U+2010) that hyphenation added at line ends."""
    lines = []
    for page in pdfium.PdfDocument(pdf):
        for line in page.get_textpage().get_text_range().splitlines():
            if line.startswith(running_header) or re.fullmatch(r"Seite \d+ von \d+", line):
                continue
            lines.append(line)
    # A line that ends in a hard hyphen (Shahed-136-) continues the word on the next line.
    text = "\n".join(lines).replace("\u2010\n", "").replace("-\n", "-")
    return " ".join(text.split())


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Briefing, Path]:
    briefing, problems = check(ROOT)
    assert not problems.errors()
    target = tmp_path_factory.mktemp("pdf") / "lagebild.pdf"
    return briefing, write_pdf(briefing, ROOT / "templates", target, "erstellt aus Commit x")


def test_pdf_holds_every_claim_and_every_quote(real: tuple[Briefing, Path]) -> None:
    briefing, pdf = real
    assert briefing.identity is not None
    text = _text(pdf, briefing.identity.title)
    body = text.split("Anhang: Quellen")[-2]  # the quotes must be in the footnotes, not only
    for claim in briefing.claims.values():
        assert _flat(claim.statement) in body, claim.id
        for citation in claim.citations:
            assert f"„{_flat(citation.quote)}“" in body, (claim.id, citation.quote)
    for source in briefing.sources.values():
        assert _flat(source.title) in text.split("Anhang: Quellen")[-1], source.id


def test_pdf_has_cover_contents_page_numbers(real: tuple[Briefing, Path]) -> None:
    _, pdf = real
    document = pdfium.PdfDocument(pdf)
    cover = document[0].get_textpage().get_text_range()
    assert "Lagebild Russland–Nordkorea" in cover
    assert "jüngstes Ereignis mit Jahresangabe" in cover
    contents = document[1].get_textpage().get_text_range()
    assert re.search(r"Aussagen ?[. ]+ ?\d+", contents), contents
    assert f"Seite 2 von {len(document)}" in contents
    image = document[4].render(scale=1).to_pil()
    assert image.width > 500 and image.convert("L").getextrema() != (255, 255)


def test_pdf_is_reproducible(real: tuple[Briefing, Path], tmp_path: Path) -> None:
    briefing, pdf = real
    again = write_pdf(briefing, ROOT / "templates", tmp_path / "again.pdf",
                      "erstellt aus Commit x")
    assert again.read_bytes() == pdf.read_bytes()


def test_pdf_verb_writes_the_example_under_its_slug(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "beispiel", facts_from=ROOT / "tests" / "example")
    (root / "facts" / "editions.yaml").write_text(
        "- name: '2'\n  date: '2026-01-02'\n  summary: Zweite Ausgabe.\n", encoding="utf-8")
    assert main(["--root", str(root), "pdf"]) == 0
    pdf = root / "dist" / "beispiel-lagebild.pdf"
    cover = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "Beispiel-Lagebild" in cover
    assert "2 vom 02.01.2026" in cover  # the cover names the newest edition
    assert not list((root / "dist").glob("*.part"))


def test_pdf_document_escapes_curated_text(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "feindlich", facts_from=ROOT / "tests" / "example")
    claims = root / "facts" / "claims" / "munition.yaml"
    claims.write_text(claims.read_text("utf-8").replace(
        "statement: Nordkorea hat Russland zwei Millionen Schuss geliefert.",
        "statement: '<script>alert(1)</script> *fett*'"), encoding="utf-8")
    briefing, problems = check(root)
    assert not problems.errors()
    document = pdf_document(briefing, ROOT / "templates")
    assert "<script>" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *fett*" in document
