"""pyproject.toml is the one source of dependencies; environment.yml must not drift from it."""

from __future__ import annotations

import re
import tomllib

import yaml

from support import ROOT


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_installs_what_an_analyst_uses_and_no_developer_tools():
    """environment.yml follows pyproject.toml: plain planlib is everything an analyst uses, and the
    test, lint and browser extras are not installed for everyone (issue 16, item 3)."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    (pip_section,) = [d for d in deps if isinstance(d, dict)]
    (line,) = pip_section["pip"]
    match = re.fullmatch(r"-e \.(?:\[([\w,]+)\])?", line)
    assert match, line
    extras = set(match.group(1).split(",")) if match.group(1) else set()
    declared = _pyproject()["project"]["optional-dependencies"]
    assert extras <= set(declared)
    assert not extras & {"test", "browser"}
    # whatever extras it names add nothing: the analyst's packages are all plain dependencies
    assert all(not declared[e] for e in extras)
    # nothing else: conda must not pin its own copies of what pyproject declares
    assert all(isinstance(d, dict) or re.fullmatch(r"(python(=[\d.]+)?|pip)", d) for d in deps)


def test_python_versions_agree():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (python,) = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    wanted = _pyproject()["project"]["requires-python"]
    assert wanted.startswith(">=")
    assert tuple(map(int, python.split("=")[1].split("."))) >= tuple(map(int, wanted[2:].split(".")))


def test_runtime_dependencies_include_safe_xml_and_the_calendar():
    deps = " ".join(_pyproject()["project"]["dependencies"])
    for name in ("openpyxl", "defusedxml", "chinesecalendar"):
        assert name in deps


def _make_rules() -> dict[str, tuple[list[str], list[str]]]:
    """The Makefile's rules: target → (prerequisites, recipe lines)."""
    rules: dict[str, tuple[list[str], list[str]]] = {}
    target = None
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("\t") and target:
            rules[target][1].append(line.strip())
        elif (m := re.match(r"^([\w.$()/-]+):(?!=)\s*(.*)$", line)) and not line.startswith("."):
            target = m.group(1)
            rules[target] = (m.group(2).split(), [])
        elif not line.startswith("\t"):
            target = None
    return rules


def test_makefile_test_target_is_what_the_readme_and_ci_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make plan" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    rules = _make_rules()
    # `make test` lints first (ruff on src and tests, mypy), then runs the tests and the notebooks
    prerequisites, recipe = rules["test"]
    assert prerequisites == ["lint"]
    assert any("pytest tests notebooks $(NBVAL)" in line for line in recipe)
    lint_prerequisites, lint = rules["lint"]
    assert lint_prerequisites == ["setup"]
    assert "$(BIN)/ruff check src tests" in lint and "$(BIN)/mypy" in lint
    assert "--nbval" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_lint_tools_are_in_the_test_extra_and_configured():
    config = _pyproject()
    extra = " ".join(config["project"]["optional-dependencies"]["test"])
    for name in ("ruff", "mypy", "import-linter"):
        assert name in extra
    assert config["tool"]["mypy"]["files"] == ["src/planlib"]
    assert {"E", "F", "I", "B"} <= set(config["tool"]["ruff"]["lint"]["select"])
