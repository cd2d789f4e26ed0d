"""Writing a file whole or not at all: every output planlib writes goes through here.

The content is written to a temporary file beside the target, then moved into place, so a
reader never sees half a file and a failure leaves the previous file as it was. With
``overwrite=False`` an existing file is never replaced, even one that appears meanwhile.
Standard library only: the command line's fast path may import it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def staging_name(target: Path) -> Path:
    """A fresh hidden name beside ``target`` to write it under first (random, so two writers never
    share one; ``os.urandom`` rather than uuid, which loads the platform module)."""
    return target.with_name(f".{target.name}.{os.urandom(16).hex()}.tmp")


def write_whole(path: str | os.PathLike, write: Callable[[Path], object], overwrite: bool = True) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place."""
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"文件已存在：{target}")
    tmp = staging_name(target)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # umask-respecting mode
    except OSError as e:  # a missing or unwritable folder: name the user's target, not our temporary
        raise OSError(e.errno, e.strerror, str(target)) from None
    try:
        write(tmp)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _link_new(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)  # fails if the target appeared meanwhile
    except FileExistsError:
        raise FileExistsError(f"文件已存在：{target}") from None
    except OSError:  # no hard links on this file system
        if target.exists():
            raise FileExistsError(f"文件已存在：{target}") from None
        os.replace(tmp, target)
