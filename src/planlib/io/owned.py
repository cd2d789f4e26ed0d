"""The one rule for every command that writes into a folder that may hold the user's files.

planlib replaces a file only when it can show that it wrote that very file: a record of
planlib's in the folder lists the name with the SHA-256 of what planlib wrote, and the file
still has that content. Any other file (or folder, or link) of one of a command's output
names is the user's, or was edited since: nothing is written, and the command says which
file (exit 2). Files the command does not write are never touched.

Two records count, and only when they carry planlib's marker (``"generator": "planlib"``)
and a ``files`` map of name → SHA-256 (64 hex digits):

- ``provenance.json``, a run's record of its package (:mod:`planlib.io.publish`);
- ``.planlib-files.json``, kept by the other commands (``draw``, ``audit --out``,
  ``batch --out``, …) as they write with :func:`write_owned`.

A ``provenance.json`` someone else wrote (``{"author": "me"}``) grants nothing. Writers take
a lock per folder (:func:`folder_lock`, a lock file under the system's temporary folder,
never in the user's), check, stage every file beside its target and only then move them all
into place. Standard library and ``filelock`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

from planlib.errors import InputError
from planlib.io.files import staging_name

PROVENANCE = "provenance.json"
RECORD = ".planlib-files.json"
MARKER_KEY, MARKER = "generator", "planlib"
_DIGEST = re.compile(r"[0-9a-f]{64}")
TAKEN_MESSAGE = (
    "输出目录中已有同名文件，且不是 planlib 上次写入的原样文件（可能是您的文件或修改过的成果），"
    "为免覆盖，未写入；请移走该文件或另选 --out"
)


def sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_of(record: object) -> dict[str, str] | None:
    """The ``files`` of a record planlib wrote (name → SHA-256); None for anything else."""
    if not isinstance(record, dict) or record.get(MARKER_KEY) != MARKER:
        return None
    files = record.get("files")
    if not isinstance(files, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) and _DIGEST.fullmatch(v) for k, v in files.items()):
        return None
    return dict(files)


def read_record(path: Path) -> dict[str, str] | None:
    """A record's files, or None when the file is missing, unreadable or not planlib's."""
    try:
        return files_of(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def recorded(folder: Path) -> dict[str, str]:
    """Every file planlib can show it wrote into ``folder`` (name → SHA-256 written)."""
    ours: dict[str, str] = {}
    for name in (PROVENANCE, RECORD):
        ours.update(read_record(folder / name) or {})
    return ours


def is_ours(entry: Path, ours: Mapping[str, str]) -> bool:
    """``entry`` is a regular file planlib wrote and nobody changed since."""
    if entry.name not in ours or entry.is_symlink() or not entry.is_file():
        return False
    try:
        return sha256(entry) == ours[entry.name]
    except OSError:
        return False


def _is_record(entry: Path) -> bool:
    return entry.name in (PROVENANCE, RECORD) and not entry.is_symlink() and read_record(entry) is not None


def taken(folder: Path, names: set[str] | list[str]) -> list[Path]:
    """The entries of ``folder`` with one of ``names`` that planlib may not replace, in name order."""
    if not folder.is_dir():
        return []
    ours = recorded(folder)
    found = []
    for name in sorted(set(names)):
        entry = folder / name
        if not (entry.exists() or entry.is_symlink()):
            continue
        if _is_record(entry) or is_ours(entry, ours):
            continue
        found.append(entry)
    return found


def refuse_taken(folder: Path, names: set[str] | list[str]) -> None:
    """InputError naming the first output name a user's file holds (checked before any work)."""
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, "输出路径已存在且不是文件夹；请另选 --out")
    clash = taken(folder, names)
    if clash:
        raise InputError(clash[0], TAKEN_MESSAGE)


def lock_path(folder: Path) -> Path:
    """The lock file for writing into ``folder``: under the temporary folder, keyed by the path."""
    key = os.path.normcase(str(folder.resolve()))
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    locks = Path(tempfile.gettempdir()) / "planlib-locks"
    locks.mkdir(exist_ok=True)
    return locks / f"{name}.lock"


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the lock for writing into ``folder`` (concurrent commands write one after the other)."""
    with FileLock(lock_path(folder)):
        yield


def _stage(target: Path, write: Callable[[Path], object]) -> Path:
    tmp = staging_name(target)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as e:  # a missing or unwritable folder: name the user's target
        raise OSError(e.errno, e.strerror, str(target)) from None
    try:
        write(tmp)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, str(target)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _place_new(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target``, which did not exist when checked: never over a file that appeared."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InputError(target, TAKEN_MESSAGE) from None
    except OSError:  # no hard links on this file system
        if target.exists():
            raise InputError(target, TAKEN_MESSAGE) from None
        os.replace(tmp, target)
    else:
        tmp.unlink()


def write_record(folder: Path, files: Mapping[str, str]) -> None:
    """Add ``files`` (name → SHA-256) to the folder's ``.planlib-files.json``."""
    record = folder / RECORD
    known = read_record(record) or {}
    known.update(files)
    note = "planlib 写入的文件及其 SHA-256；planlib 只替换其中内容未变的文件"
    data = {MARKER_KEY: MARKER, "note": note, "files": known}
    tmp = _stage(record, lambda p: p.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8"))
    os.replace(tmp, record)


def write_owned(folder: str | os.PathLike, writers: Mapping[str, Callable[[Path], object]]) -> list[Path]:
    """Write each ``name`` of ``writers`` into ``folder`` by calling ``write(path)``, by the rule above.

    Every file is staged beside its target first; only when all were written are they moved
    into place (and recorded). A name taken by a user's file: InputError, nothing written.
    """
    out = Path(folder)
    refuse_taken(out, set(writers))
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        return _write_owned(out, writers)
    except BaseException:
        if created:  # a folder made for these files only: not left behind empty
            with contextlib.suppress(OSError):
                out.rmdir()
        raise


def _write_owned(out: Path, writers: Mapping[str, Callable[[Path], object]]) -> list[Path]:
    with folder_lock(out):
        refuse_taken(out, set(writers) | {RECORD})
        existing = {name for name in writers if (out / name).exists()}
        staged: dict[str, Path] = {}
        try:
            for name, write in writers.items():
                staged[name] = _stage(out / name, write)
            digests = {name: sha256(tmp) for name, tmp in staged.items()}
            placed = []
            for name, tmp in staged.items():
                if name in existing:
                    os.replace(tmp, out / name)
                else:
                    _place_new(tmp, out / name)
                placed.append(out / name)
            write_record(out, digests)
        finally:
            for tmp in staged.values():
                tmp.unlink(missing_ok=True)
    return placed
