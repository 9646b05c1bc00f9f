"""Screenshots of the built site for the docs: `python -m tests.screenshots` (after make site).

Writes docs/bilder/*.png from site/, served on loopback, in Debian's Chromium.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

from tests.browser import serve
from tests.conftest import CHROMIUM_ARGS, ROOT, chromium_path

SHOTS = {
    "profil.png": ("akteure/kp.html", None),
    "quelle.png": ("quellen/003-budanov-shahed-drohnen.html#zitat-1265-1508", None),
    "zahlen.png": ("zahlen.html", None),
    "netzwerk.png": ("netzwerk.html", "figure.netzwerk"),
}


def main() -> int:
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    out = ROOT / "docs" / "bilder"
    out.mkdir(exist_ok=True)
    with serve(ROOT / "site") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, (path, selector) in SHOTS.items():
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            target = page.locator(selector) if selector else page
            target.screenshot(path=str(out / name))
            print(out / name)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
