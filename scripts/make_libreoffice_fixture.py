"""Build tests/fixtures/xicheng_2020_libreoffice.xlsx: the Xicheng 2020 workbook as saved by a
real spreadsheet program.

planlib writes its workbooks with openpyxl, but analysts' files come from Excel, WPS or
LibreOffice, which lay out the XML differently (shared strings, styles, number formats, cached
values). This script writes the reference plan with ``planlib.io.workbook.write_plan`` and lets
LibreOffice Calc (headless) open and re-save it as .xlsx; the test suite then checks that the
re-saved file reads exactly like the original. The output is committed, so the tests need no
LibreOffice; rerun this script only to regenerate it.

Run: ``python scripts/make_libreoffice_fixture.py [OUT]`` (needs ``soffice`` on PATH, e.g.
Debian's ``libreoffice-calc``).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "xicheng_2020_libreoffice.xlsx"


def _xicheng_plan():
    """The reference plan, from the script that builds the bundled workbook."""
    spec = importlib.util.spec_from_file_location("build_xicheng_workbook", ROOT / "scripts" / "build_xicheng_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.xicheng_plan()


def resave_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """Open ``source`` in headless Calc and save it as .xlsx into ``out_dir``.

    A private user profile keeps this independent of (and safe beside) any running LibreOffice.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: install LibreOffice Calc (apt-get install libreoffice-calc)")
    profile = out_dir / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir / "out"), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    return out_dir / "out" / source.name


def saved_by(path: Path) -> str:
    """The application named in docProps/app.xml (what program saved the file)."""
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    start = app.find("<Application>")
    return app[start + len("<Application>"): app.find("</Application>")] if start >= 0 else ""


def main(argv: list[str]) -> int:
    from planlib.io.workbook import write_plan

    out = Path(argv[0]) if argv else DEFAULT_OUT
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = write_plan(_xicheng_plan(), tmp / "xicheng_2020.xlsx",
                            note="由 openpyxl 写出后经 LibreOffice Calc 另存的测试夹具")
        converted = resave_with_libreoffice(source, tmp)
        app = saved_by(converted)
        if "LibreOffice" not in app:
            raise SystemExit(f"expected a file saved by LibreOffice, docProps/app.xml says {app!r}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(converted, out)
    print(f"{out} (saved by {app})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
