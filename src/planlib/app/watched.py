"""``python -m planlib.app.watched PARENT_PID MODULE [ARGS…]``: run ``python -m MODULE ARGS…`` in this
process, ended with all its children as soon as the process ``PARENT_PID`` is gone.

``planlib dashboard`` starts Voilà this way, so that a ``kill -9`` of the dashboard command
(which no handler can catch) does not leave Voilà serving the port and its kernels running.
"""

from __future__ import annotations

import runpy
import sys

from planlib.io.processes import watch_parent


def main(argv: list[str]) -> None:
    parent, module, *args = argv
    watch_parent(int(parent))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
