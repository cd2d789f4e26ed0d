"""LibreOffice for tests: convert a file headless (a throw-away profile, so runs never share
state) and read a PDF's lines with their positions (pypdf). Installed by
``scripts/setup-system.sh`` (libreoffice-writer, libreoffice-calc); where it is missing the
tests that need it skip, saying so."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest


def soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        reason = "LibreOffice (soffice) is not installed: run scripts/setup-system.sh as root"
        if os.environ.get("CI"):  # CI's set-up installs it: a missing one is a failure, never a skip
            pytest.fail(reason)
        pytest.skip(reason)
    return program


def convert(source: Path, fmt: str, out_dir: Path) -> Path:
    """``soffice --headless --convert-to fmt`` into ``out_dir``; the converted file's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / ".lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    target = out_dir / f"{source.stem}.{fmt.split(':')[0]}"
    assert target.is_file(), f"LibreOffice wrote no {target.name}"
    return target


def width(text: str) -> float:
    """Width in characters: a Chinese character is one, a digit or Latin letter half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text if not c.isspace())


@dataclass(frozen=True)
class Line:
    y: float  # baseline, points from the bottom of the page
    text: str

    @property
    def width(self) -> float:
        return width(self.text)


def pdf_pages(pdf: Path, tolerance: float = 3.0) -> list[list[Line]]:
    """Each page's text lines, top to bottom: fragments whose baselines lie within ``tolerance``
    points (Latin and Chinese fonts sit a little apart) joined left to right."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(str(pdf)).pages:
        fragments: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, fragments=fragments) -> None:
            if text.strip():
                fragments.append((tm[5] * cm[3] + cm[5], tm[4] * cm[0] + cm[4], text))

        page.extract_text(visitor_text=visit)
        rows: list[list[tuple[float, float, str]]] = []
        for fragment in sorted(fragments, key=lambda f: -f[0]):
            if rows and rows[-1][0][0] - fragment[0] <= tolerance:
                rows[-1].append(fragment)
            else:
                rows.append([fragment])
        pages.append([Line(row[0][0], "".join(t for _, _, t in sorted(row, key=lambda f: f[1]))) for row in rows])
    return pages
