"""Both cores for a large check or build: work in forked children while the rest runs here.

A check at 10,000 claims is Python work on independent files and claims, and so is rendering
the pages of a checked briefing; a forked child gets a copy of everything by fork (nothing is
pickled on the way in) and sends its result back pickled. The check's helper (both) does the
child's work here when anything goes wrong in the child, so the result never depends on it;
its streaming form (stream, for reading the files) sends results as they are made, and what
never arrives is made here; the pages' helper (run) hands each task to whichever process is
free and returns the results in task order, so the output is the same whatever the number of
processes.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import threading
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

R = TypeVar("R")

#: Most processes run() uses.
MAX_WORKERS = 4


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
    pid = _start(lambda: _child(there, read_end, write_end))
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


def _start(child: Callable[[], None]) -> int:
    """Fork a child that runs child() (which ends the process, never returns): its pid, or -1
    where no child could be started (the caller then does all the work)."""
    try:
        pid = os.fork()
    except OSError:
        return -1
    if pid == 0:
        child()
    return pid


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


def stream(here: Callable[[Callable[[], None]], None],
           there: Callable[[Callable[[int, object], None]], None],
           receive: Callable[[int, object], None]) -> None:
    """Run here(poll) in this process while there(send) runs in a forked child that sends
    numbered results as it makes them: receive(number, result) gets each one here, whenever
    here() calls poll() and after here() returns, so that taking them in (unpickling) is shared
    out with the rest of the work, not left to the end. A result that does not arrive (the
    child failed, or none could be started) is the caller's to make."""
    read_end, write_end = os.pipe()
    # Room for a few milliseconds of results, so that the child rarely waits for poll(); not
    # on systems other than Linux, nor above the system's limit (the default size is kept).
    # fcntl is POSIX only, and so is fork, without which nothing calls this.
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _STREAM_PIPE_SIZE)
    pid = _start(lambda: _stream_child(there, read_end, write_end))
    os.close(write_end)
    frames = _Frames(read_end, receive)
    try:
        # Closed also when here() fails: the child's write then fails and it ends.
        os.set_blocking(read_end, False)
        here(frames.poll)
        os.set_blocking(read_end, True)
        frames.finish()
    finally:
        os.close(read_end)
        if pid > 0:
            os.waitpid(pid, 0)


#: A frame's length, before its pickle (a list of (number, result)).
_FRAME = struct.Struct("<Q")
#: How long the child gathers results before it sends them.
_BATCH_SECONDS = 0.002
#: Pipe buffer the streaming child may fill before it waits (Linux lets any process ask for up
#: to 1 MiB).
_STREAM_PIPE_SIZE = 1 << 20


class _Frames:
    """The parent's end of stream(): reads what has arrived and hands on each whole result."""

    def __init__(self, fd: int, receive: Callable[[int, object], None]) -> None:
        self.fd, self.receive = fd, receive
        self.buffer = bytearray()

    def poll(self) -> None:
        """Take in what the child has sent so far, without waiting."""
        while True:
            try:
                chunk = os.read(self.fd, _STREAM_PIPE_SIZE)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.buffer += chunk
        self._hand_on()

    def finish(self) -> None:
        """Take in the rest, until the child has ended."""
        while chunk := os.read(self.fd, _STREAM_PIPE_SIZE):
            self.buffer += chunk
            self._hand_on()

    def _hand_on(self) -> None:
        buffer, at = self.buffer, 0
        while len(buffer) - at >= _FRAME.size:
            (length,) = _FRAME.unpack_from(buffer, at)
            end = at + _FRAME.size + length
            if len(buffer) < end:
                break
            try:
                batch = pickle.loads(bytes(buffer[at + _FRAME.size:end]))
            except Exception:  # anything that is no pickle: the caller makes it itself
                batch = None
            # Anything else than what send() was given, too: the caller makes it.
            if isinstance(batch, list):
                for item in batch:
                    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int):
                        self.receive(*item)
            at = end
        del buffer[:at]


def _stream_child(there: Callable[[Callable[[int, object], None]], None], read_end: int,
                  write_end: int) -> None:
    """The forked child of stream(): run there() with a send() that writes the results
    pickled, a few milliseconds' worth in one frame (one pickle of many small results costs
    a third less than a pickle each, here and in the parent), and exit without running
    anything of the parent's."""
    code = 1
    try:
        os.close(read_end)
        with os.fdopen(write_end, "wb") as pipe:
            batch: list[tuple[int, object]] = []
            sent = time.perf_counter()

            def flush() -> None:
                nonlocal sent
                data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(_FRAME.pack(len(data)))
                pipe.write(data)
                pipe.flush()
                batch.clear()
                sent = time.perf_counter()

            def send(number: int, result: object) -> None:
                batch.append((number, result))
                if time.perf_counter() - sent >= _BATCH_SECONDS:
                    flush()

            there(send)
            if batch:
                flush()
        code = 0
    finally:
        os._exit(code)


def workers() -> int:
    """How many processes may share the work: the CPUs this process may run on, or one where
    forking is not safe (see available)."""
    if not available():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, cpus or 1))


def run(tasks: Sequence[Callable[[], R]], processes: int,
        costs: Sequence[float] | None = None) -> list[R]:
    """Each task's result, in task order, whichever of the n processes ran it (the caller is
    one of them). Tasks are handed out one at a time to whichever process is free, the
    costliest first (costs: a guess per task, higher is slower; by default the task order), so
    that no process is left with a long task while the others wait. A task's exception is
    raised here, after every worker has ended."""
    if processes <= 1 or len(tasks) < 2:
        return [task() for task in tasks]
    order = sorted(range(len(tasks)), key=lambda i: -costs[i]) if costs else range(len(tasks))
    runs = _runs(order)
    queue = _queue(len(runs))
    children: list[tuple[int, int]] = []
    results: dict[int, R] = {}
    failure: BaseException | None = None
    try:
        for _ in range(1, processes):
            try:
                children.append(_fork(tasks, runs, queue))
            except OSError:  # no more processes: those started share the queue all the same
                break
        results = _work(tasks, runs, queue)
    except BaseException as exc:  # the workers are still reaped, then it is raised
        failure = exc
    finally:
        os.close(queue)
    for pid, pipe in children:
        with os.fdopen(pipe, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            failure = failure or RuntimeError(f"worker {pid} ended without a result ({status})")
            continue
        ok, value = pickle.loads(data)
        if ok:
            results.update(value)
        else:
            failure = failure or value
    if failure is not None:
        raise failure
    return [results[i] for i in range(len(tasks))]


#: A run's number in the queue: 4 bytes, so that a read of one never returns part of one.
_NUMBER = struct.Struct("<I")
#: What a pipe holds before a write blocks (POSIX promises no less than 4 KiB; Linux: 64 KiB).
_PIPE_SIZE = 4_096


def _runs(order: Sequence[int]) -> list[Sequence[int]]:
    """The tasks in order as runs few enough for the queue to hold them all at once (see
    _queue): the first half of what it holds one task each, the rest in runs of equal length,
    so that only the cheapest tasks go out in groups."""
    half = _PIPE_SIZE // _NUMBER.size // 2
    rest = order[half:]
    size = max(1, -(-len(rest) // half))
    return [order[i:i + 1] for i in range(min(half, len(order)))] + [
        rest[i:i + size] for i in range(0, len(rest), size)]


def _queue(count: int) -> int:
    """A pipe holding the numbers 0 … count - 1 with its writing end closed (an empty queue
    reads as its end): the read end, shared by every worker forked after. A pipe is read by
    one reader at a time, so each number goes to exactly one of them."""
    read, write = os.pipe()
    try:
        os.write(write, b"".join(_NUMBER.pack(i) for i in range(count)))
    except BaseException:
        os.close(read)
        raise
    finally:
        os.close(write)
    return read


def _work(tasks: Sequence[Callable[[], R]], runs: Sequence[Sequence[int]], queue: int
          ) -> dict[int, R]:
    """Run the tasks of the runs this process takes from the queue, until it is empty."""
    done: dict[int, R] = {}
    while number := os.read(queue, _NUMBER.size):
        for i in runs[_NUMBER.unpack(number)[0]]:
            done[i] = tasks[i]()
    return done


def _fork(tasks: Sequence[Callable[[], R]], runs: Sequence[Sequence[int]], queue: int
          ) -> tuple[int, int]:
    """Start a worker that takes tasks from the queue: (its pid, the pipe to read)."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(read)
        os.close(write)
        raise
    if pid:
        os.close(write)
        return pid, read
    # The worker: never returns into the caller's code, never runs its exit handlers.
    status = 0
    try:
        os.close(read)
        try:
            data = pickle.dumps((True, _work(tasks, runs, queue)))
        except BaseException as exc:
            try:
                data = pickle.dumps((False, exc))
            except Exception:
                data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write, "wb") as stream:
            stream.write(data)
    except BaseException:
        status = 1
    finally:
        os._exit(status)
