"""Make this interpreter look like Windows to planlib's own code (issue 16 item 1).

Put this folder first on ``PYTHONPATH``: every Python started so (the command, its notebook
kernels, its workers) imports it at start-up. planlib's modules then cannot import the
POSIX-only modules (``fcntl``, ``termios``, ``pwd``, ``grp``, ``resource``) and see ``os`` and
``signal`` without their POSIX-only names (``os.killpg``, ``os.setsid``, ``signal.SIGKILL``,
``signal.SIGHUP`` …), as on Windows; the libraries they use keep the real modules, so the
interpreter still works. A planlib module that needs one of those names fails here exactly as
it would on Windows, and the Windows branches are the ones that run.
"""

from __future__ import annotations

import builtins
import os
import signal
import types

from posix_names import BLOCKED_MODULES, HIDDEN  # this folder is on sys.path


def _view(module: types.ModuleType) -> types.ModuleType:
    hidden = HIDDEN[module.__name__]
    view = types.ModuleType(module.__name__, module.__doc__)
    view.__dict__.update({k: v for k, v in vars(module).items() if k not in hidden})
    return view


_VIEWS = {"os": _view(os), "signal": _view(signal)}
_real_import = builtins.__import__


def _planlib_import(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "") or ""
    if level == 0 and (importer == "planlib" or importer.startswith("planlib.")):
        top = name.partition(".")[0]
        if top in BLOCKED_MODULES:
            raise ModuleNotFoundError(f"No module named {name!r} (a POSIX-only module, as on Windows)", name=name)
        if name in _VIEWS:
            _real_import(name, globals, locals, fromlist, level)
            return _VIEWS[name]
    return _real_import(name, globals, locals, fromlist, level)


builtins.__import__ = _planlib_import
os.environ.setdefault("PLANLIB_WINDOWS_VIEW", "1")
