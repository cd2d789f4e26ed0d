"""Publishing a run's package into a folder that may also hold the user's own files.

A run builds its package in a private folder beside the target (``.2020.tmp-XXXX``), then
publishes it in one atomic step. The target folder may hold files the run did not write
(the analyst's input workbook, a leader's edited copy of the plan): those are never deleted
or replaced. Which files a run wrote is what the previous ``provenance.json`` lists under
``files``, with each file's SHA-256; a file of that name whose content changed since has been
edited by someone, so it counts as theirs too.

Publishing, under a lock on the target's parent folder (so concurrent runs publish one after
the other):

1. every entry of the target that is not the previous run's own is hard-linked into the new
   package (same inode: nothing is copied, an open file stays the same file); if one has the
   name of a file the run writes, nothing is published and the user is told which file;
2. the two folders are exchanged atomically (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere
   the old folder is renamed aside and the new one renamed in, the old restored on failure);
3. anything that appeared in the old folder meanwhile is moved back, and the old folder is
   deleted: it holds only the previous run's files and links to the user's.

Each private folder is paired with a lock file held for the run's life (``…tmp-XXXX.lock``).
A run killed with ``kill -9`` leaves its folder behind with the lock released; the next run to
the same target removes such folders, and only those (never one whose run is still going).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from planlib.errors import InputError, OutputError

PROVENANCE = "provenance.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of each file of a package (what provenance.json records as ``files``)."""
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != PROVENANCE}


def previous_files(out: Path, names: set[str]) -> dict[str, str | None]:
    """The files the previous run in ``out`` wrote, with their SHA-256 (None: not recorded).

    A provenance.json from before ``files`` was recorded (planlib 0.1) lists no names: then the
    files named as this run's outputs (``names``) are taken as that run's, and every other
    file is left as the user's.
    """
    try:
        record = json.loads((out / PROVENANCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = record.get("files") if isinstance(record, dict) else None
    ours: dict[str, str | None] = {PROVENANCE: None}
    if isinstance(files, dict):
        ours.update({str(k): str(v) for k, v in files.items()})
    else:
        ours.update(dict.fromkeys(names))
    return ours


def _is_ours(entry: Path, ours: dict[str, str | None]) -> bool:
    if entry.name not in ours or entry.is_symlink() or not entry.is_file():
        return False
    recorded = ours[entry.name]
    return recorded is None or sha256(entry) == recorded


def foreign_entries(out: Path, ours: dict[str, str | None]) -> list[Path]:
    """Entries of ``out`` that the previous run did not write, or that were edited since."""
    if not out.is_dir():
        return []
    return [e for e in sorted(out.iterdir()) if not _is_ours(e, ours)]


def check_target(out: Path, names: set[str]) -> None:
    """Refuse, before anything runs, a target where publishing would replace someone's file."""
    if out.exists() and not out.is_dir():
        raise InputError(out, "输出路径已存在且不是文件夹；请另选 --out")
    clash = [e for e in foreign_entries(out, previous_files(out, names)) if e.name in names]
    if clash:
        raise InputError(
            clash[0],
            "输出目录中已有同名文件，且不是上次运行生成的原样文件"
            "（可能是您的文件或修改过的成果），为免覆盖，未写入；请移走该文件或另选 --out",
        )


def _link_into(entry: Path, folder: Path) -> None:
    target = folder / entry.name
    if entry.is_symlink():
        os.symlink(os.readlink(entry), target)
    elif entry.is_dir():
        shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(entry), str(target))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(src, dst, follow_symlinks=False)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically where the OS can; False where it cannot."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_aside(new: Path, out: Path) -> Path:
    """Where folders cannot be exchanged: move ``out`` aside, ``new`` in; returns the old one."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    return old


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder (flock on its descriptor: no lock file to leave behind)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def publish(new: Path, out: Path) -> None:
    """Make the package in ``new`` the contents of ``out``, keeping every file the user put there."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        if not out.exists():
            os.rename(new, out)
            return
        if not out.is_dir():
            raise InputError(out, "输出路径已存在且不是文件夹；请另选 --out")
        names = {p.name for p in new.iterdir()}
        ours = previous_files(out, names)
        kept = foreign_entries(out, ours)
        clash = [e for e in kept if e.name in names]
        if clash:
            raise InputError(
                clash[0],
                "输出目录中已有同名文件，且不是上次运行生成的原样文件，为免覆盖，未写入；请移走该文件或另选 --out",
            )
        for entry in kept:
            _link_into(entry, new)
        old = new if _exchange(new, out) else _swap_aside(new, out)
        linked = {e.name for e in kept}
        for entry in old.iterdir():  # appeared in the old folder after the links were made
            if entry.name not in linked and not _is_ours(entry, ours) and not (out / entry.name).exists():
                os.rename(entry, out / entry.name)
        shutil.rmtree(old, ignore_errors=True)


@dataclass
class Workspace:
    """A run's private folder beside its target, and the lock that says its run is alive."""

    folder: Path
    lock: Path
    _handle: object

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.lock.unlink(missing_ok=True)
        self._handle.close()  # type: ignore[attr-defined]


def clean_stale(out: Path) -> list[Path]:
    """Remove the private folders of runs to ``out`` that were killed; returns what was removed."""
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    for lock in sorted(out.parent.glob(f".{out.name}.tmp-*.lock")):
        try:
            with open(lock, "a+b") as f:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                folder = lock.with_name(lock.name.removesuffix(".lock"))
                shutil.rmtree(folder, ignore_errors=True)
                lock.unlink(missing_ok=True)
                removed.append(folder)
        except (BlockingIOError, FileNotFoundError):  # still running, or just cleaned by another run
            continue
    return removed


def workspace(out: Path) -> Workspace:
    """A new private folder for a run to ``out``, its lock held until :meth:`Workspace.remove`."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.tmp-", suffix=".lock", dir=out.parent)
    except OSError as e:
        raise OutputError(out, e) from None
    handle = os.fdopen(fd, "a+b")
    fcntl.flock(handle, fcntl.LOCK_EX)
    folder = Path(name.removesuffix(".lock"))
    folder.mkdir()
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)  # the outputs are for readers, not private
    return Workspace(folder, Path(name), handle)
