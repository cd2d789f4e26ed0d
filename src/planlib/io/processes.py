"""Child processes that end with planlib's, on every system (issue 16 item 1, issue 21 item 12).

- :func:`group_options`: the ``Popen`` keywords that give a child a process group of its own
  (POSIX: a new session; Windows: ``CREATE_NEW_PROCESS_GROUP``), so that the terminal's Ctrl+C
  reaches planlib only and planlib stops the child whole.
- :func:`stop_tree`: asks the child to stop (POSIX: SIGTERM to its group; Windows: CTRL_BREAK_EVENT),
  waits, then ends whatever is left of it and of every descendant (psutil, on every system).
- :func:`watch_parent`: a thread that ends this process and its descendants when the parent is
  gone (``kill -9`` of ``planlib dashboard``): a watchdog on the parent's pid, which works on
  Windows as on Linux, unlike ``PR_SET_PDEATHSIG``.

No POSIX-only name is used without a guard: each is looked up with ``getattr``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable

import psutil

# The signals that mean "stop" where they exist: SIGTERM everywhere, SIGHUP (the terminal closed)
# on POSIX, SIGBREAK (Ctrl+Break, the console closing) on Windows.
STOP_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, name)
)


def group_options() -> dict:
    """``Popen`` keywords for a child in a process group of its own."""
    if hasattr(os, "setsid"):
        return {"start_new_session": True}
    flag = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    return {"creationflags": flag} if flag else {}


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return list(psutil.Process(pid).children(recursive=True))
    except psutil.Error:  # gone already
        return []


def alive(p: psutil.Process) -> bool:
    try:
        return bool(p.is_running() and p.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def ask_to_stop(process: subprocess.Popen) -> None:
    """The polite stop: the child shuts its own children (kernels) down."""
    killpg, sigterm = getattr(os, "killpg", None), getattr(signal, "SIGTERM", None)
    with contextlib.suppress(OSError):  # gone already
        if killpg is not None and sigterm is not None:
            killpg(process.pid, sigterm)
        elif hasattr(signal, "CTRL_BREAK_EVENT"):
            process.send_signal(signal.CTRL_BREAK_EVENT)
        else:
            process.terminate()


def end(processes: list[psutil.Process]) -> None:
    for p in processes:
        with contextlib.suppress(psutil.Error):
            p.kill()


def stop_tree(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop a child started with :func:`group_options` and every descendant: politely first, then
    by force for whatever is left after ``grace`` seconds. Kernels run in sessions of their own
    (jupyter_client starts them so), hence the descendants are listed before the first signal."""
    family = descendants(process.pid)
    ask_to_stop(process)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    deadline = time.monotonic() + grace
    while any(alive(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.1)
    killpg, sigkill = getattr(os, "killpg", None), getattr(signal, "SIGKILL", None)
    if killpg is not None and sigkill is not None:
        with contextlib.suppress(OSError):
            killpg(process.pid, sigkill)
    end([p for p in family if alive(p)])
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):  # a kill cannot be ignored
        process.wait(timeout=grace)


def end_own_tree(grace: float = 5.0) -> None:
    """End every descendant of this process: politely, then by force after ``grace`` seconds."""
    family = descendants(os.getpid())
    for p in family:
        with contextlib.suppress(psutil.Error):
            p.terminate()
    _, left = psutil.wait_procs(family, timeout=grace)
    end(left)


def watch_parent(parent: int, on_gone: Callable[[], object] | None = None, interval: float = 1.0) -> threading.Thread:
    """Call ``on_gone`` (default: end this process and its descendants) once ``parent`` has exited.

    The parent is known by its pid and start time (psutil), so a reused pid is not taken for it."""
    try:
        watched = psutil.Process(parent)
    except psutil.Error:
        watched = None

    def gone() -> None:
        end_own_tree()
        os._exit(0)

    def watch() -> None:
        while watched is not None and watched.is_running() and watched.status() != psutil.STATUS_ZOMBIE:
            time.sleep(interval)
        (on_gone or gone)()

    thread = threading.Thread(target=watch, name="planlib-parent-watchdog", daemon=True)
    thread.start()
    return thread


def end_pool(pool, grace: float = 10.0) -> None:
    """End a ``ProcessPoolExecutor``'s workers and what they started (an interrupted ``--jobs`` run).

    Each worker is asked to stop (it then cleans up as an interrupted command does: a run's
    temporary folder, its kernels); once their own children are gone, or after ``grace``
    seconds, the workers and whatever is left are ended by force. The workers themselves are
    waited for through multiprocessing, never psutil: a child reaped behind multiprocessing's
    back would look alive to the pool forever, and the command would never exit."""
    workers = list(getattr(pool, "_processes", {}).values())
    family = [d for w in workers if w.pid is not None for d in descendants(w.pid)]
    pool.shutdown(wait=False, cancel_futures=True)
    for w in workers:
        with contextlib.suppress(OSError, ValueError):
            w.terminate()
    if family:
        psutil.wait_procs(family, timeout=grace)  # grandchildren: polled, not reaped here
        end([p for p in family if alive(p)])
    for w in workers:
        with contextlib.suppress(OSError, ValueError):
            w.join(timeout=1)
            if w.is_alive():
                w.kill()
                w.join(timeout=grace)


def _leave(signum, frame) -> None:
    raise SystemExit(130)


def quiet_interrupts() -> None:
    """A pool worker's start (``initializer``): the command stops its workers (:func:`end_pool`),
    so a worker ignores the terminal's Ctrl+C and leaves on SIGTERM by ``SystemExit`` (its task's
    clean-up runs; an idle worker exits without the traceback a KeyboardInterrupt would print).
    An interrupt that lands inside interpreter internals is not reported either: the command
    says 已中断 once."""
    import sys

    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _leave)
    default = sys.unraisablehook

    def hook(unraisable) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt | SystemExit):
            default(unraisable)

    sys.unraisablehook = hook
