"""The report runner and the notebooks under papermill: parameters, failures, reruns, HTML,
and a clone without the papers."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import papermill as pm
import pytest

from analysis.errors import OutputError
from analysis.publish.notebook import RECORD_MIME
from analysis.publish.params import NOTEBOOKS, ParameterError
from analysis.runner import export, plan
from analysis.runner.execute import Job, execute_notebook
from analysis.runner.kernels import KERNEL, Kernels, check_kernel
from analysis.runner.lock import ReportError, exclusive
from analysis.runner.run import run, summary
from analysis.settings import ROOT, Settings

from .conftest import needs_papers, now

NB = ROOT / "notebooks"


def must_not_run(*args, **kwargs):
    pytest.fail("a notebook was executed (or the data built)")


def records(notebook) -> dict:
    found = {}
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            found |= out.get("data", {}).get(RECORD_MIME, {})
    return found


def html_of(notebook) -> str:
    return "".join(out.get("data", {}).get("text/html", "") for cell in notebook.cells
                   for out in cell.get("outputs", []))


def headers(page: str) -> set[str]:
    """The column headings of every table on a page."""
    return {h.strip() for h in re.findall(r"<th\b[^>]*>(.*?)</th>", page, re.S)}


def run_notebook(name: str, tmp_path, **params) -> nbformat.NotebookNode:
    out = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(str(NB / f"{name}.ipynb"), str(out), parameters=params,
                        kernel_name=KERNEL, cwd=str(NB), progress_bar=False)
    return nbformat.read(out, as_version=4)


# ---------------------------------------------------------------- papermill, other parameters
def test_one_authority_only(tmp_path):
    nb = run_notebook("10_workforce", tmp_path, authorities=["Leicester"])
    assert records(nb)["parameters"]["authorities"] == ["Leicester"]
    tables = html_of(nb)
    assert "Leicester" in headers(tables) and "Leicestershire" not in headers(tables)


def test_a_2016_17_period(tmp_path):
    nb = run_notebook("20_reablement", tmp_path, period="2016/17")
    assert records(nb)["parameters"]["period"] == "2016/17"
    assert "80.5% (Apr-Dec 2016)" in html_of(nb)
    assert "88.8% (Apr-Nov 2024)" not in html_of(nb)


def test_benchmarks_without_england(tmp_path):
    nb = run_notebook("00_briefing", tmp_path, benchmarks=["East Midlands"])
    tables = html_of(nb)
    assert "East Midlands" in headers(tables) and "England" not in headers(tables)


def test_a_budget_year_in_another_spelling_still_finds_its_budget(tmp_path):
    nb = run_notebook("30_budgets", tmp_path, budget_year="2025-26")
    assert records(nb)["parameters"]["budget_year"] == "2025/26"
    page = html_of(nb)
    table = page.split("net revenue budget 2025/26 by service line")[1].split("</table>")[0]
    assert table.count("<tr") > 20 and "no net budget" not in page


def test_a_bad_parameter_fails_in_the_validation_cell(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="ParameterError"):
        run_notebook("30_budgets", tmp_path, budget_year="next year")


def test_the_measure_profile_finds_its_measure_from_search_words(tmp_path):
    nb = run_notebook("05_explore", tmp_path, measure="", search="sickness days",
                      authorities=["Leicester"])
    page = html_of(nb)
    assert "Measure profile: Average sickness days per worker" in page or \
        "average sickness days per worker" in page.lower()
    assert "Leicestershire" not in headers(page)
    assert "4.2 days" in page  # Leicester 2023/24 (001:740)


def test_an_unknown_measure_for_the_profile_names_close_matches():
    from analysis.publish.params import ParameterError, known_measures, validate

    with pytest.raises(ParameterError, match="Close matches: .*wf_turnover_rate"):
        validate("05_explore", known_measures=known_measures(), measure="wf_turnover")


# ---------------------------------------------------------------- the runner
@pytest.fixture(scope="module")
def broken_notebooks(tmp_path_factory):
    """The real notebooks, with 20_reablement made to raise in its third cell."""
    folder = tmp_path_factory.mktemp("notebooks")
    for f in NB.glob("*.ipynb"):
        shutil.copy(f, folder / f.name)
    nb = nbformat.read(folder / "20_reablement.ipynb", as_version=4)
    nb.cells[2].source = 'raise RuntimeError("deliberate failure for the test")'
    nbformat.write(nb, folder / "20_reablement.ipynb")
    return folder


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, broken_notebooks):
    out = tmp_path_factory.mktemp("reports")
    settings = now().with_(notebooks_dir=broken_notebooks)
    outcomes = run(["10_workforce", "20_reablement"], settings=settings, out_dir=out,
                   progress=False)
    return out, outcomes, settings


def test_a_failing_notebook_does_not_stop_the_others(first_run):
    out, outcomes, _ = first_run
    status = {o.name: o.status for o in outcomes}
    assert status == {"10_workforce": "ran", "20_reablement": "failed"}
    failed = nbformat.read(out / "failed" / "20_reablement.ipynb", as_version=4)
    errors = [o for c in failed.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors and errors[0]["evalue"] == "deliberate failure for the test"
    assert not (out / "20_reablement.html").exists()
    assert f"kept in {out / 'failed'}/" in summary(outcomes, out)
    assert not list(out.glob(".versions/.staging-*"))


def test_html_is_code_free_self_contained_and_stamped(first_run):
    out, _, _ = first_run
    page = (out / "10_workforce.html").read_text(encoding="utf-8")
    assert "from analysis.publish.notebook import setup" not in page
    assert "authorities = " not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']https?://""", page)
    assert "data:image/png;base64," in page and 'alt="Workforce rates' in page
    assert re.search(r"Generated \d{1,2} \w+ 20\d\d", page)
    assert re.search(r"Made by the comparison tool, version [\d.]+ \(code [0-9a-f]{7}", page)


@pytest.mark.skipif(export.find_chromium() is None or shutil.which("pdftotext") is None,
                    reason="needs Chromium and pdftotext (poppler-utils)")
def test_a_printed_appendix_cuts_off_no_column_of_its_widest_table(first_run, tmp_path):
    out, _, _ = first_run
    pdf = tmp_path / "10_workforce.pdf"
    export.to_pdf(out / "10_workforce.html", pdf, export.find_chromium())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = set(text.split())
    # the ratings table's last columns are the first to go when a page is too narrow
    for heading in ("measure", "council", "benchmark", "rating", "caveats", "source"):
        assert heading in words, heading
    assert text.count("Page ") >= 2 and "Workforce" in text


def test_manifest_index_and_tables(first_run):
    out, _, _ = first_run
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["git_commit"]
    assert "raw/measures.csv" in manifest["inputs_sha256"]
    assert "analysis/runner/run.py" in manifest["inputs_sha256"]
    assert manifest["versions"]["papermill"]
    entry = manifest["notebooks"]["10_workforce"]
    assert entry["status"] == "ran" and entry["seconds"] > 0
    assert entry["parameters"]["authorities"] == ["Leicester", "Leicestershire"]
    index = (out / "index.html").read_text()
    assert 'href="10_workforce.html"' in index and 'href="failed/20_reablement.ipynb"' in index
    assert "Reablement: not produced this time" in index
    book = openpyxl.load_workbook(out / "tables.xlsx")
    assert book.sheetnames[0] == "Contents"
    assert any("workforce" in s.lower() for s in book.sheetnames)
    assert (out / "tables" / "10_workforce-workforce-comparison.csv").exists()
    assert not list((out / "tables").glob("20_reablement-*"))  # it failed, with no good run


def test_a_rerun_with_nothing_changed_does_no_work(first_run):
    out, _, settings = first_run
    outcomes = run(["10_workforce"], settings=settings, out_dir=out, progress=False,
                   execute=must_not_run, build=must_not_run)
    assert [o.status for o in outcomes] == ["skipped"]
    assert "Nothing changed" in summary(outcomes, out)


def test_parameters_are_refused_before_any_kernel_starts(tmp_path):
    with pytest.raises(ParameterError, match="'Atlantis'"):
        run(["10_workforce"], {"authorities": ["Atlantis"]}, out_dir=tmp_path,
            execute=must_not_run, build=must_not_run)
    with pytest.raises(ParameterError, match="Unknown parameter"):
        run(["10_workforce"], {"budget_year": "2025/26"}, out_dir=tmp_path,
            execute=must_not_run, build=must_not_run)
    assert not (tmp_path / "manifest.json").exists()


def test_command_line_exits_non_zero_naming_the_bad_parameter():
    proc = subprocess.run([sys.executable, "-m", "analysis", "report", "10_workforce", "-p",
                           "authorities", "[Atlantis]"], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 2
    assert "'authorities' has unknown value(s) 'Atlantis'" in proc.stderr


def test_two_runs_at_once_do_not_share_an_output_folder(tmp_path):
    with exclusive(tmp_path), pytest.raises(ReportError, match="Another report"):
        with exclusive(tmp_path):
            pass


@pytest.mark.skipif(export.find_chromium() is None,
                    reason="Chromium not installed (apt-get install chromium) for PNG rendering")
def test_html_renders_to_a_picture(first_run, tmp_path):
    out, _, _ = first_run
    png = tmp_path / "page.png"
    subprocess.run([export.find_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--no-first-run",
                    f"--screenshot={png}", "--window-size=1100,1600",
                    (out / "10_workforce.html").as_uri()], check=True, capture_output=True,
                   timeout=120)
    assert png.stat().st_size > 20_000


def test_pdf_without_chromium_is_refused_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "find_chromium", lambda: None)
    with pytest.raises(ReportError, match="apt-get install chromium"):
        run(["90_data_quality"], pdf=True, out_dir=tmp_path, execute=must_not_run)


@pytest.mark.skipif(export.find_chromium() is None,
                    reason="Chromium not installed (apt-get install chromium) for PDF output")
def test_pdf_appendix_when_chromium_is_installed(tmp_path):
    run(["90_data_quality"], pdf=True, out_dir=tmp_path, progress=False)
    assert (tmp_path / "90_data_quality.pdf").read_bytes()[:5] == b"%PDF-"


# ---------------------------------------------------------------- what a rerun depends on
def test_inputs_are_named_relative_to_their_raw_folder_wherever_it_is(tmp_path):
    raw = tmp_path / "papers" / "checkout" / "raw"  # outside the repo, under a 'papers' folder
    shutil.copytree(now().raw_dir, raw, ignore=shutil.ignore_patterns("papers"))
    (raw / "papers").mkdir()
    (raw / "papers" / "a-paper.txt").write_text("paper text is checked by its sha256")
    settings = Settings().with_(raw_dir=raw)
    files = plan.input_files(settings)
    assert "raw/measures.csv" in files and "raw/figures/leicester-2025-04-30-prose.csv" in files
    assert "analysis/runner/run.py" in files
    assert not [n for n in files if n.startswith("raw/papers/")]
    before = plan.digest(plan.input_hashes(files))
    (raw / "measures.csv").write_text((raw / "measures.csv").read_text() + "\n")
    assert plan.digest(plan.input_hashes(plan.input_files(settings))) != before


def test_a_changed_input_reruns_and_an_unchanged_one_does_not(tmp_path, raw_copy, fake_steps):
    settings, out = now().with_(raw_dir=raw_copy), tmp_path / "out"

    def statuses() -> list[str]:
        return [o.status for o in run(["90_data_quality"], settings=settings, out_dir=out,
                                      progress=False, **fake_steps)]

    assert statuses() == ["ran"]
    assert statuses() == ["skipped"]
    corrections = raw_copy / "corrections.csv"
    corrections.write_text(corrections.read_text() + "\n")
    assert statuses() == ["ran"]


def test_a_deleted_appendix_page_is_regenerated_on_the_next_run(tmp_path, fake_steps):
    out = tmp_path / "out"

    def statuses() -> list[str]:
        return [o.status for o in run(["90_data_quality"], out_dir=out, progress=False,
                                      **fake_steps)]

    assert statuses() == ["ran"]
    (out / "90_data_quality.html").unlink()  # a reader tidying the folder, say
    assert statuses() == ["ran"]
    assert (out / "90_data_quality.html").is_file()
    assert statuses() == ["skipped"]


# The runner in a process of its own, as the command line runs it (Settings from the ASC_*
# environment), with the committed notebooks standing in for executed ones: what is under
# test is which inputs it sees and what a no-change rerun loads.
RUN_WITH_COMMITTED_NOTEBOOKS = """
import shutil, sys
from pathlib import Path
from analysis.runner.plan import Outcome
from analysis.runner.run import run, summary
def execute(job, kernels):
    shutil.copy(job.source, job.out)
    return Outcome(job.name, "ran", 0.1, params=job.params)
out = Path(sys.argv[1])
print(summary(run(["90_data_quality"], out_dir=out, progress=False, execute=execute), out))
print("heavy imports:", sorted(m for m in ("pandas", "pandera", "papermill", "nbconvert",
                                           "openpyxl", "jupyter_client") if m in sys.modules))
"""


def test_a_rerun_with_nothing_changed_loads_no_validation_or_notebook_machinery(tmp_path):
    cmd = [sys.executable, "-c", RUN_WITH_COMMITTED_NOTEBOOKS, str(tmp_path / "out")]
    runs = [subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
            for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert runs[1].stdout.startswith("Nothing changed")
    assert "heavy imports: []" in runs[1].stdout  # so that it stays well under a second


def test_the_runner_with_raw_and_processed_folders_outside_the_repo_reruns_on_a_change(tmp_path):
    raw = tmp_path / "papers" / "raw"  # outside the repo, under a folder named 'papers'
    shutil.copytree(now().raw_dir, raw, ignore=shutil.ignore_patterns("papers"))
    env = os.environ | {"ASC_RAW_DIR": str(raw), "ASC_PROCESSED_DIR": str(tmp_path / "proc")}
    cmd = [sys.executable, "-c", RUN_WITH_COMMITTED_NOTEBOOKS, str(tmp_path / "out")]

    def report_run() -> str:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert report_run().startswith("1 ran")
    assert report_run().startswith("Nothing changed")
    corrections = raw / "corrections.csv"
    corrections.write_text(corrections.read_text().replace("truncated", "cut short", 1))
    assert report_run().startswith("1 ran")
    assert (tmp_path / "proc" / "indicators.parquet").exists()
    assert not (ROOT / "data" / "processed" / "papers").exists()


# ---------------------------------------------------------------- where reports may go
@pytest.mark.parametrize("inside", ["data", "data/raw", "data/raw/figures", "analysis",
                                    "notebooks", "tests/out", "."])
def test_an_output_folder_inside_the_project_is_refused(inside):
    with pytest.raises(ReportError, match="Choose a folder"):
        run(["90_data_quality"], out_dir=ROOT / inside, execute=must_not_run,
            build=must_not_run)


def test_an_output_folder_holding_what_a_report_run_did_not_write_is_refused_untouched(
        tmp_path, fake_steps):
    out = tmp_path / "mine"
    (out / "papers").mkdir(parents=True)
    (out / "papers" / "001_agenda.txt").write_text("a paper of the user's")
    (out / "index.html").write_text("the user's own page")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    with pytest.raises(ReportError, match=r"holds files a report run did not write \(index"
                       r"\.html, papers\)"):
        run(["90_data_quality"], out_dir=out, progress=False, **fake_steps)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "index.html").read_text() == "the user's own page"
    made = tmp_path / "made"
    run(["90_data_quality"], out_dir=made, progress=False, **fake_steps)
    assert plan.foreign(made) == []  # a folder a run made is the next run's to replace


def test_an_output_folder_that_is_a_file_says_so(tmp_path, capsys):
    from analysis.cli import main
    target = tmp_path / "a-file"
    target.write_text("x")
    assert main(["report", "90_data_quality", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"--out {target} is a file, not a folder" in err and "disk space" not in err


def test_an_unwritable_processed_folder_during_a_report_is_named(tmp_path, monkeypatch):
    from analysis import atomic
    real = atomic.stage_version

    def refuse(folder):
        if Path(folder) == now().processed_dir:
            raise PermissionError(13, "Permission denied", str(folder / ".versions"))
        return real(folder)

    monkeypatch.setattr(atomic, "stage_version", refuse)
    with pytest.raises(OutputError) as exc:
        run(["90_data_quality"], force=True, out_dir=tmp_path, progress=False,
            execute=must_not_run)
    processed = now().processed_dir
    assert f"Make {processed} writable, or set ASC_PROCESSED_DIR" in str(exc.value)
    assert str(tmp_path) not in str(exc.value)


# ---------------------------------------------------------------- the kernel
def test_a_hostile_python3_kernel_earlier_on_the_jupyter_path_does_not_break_a_run(
        tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", "import sys; sys.exit(3)", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    check_kernel()
    job = Job("90_data_quality", {}, NB / "90_data_quality.ipynb",
              tmp_path / "90_data_quality.ipynb")
    with Kernels(1, NB, os.environ | {"ASC_STATIC_TABLES": "1"}) as kernels:
        outcome = execute_notebook(job, kernels)
    assert (outcome.status, outcome.error) == ("ran", "")
    assert records(nbformat.read(tmp_path / "90_data_quality.ipynb", as_version=4))["parameters"]


def test_a_project_kernel_that_runs_another_python_is_refused(tmp_path, monkeypatch):
    spec = tmp_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "impostor", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    with pytest.raises(ReportError, match="runs /usr/bin/python3, not this project's"):
        check_kernel()


def test_a_missing_project_kernel_says_how_to_install_it():
    with pytest.raises(ReportError, match="make venv"):
        check_kernel("asc-compare-not-installed")


def test_the_notebooks_name_the_project_kernel():
    for path in NB.glob("*.ipynb"):
        assert nbformat.read(path, as_version=4).metadata.kernelspec.name == KERNEL, path.name


# ---------------------------------------------------------------- publishing the whole set
def test_a_partial_run_keeps_every_appendix_in_the_workbook_and_drops_stale_csvs(
        tmp_path, fake_steps):
    out = tmp_path / "out"
    run(["10_workforce", "90_data_quality"], out_dir=out, progress=False, **fake_steps)
    def appendices():
        contents = pd.read_csv(out / "tables" / "contents.csv", encoding="utf-8-sig")
        return set(contents["appendix"])
    full = appendices()
    (out / "current" / "tables" / "99-gone-old-table.csv").write_text("stale\n")
    run(["10_workforce"], {"authorities": ["Leicester"]}, out_dir=out, progress=False,
        **fake_steps)
    after = appendices()
    assert after == full and any(a.startswith("Data quality") for a in after)
    assert not (out / "tables" / "99-gone-old-table.csv").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["notebooks"]["10_workforce"]["parameters"]["authorities"] == ["Leicester"]
    assert manifest["notebooks"]["90_data_quality"]["status"] == "ran"
    comparison = (out / "tables" / "10_workforce-workforce-comparison.csv").read_text()
    assert "Leicestershire" not in comparison.splitlines()[0]
    assert (out / "90_data_quality.html").exists()


def test_a_reader_sees_the_old_set_or_the_new_one_never_a_mix(tmp_path, monkeypatch,
                                                              fake_steps):
    from analysis import atomic
    out = tmp_path / "out"
    run(["90_data_quality"], out_dir=out, progress=False, **fake_steps)
    names = ("index.html", "manifest.json", "tables.xlsx", "90_data_quality.html", "tables")
    old_version = atomic.current_version(out)
    real, calls = atomic._link, []

    def interrupted_after_the_switch(target, at):
        real(target, at)
        if at.parent == out:  # not the processed data's own switch
            calls.append(at.name)
            if at.name == "current":
                raise KeyboardInterrupt  # killed just after the one rename that publishes

    monkeypatch.setattr(atomic, "_link", interrupted_after_the_switch)
    with pytest.raises(KeyboardInterrupt):
        run(["90_data_quality"], force=True, out_dir=out, progress=False, **fake_steps)
    assert calls == ["current"]
    new_version = atomic.current_version(out)
    assert new_version != old_version and old_version.exists()
    assert {Path(os.path.realpath(out / n)).parent for n in names} == {new_version}


def test_no_exported_appendix_reaches_the_network_even_from_an_inline_script():
    for path in sorted(NB.glob("*.ipynb")):
        page = export.to_html(path)
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script", page, re.S | re.I)
        assert [s for s in scripts if re.search(r"https?://", s)] == [], path.name
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), path.name
        assert "@import" not in page and "import(" not in page, path.name


def test_an_appendix_whose_tables_cannot_be_rebuilt_is_said_not_dropped(tmp_path, fake_steps,
                                                                        capsys):
    out = tmp_path / "out"
    run(["90_data_quality"], out_dir=out, progress=False, **fake_steps)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["notebooks"]["10_workforce"] = {"status": "ran", "key": "old", "parameters": {
        "authorities": ["Atlantis"]}}
    (out / "current" / "manifest.json").write_text(json.dumps(manifest))
    run(["90_data_quality"], force=True, out_dir=out, progress=False, **fake_steps)
    assert "warning: the tables of 10_workforce were not exported" in capsys.readouterr().err
    index = (out / "index.html").read_text()
    assert "tables were not exported" in index and "Out of date" in index


# ---------------------------------------------------------------- cells for exploring
def test_a_cell_tagged_explore_is_left_out_of_the_appendix_page(tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    def cell(text: str, tags: list[str]) -> nbformat.NotebookNode:
        made = new_code_cell(f"print({text!r})", metadata={"tags": tags})
        made.outputs = [new_output("stream", name="stdout", text=text)]
        return made

    nb = new_notebook(cells=[cell("FOR THE COMMITTEE", []), cell("ONLY FOR EXPLORING",
                                                                  ["explore"]),
                             cell("ALSO FOR THE COMMITTEE", ["parameters"])])
    nbformat.write(nb, tmp_path / "small.ipynb")
    page = export.to_html(tmp_path / "small.ipynb")
    assert "FOR THE COMMITTEE" in page and "ALSO FOR THE COMMITTEE" in page
    assert "ONLY FOR EXPLORING" not in page


# ---------------------------------------------------------------- with and without the papers
CITATION = re.compile(r"\b(?:Leicester|Leicestershire), \d{1,2} \w{3} 20\d\d, lines? \d+")


@needs_papers
def test_with_the_papers_every_citation_links_to_its_line_in_the_viewer(tmp_path, fake_steps):
    out = tmp_path / "out"
    run(["30_budgets"], out_dir=out, progress=False, **fake_steps)
    page = (out / "30_budgets.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="papers/([^"#]+)\.html#L(\d+)"', page)
    assert linked and all((out / "papers" / f"{paper}.html").exists() for paper, _ in linked)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "checked to be on the line it cites" in index and "not found" not in index


@pytest.fixture
def no_papers(monkeypatch, tmp_path) -> Settings:
    """A clone without the papers: none in $ASC_PAPERS_DIR, <raw>/papers or ../shared/papers
    (turned off, so the test holds on a machine that has them there)."""
    monkeypatch.delenv("ASC_PAPERS_DIR", raising=False)
    monkeypatch.setenv("ASC_SHARED_PAPERS", "0")
    settings = now().with_(processed_dir=tmp_path / "processed")
    assert not any(d.is_dir() and any(d.iterdir()) for d in settings.paper_dirs())
    return settings


def test_without_the_papers_every_page_the_workbook_and_the_index_are_built(
        tmp_path, no_papers, fake_steps, processed_with_audit):
    out = tmp_path / "out"
    outcomes = run(out_dir=out, settings=no_papers, progress=False,
                   execute=fake_steps["execute"])  # the real build: it finds no paper
    assert {o.status for o in outcomes} == {"ran"} and len(outcomes) == len(NOTEBOOKS) == 8
    assert not (out / "papers").exists()  # no viewer without the texts
    for o in outcomes:
        page = (out / f"{o.name}.html").read_text(encoding="utf-8")
        assert 'href="papers/' not in page, o.name
        assert "line numbers link to" not in page, o.name
    assert CITATION.search((out / "30_budgets.html").read_text(encoding="utf-8"))
    assert len(openpyxl.load_workbook(out / "tables.xlsx").sheetnames) > 20
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("not found") == 1 and 'href="papers/' not in index
    assert "data/raw/papers/" in index and "ASC_PAPERS_DIR" in index
    assert "paper viewer" in index and "Provenance NOT checked" in index


def test_without_the_papers_a_real_notebook_runs_and_says_where_its_figure_is(
        tmp_path, no_papers):
    out = tmp_path / "out"
    [outcome] = run(["05_explore"], out_dir=out, settings=no_papers, progress=False)
    assert (outcome.status, outcome.error) == ("ran", "")
    page = (out / "05_explore.html").read_text(encoding="utf-8")
    assert "The paper's text was not found" in page and 'href="papers/' not in page
    assert "Provenance NOT checked" in (out / "index.html").read_text(encoding="utf-8")


def test_the_papers_search_can_leave_out_the_shared_folder():
    on, off = Settings.from_env({}), Settings.from_env({"ASC_SHARED_PAPERS": "0"})
    assert ROOT.parent / "shared" / "papers" in on.paper_dirs()
    assert off.paper_dirs() == [off.raw_dir / "papers"]
    assert off.environment()["ASC_SHARED_PAPERS"] == "0"  # so a kernel looks where we do
