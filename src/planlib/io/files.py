"""Writing a file whole or not at all: every output planlib writes goes through here.

The content is written to a temporary file beside the target, then moved into place, so a
reader never sees half a file and a failure leaves the previous file as it was. With
``overwrite=False`` an existing file is never replaced, even one that appears meanwhile.
Standard library only: the command line's fast path may import it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path


def write_whole(path: str | os.PathLike, write: Callable[[Path], object], overwrite: bool = True) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place."""
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"文件已存在：{target}")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
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
