"""The plan notebooks: parameters, committed outputs (what strict nbval compares), and runs
under other parameters (a 2025 workbook, official mode) checked through the files they write.

CI also runs ``pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
notebooks/``, which re-executes the committed notebooks and compares every stored text output.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import papermill
import pytest

from planlib import config
from planlib.app import run
from planlib.io.workbook import write_plan
from support import shifted

SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")
NOTEBOOKS = [config.NOTEBOOKS_DIR / name for name in run.NOTEBOOKS]


def execute(notebook: str, out_dir: Path, **parameters) -> nbformat.NotebookNode:
    target = out_dir / notebook
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / notebook),
        str(target),
        parameters={"output_dir": str(out_dir), **parameters},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(config.NOTEBOOKS_DIR),
    )
    return nbformat.read(target, as_version=4)


def stored_text(nb) -> str:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            texts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(texts)


# ---------------------------------------------------------------- fast: the committed files


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_run_passes_exist(path):
    declared = papermill.inspect_notebook(str(path))
    assert set(run.PARAMETERS) <= set(declared), f"{path.name} lacks {set(run.PARAMETERS) - set(declared)}"
    assert declared["year"]["default"] == "None"  # the workbook's year
    assert declared["input_path"]["default"] == "None"  # the bundled workbook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_holds_literals_only(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    for statement in ast.parse(cells[0].source).body:
        assert isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant), ast.dump(statement)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_carry_clean_outputs(path):
    """Strict nbval only checks figures that are stored: every code cell must have run, in order."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    outputs = [o for c in code for o in c.outputs]
    assert sum(1 for c in code if c.outputs) >= len(code) - 1  # all but the parameters cell
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "warnings would make nbval flaky"
    assert not any("0x" in str(o) and "at 0x" in str(o) for o in outputs), "a memory address is stored"
    assert "papermill" not in nb.metadata  # saved from a plain run, not a parameterised copy


ALL_NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
MAX_CELL_LINES = 25  # the parameters cell and the scenario notebook's set-up are the longest
MAX_NOTEBOOK_LINES = 60
LOGIC = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor, ast.While, ast.Lambda)


def _code_cells(path: Path) -> list[str]:
    """Each code cell's Python, IPython magics (``%matplotlib inline``) left out."""
    nb = nbformat.read(path, as_version=4)
    return [
        "\n".join(line for line in c.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for c in nb.cells
        if c.cell_type == "code"
    ]


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
    return names


def test_every_notebook_is_checked():
    assert {p.name for p in ALL_NOTEBOOKS} >= {*run.NOTEBOOKS, "scenarios.ipynb"}


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_stay_thin(path):
    """Thin: parameters, calls to planlib's public functions, tables, charts and prose. No
    function, class or loop (logic lives in planlib, where it is tested), short cells, and
    imports of planlib plus display libraries only."""
    cells = _code_cells(path)
    trees = [ast.parse(source) for source in cells]
    logic = [type(n).__name__ for t in trees for n in ast.walk(t) if isinstance(n, LOGIC)]
    assert logic == [], logic
    lines = [len([line for line in source.splitlines() if line.strip()]) for source in cells]
    assert max(lines) <= MAX_CELL_LINES and sum(lines) <= MAX_NOTEBOOK_LINES, lines
    imported = set().union(*map(_imports, trees))
    display = {"IPython"} if path.name in run.NOTEBOOKS else {"IPython", "pandas"}
    assert imported <= {"planlib"} | display, imported


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_notebooks_import_no_pandas(path):
    """The tables display themselves, so a kernel of ``planlib run`` pays for pandas (about half
    a second) only where a cell asks for a DataFrame (``Table.to_frame``, in history.ipynb)."""
    imported = set().union(*(_imports(ast.parse(source)) for source in _code_cells(path)))
    assert "pandas" not in imported and imported <= {"planlib", "IPython"}, imported


def test_committed_outputs_are_the_default_run():
    text = stored_text(nbformat.read(config.NOTEBOOKS_DIR / "annual_plan.ipynb", as_version=4))
    for phrase in (
        "国家法定工作日=366-104-11=251",
        "251×35=8785",
        "8785-3090-4683=1012",
        "60.47%",
        "规则检查：全部通过",
    ):
        assert phrase in text
    history = stored_text(nbformat.read(config.NOTEBOOKS_DIR / "history.ipynb", as_version=4))
    assert "最近一年偏离三年平均超过20%的项目：无" in history


# ---------------------------------------------------------------- slow: executed notebooks


@pytest.fixture(scope="module")
def workbook_2025(xicheng_plan, tmp_path_factory) -> Path:
    return write_plan(shifted(xicheng_plan, 2025), tmp_path_factory.mktemp("in") / "plan_2025.xlsx")


@pytest.mark.slow
def test_annual_plan_with_a_2025_workbook(workbook_2025, tmp_path):
    nb = execute("annual_plan.ipynb", tmp_path, year=2025, input_path=str(workbook_2025))
    assert "国家法定工作日=365-104-13=248" in stored_text(nb)
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "plan_2025.xlsx",
        "plan_2025.md",
        "plan_2025.docx",
        "results.json",
        "chart_waterfall.png",
        "chart_units.png",
        "chart_other_enforcement.png",
        "chart_non_enforcement.png",
    } <= names
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    # 2025: 365 − 104 − 13 = 248 (13 holidays from 2025); 248 × 35 = 8680; 8680 − 3090 − 4683 = 907
    assert results["year"] == 2025
    assert results["calendar"]["statutory_holidays"] == 13
    assert results["total_workdays"] == 8680 and results["inspection_workdays"]["total"] == 907
    assert results["inspections"]["general"] == (907 - 306 * 2) // 2 == 147
    md = (tmp_path / "plan_2025.md").read_text(encoding="utf-8")
    assert "国家法定工作日=365-104-13=248个工作日。" in md and "248×35=8680" in md
    chain = openpyxl.load_workbook(tmp_path / "plan_2025.xlsx", data_only=True)["工作日测算"]
    assert chain["C3"].value == 248 and chain["C4"].value == 8680  # the total, a live formula's cached result


@pytest.mark.slow
def test_history_with_a_2025_workbook_and_a_lower_threshold(workbook_2025, tmp_path):
    nb = execute("history.ipynb", tmp_path, year=2025, input_path=str(workbook_2025), flag_threshold=0.05)
    text = stored_text(nb)
    assert "最近一年偏离三年平均超过5%的项目：" in text
    # 其他非执法工作 285, 310, 335 (now 2022–2024): (335 − 310) ÷ 310 = +8.06%
    assert "2024年工作日335，三年平均310，偏离+8.06%" in text
    ws = openpyxl.load_workbook(tmp_path / "history_2025.xlsx")["三年历史"]
    headers = [c.value for c in ws[2]]
    assert headers[3:6] == ["2022年", "2023年", "2024年"]
    flags = {row[1].value: row[headers.index("提示")].value for row in ws.iter_rows(min_row=3)}
    assert flags["其他非执法工作"] and flags["病假、事假"]  # −7.2%
    assert not flags["组织生产安全事故调查和处理"]  # 436 every year
    assert (tmp_path / "chart_history.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_annual_plan_in_official_mode(xicheng_path, tmp_path):
    nb = execute("annual_plan.ipynb", tmp_path, input_path=str(xicheng_path), workday_mode="official")
    assert "工作日计算方式：国务院放假安排" in stored_text(nb) and "official" not in stored_text(nb)
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    # docs/method.md §2: the 2020 arrangement (Spring Festival extension) gives 249, not 251
    assert results["calendar"]["mode"] == "official"
    assert results["calendar"]["workdays_per_person"] == 249
    assert results["inspection_workdays"]["total"] == 249 * 35 - 3090 - 4683
    assert "调休上班" in (tmp_path / "plan_2020.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_nbval_fails_when_a_stored_figure_changes(tmp_path):
    """Strict nbval on two copies of annual_plan.ipynb: the untouched one passes, the one whose
    stored 总法定工作日 says 8786 instead of 8785 fails, on that cell."""
    source = nbformat.read(config.NOTEBOOKS_DIR / "annual_plan.ipynb", as_version=4)
    nbformat.write(source, tmp_path / "untouched.ipynb")
    altered = 0
    code_cells = [c for c in source.cells if c.cell_type == "code"]  # nbval numbers code cells from 0
    for index, cell in enumerate(code_cells):
        if "chain_table" in cell.source:
            for out in cell.outputs:
                for kind in ("text/plain", "text/html"):
                    if "8785" in out.data.get(kind, ""):
                        out.data[kind] = out.data[kind].replace("8785", "8786")
                        altered += 1
            cell_number = index
    assert altered == 2
    nbformat.write(source, tmp_path / "altered.ipynb")

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(SANITIZE),
            "-p",
            "no:cacheprovider",
            "-q",
            "-rf",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "untouched.ipynb"),
            str(tmp_path / "altered.ipynb"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert failed and all("altered.ipynb" in line for line in failed), failed
    assert any(f"Cell {cell_number}" in line for line in failed), failed
    assert "Cell outputs differ" in proc.stdout and "8786" in proc.stdout
