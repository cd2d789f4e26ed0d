"""One progress bar for the commands that work through many files (``batch``, ``draw``).

tqdm on stderr, and only when stderr is a terminal: piped or captured output (scripts, CI,
the tests) stays exactly the command's lines. Without tqdm installed, no bar at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Bar(Protocol):
    def update(self, n: int = 1) -> object: ...

    def set_description_str(self, desc: str) -> object: ...


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None

    def set_description_str(self, desc: str) -> None:
        return None


def is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal (a replaced or closed stream is not)."""
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def cores() -> int:
    """The processor cores this process may use (its affinity on Linux; every core elsewhere)."""
    if hasattr(os, "sched_getaffinity"):  # Linux; Windows and macOS have no affinity call
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@contextmanager
def progress(total: int, desc: str, unit: str, *, show: bool | None = None) -> Iterator[Bar]:
    """A bar counting to ``total``; ``show`` None: only when stderr is a terminal."""
    visible = is_terminal(sys.stderr) if show is None else show
    if not visible:
        yield _NoBar()
        return
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        yield _NoBar()
        return
    with tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, mininterval=0.5) as bar:
        yield bar
