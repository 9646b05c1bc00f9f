"""Screenshots for the docs: `python -m tests.screenshots` (after make site).

Writes docs/bilder/*.png: pages of site/ at desktop (1280 px) and phone (390 px) width, served on
loopback, in Debian's Chromium; the network of a generated briefing with 100 actors; and one
page of the PDF edition, rendered with PDFium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from playwright.sync_api import sync_playwright

from briefing.check import check
from briefing.pdf import write_pdf
from briefing.site import build
from tests.browser import serve
from tests.conftest import CHROMIUM_ARGS, ROOT, chromium_path, project_copy
from tests.generated import generate

#: file -> (site, page, element or None for the viewport, viewport width)
SHOTS = {
    "profil.png": ("real", "akteure/kp.html", None, 1280),
    "profil-telefon.png": ("real", "akteure/kp.html#beziehungen", None, 390),
    "quelle.png": ("real", "quellen/003-budanov-shahed-drohnen.html#zitat-1265-1508", None, 1280),
    "zahlen.png": ("real", "zahlen.html", None, 1280),
    "netzwerk.png": ("real", "netzwerk.html", "svg.netzwerk", 1280),
    "netzwerk-telefon.png": ("real", "netzwerk.html", "figure.netzwerk", 390),
    # Wide enough that the whole picture is on screen at once.
    "netzwerk-100.png": ("large", "netzwerk.html", "svg.netzwerk", 2200),
}
#: The PDF page shown in the README: the first page of claims with their footnotes.
PDF_PAGE = 4


def main() -> int:
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    out = ROOT / "docs" / "bilder"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        generated = generate(Path(scratch) / "generiert", actors=100)
        large = build(project_copy(Path(scratch) / "gross", facts_from=generated))
        with serve(ROOT / "site") as real, serve(large) as big, sync_playwright() as p:
            urls = {"real": real, "large": big}
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for name, (site, path, selector, width) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(urls[site] + path)
                page.wait_for_load_state("networkidle")
                target = page.locator(selector) if selector else page
                target.screenshot(path=str(out / name))
                page.close()
                print(out / name)
            browser.close()
        briefing, _ = check(ROOT)
        pdf = write_pdf(briefing, ROOT / "templates", Path(scratch) / "lagebild.pdf")
        pdfium.PdfDocument(pdf)[PDF_PAGE].render(scale=1.4).to_pil().save(out / "pdf-seite.png")
        print(out / "pdf-seite.png")
    for name in [*SHOTS, "pdf-seite.png"]:
        # The pictures ship with the site and the offline bundle: a palette keeps them small.
        image = Image.open(out / name).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                       dither=Image.Dither.NONE).save(out / name, optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
