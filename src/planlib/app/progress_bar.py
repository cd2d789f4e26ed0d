"""Progress of long commands on a terminal: a tqdm bar with a total on stderr, nothing otherwise.

``planlib batch`` of 1,000 workbooks and ``planlib draw`` with a large register work for seconds
to minutes; on a terminal their stderr shows how far they are. When stderr is a file or a pipe
(a script, a log) nothing is written, so the log holds only the results and the findings.
"""

from __future__ import annotations

import sys
from typing import IO, Any


def is_terminal(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):  # replaced or closed
        return False


def bar(total: int, desc: str, unit: str, stream: IO[str] | None = None) -> Any:
    """A tqdm bar of ``total`` steps on ``stream`` (default stderr), disabled unless it is a terminal."""
    from tqdm import tqdm

    out = sys.stderr if stream is None else stream
    return tqdm(total=total, desc=desc, unit=unit, file=out, disable=not is_terminal(out), mininterval=0.5)
