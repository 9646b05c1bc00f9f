"""Both cores for a large check: one piece of work in a forked child while the rest runs here.

A check at 10,000 claims is Python work on independent files and claims; the child gets a
copy of everything by fork (nothing is pickled on the way in) and sends its result back
pickled. Whatever goes wrong in the child (fork refused, an exception, something unreadable
sent back), its work is done here instead, so the result never depends on the child.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


def available() -> bool:
    """Whether a child can be forked safely: not without fork, and not beside other threads
    (a forked child has only the thread that forked; a lock another thread held, for example
    the import lock, stays locked in it forever)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def both(here: Callable[[], None], there: Callable[[], R], valid: Callable[[object], bool]
         ) -> R:
    """Run here() in this process while there() runs in a forked child; return what there()
    returned. valid tells a result from anything else; when the child gives none, there()
    runs here after here()."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:
        _child(there, read_end, write_end)
    os.close(write_end)
    try:
        # Closed also when here() fails: the child's write then fails and it ends.
        with os.fdopen(read_end, "rb") as pipe:
            here()
            data = pipe.read() if pid > 0 else b""
    finally:
        if pid > 0:
            os.waitpid(pid, 0)
    try:
        result = pickle.loads(data)
    except Exception:  # anything the child sent that is no pickle: do its work here
        return there()
    return result if valid(result) else there()


def _child(there: Callable[[], object], read_end: int, write_end: int) -> None:
    """The forked child: run there(), write its result pickled, and exit without running
    anything of the parent's (no atexit handler, no buffered output flushed twice)."""
    code = 1
    try:
        os.close(read_end)
        data = pickle.dumps(there(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
