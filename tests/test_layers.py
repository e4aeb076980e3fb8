"""The package folders show the data flow: each stage imports only the stages below it, and
the build never imports the curator's tools."""

from __future__ import annotations

import ast
from pathlib import Path

from analysis.settings import ROOT

STAGES = ["parse", "sources", "dataset", "curate", "audit", "compare", "publish",
          "runner"]  # lowest first
# Only the command line may import the curator's tools: no build, audit or page depends on them.
CURATOR_USERS = {"curate", "cli"}
GROUND = {"settings", "guards", "errors", "atomic", "tables_io", "parallel", "__init__"}


def stage_of(module: str) -> int | None:
    """Index in STAGES of an ``analysis.<stage>...`` module; -1 for the ground floor."""
    parts = module.split(".")
    if parts[0] != "analysis" or len(parts) == 1:
        return -1 if parts == ["analysis"] else None
    if parts[1] in GROUND:
        return -1
    return STAGES.index(parts[1]) if parts[1] in STAGES else len(STAGES)  # cli, __main__: top


def imports_of(path: Path) -> list[str]:
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.append(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return [m for m in found if m.split(".")[0] == "analysis"]


def test_no_stage_imports_a_higher_one():
    wrong = []
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        own = stage_of(module)
        for imported in imports_of(path):
            other = stage_of(imported)
            if other is not None and own is not None and other > own:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "lower stages must not import higher ones:\n" + "\n".join(wrong)


def test_the_checker_resolves_relative_imports_and_ranks_stages():
    notebook = imports_of(ROOT / "analysis" / "publish" / "notebook.py")
    assert "analysis.dataset.catalogue" in notebook and "analysis.publish.appendix" in notebook
    assert stage_of("analysis.runner.run") > stage_of("analysis.publish.notebook") > \
        stage_of("analysis.parse.figures")
    assert stage_of("analysis.settings") == -1 and stage_of("analysis.cli") == len(STAGES)


def test_only_the_command_line_imports_the_curators_tools():
    wrong = []
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        parts = path.relative_to(ROOT / "analysis").with_suffix("").parts
        if parts[0] in CURATOR_USERS:
            continue
        wrong += [f"{'.'.join(parts)} imports {m}" for m in imports_of(path)
                  if m.startswith("analysis.curate")]
    assert not wrong, "the build must not depend on the curator's tools:\n" + "\n".join(wrong)
