"""Commands that write a file the user names never overwrite what they did not write, and
never write into the project's code, tests, notebooks or raw evidence (issue 28's red team:
`candidates --out README.md`, `coverage --csv data/raw/papers.csv`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.guards import OutputPathError, check_output_file, inside_protected
from analysis.settings import ROOT
from tests.conftest import needs_papers, now

PAPER = "Leicester City Council\nThere were 57 formal complaints, of which 19 were upheld.\n"


def candidates(args, tmp_path, capsys):
    paper = tmp_path / "pack.txt"
    paper.write_text(PAPER, encoding="utf-8")
    code = main(["candidates", "--file", str(paper), "--council", "Leicester", "--quiet", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("inside", ["README.md", "Makefile", "analysis/cli.py",
                                    "analysis/new.csv", "tests/conftest.py", "tools/x.csv",
                                    "data/raw/papers.csv", "data/raw/figures/deeper/x.csv",
                                    "notebooks/new.csv"])
def test_candidates_never_writes_into_the_project_even_with_force(inside, tmp_path, capsys):
    target = ROOT / inside
    before = target.read_bytes() if target.exists() else None
    code, err = candidates(["--out", str(target), "--force"], tmp_path, capsys)
    assert code == 2 and "nothing is written there" in err, err
    assert (target.read_bytes() if target.exists() else None) == before
    assert not target.with_name(f"{target.stem}-non-figures.csv").exists()


def test_a_folder_deep_in_data_raw_is_protected_at_any_depth():
    deep = now().raw_dir / "figures" / "a" / "b" / "c.csv"
    assert inside_protected(deep) is not None
    assert inside_protected(ROOT / "data" / "interim" / "c.csv") is None


def test_an_existing_file_of_the_users_is_refused_unless_forced(tmp_path, capsys):
    mine = tmp_path / "notes.csv"
    mine.write_text("my,own\n1,2\n")
    code, err = candidates(["--out", str(mine)], tmp_path, capsys)
    assert code == 2 and "--force" in err and mine.read_text() == "my,own\n1,2\n"
    code, err = candidates(["--out", str(mine), "--force"], tmp_path, capsys)
    assert code == 0 and mine.read_text().startswith("figure_id,")


def test_a_draft_the_command_wrote_is_replaced_on_a_rerun(tmp_path, capsys):
    out = tmp_path / "draft.csv"
    assert candidates(["--out", str(out)], tmp_path, capsys)[0] == 0
    assert candidates(["--out", str(out)], tmp_path, capsys)[0] == 0


def test_a_device_or_folder_is_never_replaced(tmp_path):
    folder = tmp_path / "a-folder.csv"
    folder.mkdir()
    for target in (folder, Path("/dev/null")):
        with pytest.raises(OutputPathError, match="not a plain file"):
            check_output_file(target, header="x", option="--out", force=True)


@needs_papers
def test_coverage_csv_refuses_a_file_it_did_not_write(tmp_path, capsys):
    registry = tmp_path / "papers.csv"
    shutil.copy(now().papers_csv, registry)
    code = main(["coverage", "--csv", str(registry), "--limit", "0"])
    assert code == 2 and "--force" in capsys.readouterr().err
    assert registry.read_bytes() == now().papers_csv.read_bytes()
    inside = main(["coverage", "--csv", str(now().papers_csv), "--force",
                   "--limit", "0"])
    assert inside == 2 and "nothing is written there" in capsys.readouterr().err
