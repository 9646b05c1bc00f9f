"""A loopback server for the built site (the browser fixture lives in conftest.py)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # Chromium drops connections it no longer needs (a page left mid-load); the traceback
        # socketserver prints for that says nothing about the site and reads like a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def wait_for_result(page: Any, href_part: str) -> None:
    """Wait until the search result list holds a link to href_part.

    Reads the DOM directly: Playwright's visibility checks on Material's result list stalled
    for half a minute on this machine although the results were rendered within a second."""
    page.wait_for_function(
        """part => [...document.querySelectorAll('.md-search-result__item a')]
                   .some(a => a.getAttribute('href').includes(part))""",
        arg=href_part, timeout=30000)
