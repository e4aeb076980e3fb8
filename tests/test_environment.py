"""environment.yml stays in step with pyproject.toml; the README's commands are the real ones."""

from __future__ import annotations

import os
import re
import tomllib

from analysis.settings import ROOT


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503: great_tables is great-tables


def _lock() -> dict[str, str]:
    """requirements.lock as {name: exact version}."""
    text = (ROOT / "requirements.lock").read_text()
    return {_name(m.group(1)): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9][\w.\-]*)==([^\s;\\]+)", text, re.M)}


def test_every_dependency_of_pyproject_is_pinned_in_the_lock_within_its_bounds():
    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock()
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    for text in wanted:
        requirement = Requirement(text)
        name = _name(requirement.name)
        assert name in lock, f"{name} is in pyproject.toml but not in requirements.lock: " \
                             "run `make lock`"
        assert requirement.specifier.contains(Version(lock[name]), prereleases=True), \
            f"requirements.lock pins {name}=={lock[name]}, outside pyproject's " \
            f"{requirement.specifier}: run `make lock`"
    text = (ROOT / "requirements.lock").read_text()
    assert "--generate-hashes" in text and text.count("--hash=sha256:") >= len(lock)


def test_environment_yml_installs_exactly_the_lock():
    yml = (ROOT / "environment.yml").read_text()
    assert "python=3.11" in yml and "-r requirements.lock" in yml and "--require-hashes" in yml


def test_the_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "-r requirements.lock" in makefile and "--require-hashes" in makefile
    assert re.search(r"^\$\(STAMP\): pyproject.toml requirements.lock", makefile, re.M)


def test_readme_commands_are_make_targets_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "make report" in readme and "make test" in readme
    assert re.search(r"^report:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_installed_libraries_are_compiled_to_bytecode():
    """Where PYTHONDONTWRITEBYTECODE is set (CI), nothing writes bytecode after the install, so
    without it every kernel compiles pandas and matplotlib again: 3.5 s to import, not 1.2."""
    import importlib.util

    import matplotlib
    import pandas
    import seaborn

    for module in (pandas, matplotlib, seaborn):
        cached = importlib.util.cache_from_source(module.__file__)
        assert os.path.exists(cached), (
            f"{module.__name__} has no bytecode ({cached}); reinstall with `make venv` "
            "(uv pip install --compile-bytecode)")
