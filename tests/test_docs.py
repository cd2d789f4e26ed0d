"""The project carries its own contract and method: every reference in code, tests and docs
points at a file of the repository (issue 22, item 6)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REF = re.compile(
    r"(?<![\w./-])((?:docs|data|src|tests|notebooks|scripts|benchmarks)/[\w./-]+\.(?:md|txt|py|xlsx|ipynb))"
)
SECTION = re.compile(r"docs/(contract|method)\.md §(\d+)")


def _sources() -> list[Path]:
    files = [ROOT / "README.md", *ROOT.glob("docs/*.md")]
    for top in ("src", "tests", "scripts", "benchmarks"):
        files += (ROOT / top).rglob("*.py")
    return files


def test_every_referenced_file_exists() -> None:
    missing = []
    for path in _sources():
        for ref in REF.findall(path.read_text(encoding="utf-8")):
            if not (ROOT / ref.rstrip(".")).exists():
                missing.append(f"{path.relative_to(ROOT)}: {ref}")
    assert not missing, missing


def test_no_reference_leaves_the_repository() -> None:
    outside = [str(p.relative_to(ROOT)) for p in _sources() if "shared/" + "reference" in p.read_text(encoding="utf-8")]
    assert not outside, outside


def test_cited_sections_exist() -> None:
    headings = {
        name: set(re.findall(r"^## (\d+)\.", (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8"), re.M))
        | set(re.findall(r"^## §?(\d+)", (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8"), re.M))
        for name in ("contract", "method")
    }
    bad = []
    for path in _sources():
        for name, number in SECTION.findall(path.read_text(encoding="utf-8")):
            if number not in headings[name]:
                bad.append(f"{path.relative_to(ROOT)}: {name}.md §{number}")
    assert not bad, bad


def test_readme_links_the_contract_and_the_method() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/contract.md)" in readme and "(docs/method.md)" in readme
