"""environment.yml stays in step with pyproject.toml; the README's commands are the real ones."""

from __future__ import annotations

import re
import tomllib

from analysis import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    yml = (paths.ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    listed = {_name(m) for m in re.findall(r"^\s+- ([A-Za-z][\w.\-]*[^\n]*)$", yml, re.M)}
    listed -= {"python", "pip", "pip:", "-e"}
    assert wanted == listed


def test_readme_commands_are_make_targets_and_ci_runs_the_test_command():
    readme = (paths.ROOT / "README.md").read_text()
    makefile = (paths.ROOT / "Makefile").read_text()
    assert "make report" in readme and "make test" in readme
    assert re.search(r"^report:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (paths.ROOT / ".ci" / "run").read_text()
