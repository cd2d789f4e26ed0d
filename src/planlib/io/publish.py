"""Publishing a run's package into a folder that may also hold the user's own files.

A run builds its package in a private folder beside the target (``.2020.tmp-XXXX``), then
publishes it. The target folder may hold files and folders the run did not write (the
analyst's input workbook, a leader's edited copy of the plan, a folder of scans): those are
never moved, copied, deleted or replaced. Which files are planlib's is the rule of
:mod:`planlib.io.owned`: those the previous ``provenance.json`` (planlib's own, with its
marker) lists under ``files`` with the SHA-256 they still have.

Publishing, under the target's lock (so concurrent runs publish one after the other):

1. if one of the package's names is taken by a file planlib may not replace, nothing is
   published and the user is told which file;
2. file by file (``os.replace``, atomic for each file, on every system), the previous run's
   file of each name is moved into the private folder and the new one into the target, the
   new ``provenance.json`` last; the previous run's files the new package does not have are
   moved out the same way. Interrupting signals wait until this is done; any failure moves
   every file back, so the folder holds either the previous package or the new one.
3. The private folder (holding only planlib's files) is removed. Nothing of the user's is
   ever inside a folder planlib deletes: their subfolders stay where they are.

Each private folder is paired with a lock file held for the run's life (``…tmp-XXXX.lock``).
A run killed with ``kill -9`` leaves its folder behind with the lock released; the next run to
the same target removes such folders, and only those (never one whose run is still going).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from planlib.errors import InputError, OutputError
from planlib.io.owned import (
    PROVENANCE,
    TAKEN_MESSAGE,
    files_of,
    folder_lock,
    is_ours,
    recorded,
    refuse_taken,
    sha256,
)

__all__ = ["PROVENANCE", "check_target", "clean_stale", "manifest", "publish", "sha256", "workspace"]
_PREVIOUS = ".previous"  # inside the private folder: the previous package while it is replaced
_JOURNAL = ".names.json"  # in it: the names being replaced, for the roll-back of a killed run


def manifest(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of each file of a package (what provenance.json records as ``files``)."""
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != PROVENANCE}


def previous_input(out: Path) -> dict | None:
    """The ``input`` and ``authority`` of the package in ``out`` (planlib's record only), or None."""

    try:
        record = json.loads((out / PROVENANCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if files_of(record) is None or not isinstance(record.get("input"), dict):
        return None
    return {"path": str(record["input"].get("path", "")), "authority": str(record.get("authority", ""))}


def check_target(out: Path, names: set[str]) -> None:
    """Refuse, before anything runs, a target where publishing would replace someone's file."""
    refuse_taken(out, names)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl+C and SIGTERM wait until the block is done (only the main thread can handle them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    wanted = [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None]
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum)) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


def _replace_files(new: Path, out: Path, names: list[str], stale: list[str]) -> None:
    """Step 2 of the module docstring: each file moved with ``os.replace``, all moved back on failure."""
    previous = new / _PREVIOUS
    previous.mkdir()
    (previous / _JOURNAL).write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    undo: list[tuple[Path, Path]] = []  # (where it is now, where it goes back)
    try:
        for name in names:
            if (out / name).exists():
                os.replace(out / name, previous / name)
                undo.append((previous / name, out / name))
            os.replace(new / name, out / name)
            undo.append((out / name, new / name))
        for name in stale:
            os.replace(out / name, previous / name)
            undo.append((previous / name, out / name))
    except BaseException:
        for now, back in reversed(undo):
            os.replace(now, back)
        raise


def publish(new: Path, out: Path) -> None:
    """Make the package in ``new`` the planlib files of ``out``, keeping everything the user put there."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(out):
        if not out.exists():
            os.rename(new, out)
            return
        if not out.is_dir():
            raise InputError(out, "输出路径已存在且不是文件夹；请另选 --out")
        names = sorted(p.name for p in new.iterdir() if p.name != PROVENANCE)
        if (new / PROVENANCE).exists():
            names.append(PROVENANCE)  # last: the record names the files already in place
        ours = recorded(out)
        clash = [out / n for n in names if n != PROVENANCE and (out / n).exists() and not is_ours(out / n, ours)]
        if clash:
            raise InputError(clash[0], TAKEN_MESSAGE)
        stale = sorted(n for n in ours if n not in names and is_ours(out / n, ours))
        with _signals_deferred():
            _replace_files(new, out, names, stale)


@dataclass
class Workspace:
    """A run's private folder beside its target, and the lock that says its run is alive."""

    folder: Path
    lock: Path
    _lock: FileLock

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock.release()  # first: a held lock file cannot be deleted on Windows
        self.lock.unlink(missing_ok=True)


def _roll_back(folder: Path, out: Path) -> None:
    """Undo the file moves of a run killed while publishing (its journal names what it moved)."""
    previous = folder / _PREVIOUS
    try:
        names = json.loads((previous / _JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        names = []
    for name in names if isinstance(names, list) else []:
        name = str(name)
        placed = not (folder / name).exists() and not (previous / name).exists()
        if placed and (out / name).is_file() and not (out / name).is_symlink():
            os.replace(out / name, folder / name)  # placed with no earlier version: out again
    for entry in sorted(previous.iterdir()):
        if entry.name != _JOURNAL:
            os.replace(entry, out / entry.name)


def clean_stale(out: Path) -> list[Path]:
    """Remove the private folders of runs to ``out`` that were killed; returns what was removed.

    A run killed in the middle of publishing is first rolled back (the previous package restored).
    The folder's name is matched literally (``计划[2020]`` is no glob pattern)."""
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    for lock in sorted(out.parent.glob(f".{glob.escape(out.name)}.tmp-*.lock")):
        held = FileLock(lock)
        try:
            held.acquire(timeout=0)
        except (Timeout, FileNotFoundError):  # still running, or just cleaned by another run
            continue
        try:
            folder = lock.with_name(lock.name.removesuffix(".lock"))
            if (folder / _PREVIOUS).is_dir():
                with folder_lock(out):
                    _roll_back(folder, out)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            held.release()
            lock.unlink(missing_ok=True)
    return removed


def workspace(out: Path) -> Workspace:
    """A new private folder for a run to ``out``, its lock held until :meth:`Workspace.remove`."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.tmp-", suffix=".lock", dir=out.parent)
        os.close(fd)
        held = FileLock(name)
        held.acquire()
        folder = Path(name.removesuffix(".lock"))
        folder.mkdir()
    except OSError as e:
        raise OutputError(out, e) from None
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)  # the outputs are for readers, not private
    return Workspace(folder, Path(name), held)
