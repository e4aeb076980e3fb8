"""The change log of every regeneration, on the real data: a curated figure removed and restored,
a value corrected, a period relabelled; a no-change rerun; a previous set that cannot be
compared with; a partial run; the pages, the workbook sheet and the terminal summary."""

from __future__ import annotations

import html
import json
import os
import shutil

import openpyxl
import pandas as pd
import pytest

from analysis import atomic
from analysis.cli import main
from analysis.curate.arrivals import arrivals
from analysis.publish.changes import CHANGE_COLUMNS
from analysis.publish.changes_page import banner, changes_page, summary_section, with_banner
from analysis.runner import changelog
from analysis.runner.run import run
from analysis.settings import Settings

from .conftest import now

FIGURES = "figures/leicestershire-2025-01-20-prose.csv"
FIGURE = "leicestershire-2025-01-20.p5139"  # Leicestershire's vacancy rate, 8.5% (2022/23)


def figure_row(raw) -> str:
    return next(line for line in (raw / FIGURES).read_text().splitlines()
                if line.startswith(FIGURE + ","))


def changes_of(out) -> pd.DataFrame:
    return pd.read_csv(out / "changes.csv", dtype=str, keep_default_na=False)


def rows(changes: pd.DataFrame, kind: str) -> pd.DataFrame:
    return changes[(changes["change"] == kind) & (changes["figure_id"] == FIGURE)]


def page(out, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Five report runs of 10_workforce on a copy of data/raw, notebooks stood in for by the
    committed ones, the data really built: the figure removed, restored, a forced rerun, a
    correction of its value, then its period relabelled. Each step's folder is kept."""
    from analysis.runner.plan import Outcome

    def execute(job, kernels):
        shutil.copy(job.source, job.out)
        return Outcome(job.name, "ran", 0.1, params=job.params)

    tmp = tmp_path_factory.mktemp("changes")
    raw = tmp / "raw"
    shutil.copytree(now().raw_dir, raw, ignore=shutil.ignore_patterns("papers"))
    settings = now().with_(raw_dir=raw, processed_dir=tmp / "processed")
    out, steps, row = tmp / "reports", {}, figure_row(raw)
    original = (raw / FIGURES).read_text()

    def report(step: str, force: bool = False):
        run(["10_workforce"], settings=settings, out_dir=out, progress=False, execute=execute,
            force=force)
        steps[step] = atomic.current_version(out)

    (raw / FIGURES).write_text(original.replace(row + "\n", ""))
    report("removed")
    # as if the county's pack had been re-issued since: the set records another sha256 for it
    _manifest(steps["removed"], lambda m: m["papers"].update({FIGURE.split(".")[0]: "0" * 64}))
    (raw / FIGURES).write_text(original)
    report("restored")
    report("forced", force=True)
    with (raw / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write(f"{FIGURE},value,9.5% locally,a test's revision,x.txt:1,conversion\n")
    report("revised")
    (raw / FIGURES).write_text(original.replace(row, row.replace(",2022/23,printed,",
                                                                 ",2018/19,printed,")))
    report("relabelled")
    return out, steps, settings


def test_a_first_run_says_there_is_no_previous_set(history):
    _, steps, _ = history
    first = steps["removed"]
    assert "No comparison available: this is the first report set here" in page(first,
                                                                                 "index.html")
    assert not (first / "changes.csv").exists()
    manifest = json.loads(page(first, "manifest.json"))
    assert manifest["changes"]["status"] == "unavailable" and manifest["format"] == 2
    assert manifest["generated"] and manifest["facts_sha256"] == changelog.sha256(
        first / "facts.csv")


def test_a_restored_figure_is_listed_as_added_with_its_appendix(history):
    _, steps, _ = history
    changes = changes_of(steps["restored"])
    assert list(changes.columns) == CHANGE_COLUMNS
    [added] = rows(changes, "added").to_dict("records")
    assert added["appendix"] == "10_workforce" and added["after"] == "8.5% (2022/23)"
    assert added["authority"] == "Leicestershire" and "line 1378" in added["source"]
    title = pd.read_csv(now().papers_csv).set_index("paper_id").loc[FIGURE.split(".")[0],
                                                                    "title"]
    assert added["source"].endswith(f"from a changed paper: {title} (meeting of 20 Jan 2025)")
    index = page(steps["restored"], "index.html")
    assert "What changed since" in index and 'href="changes.html"' in index
    assert index.index("What changed since") < index.index("<h2>Appendices</h2>")
    title = pd.read_csv(now().papers_csv).set_index("paper_id").loc[FIGURE.split(".")[0],
                                                                    "title"]
    assert f"Since then: a changed paper: {html.escape(title)} (meeting of 20 Jan 2025)" in index


def test_a_changed_appendix_carries_a_dated_banner_linking_to_the_changes(history):
    _, steps, _ = history
    workforce = page(steps["restored"], "10_workforce.html")
    assert workforce.count('class="asc-changed"') == 1
    assert 'href="changes.html#10_workforce"' in workforce
    assert workforce.index('class="asc-changed"') > workforce.index('class="asc-banner"')
    assert "asc-changed" not in page(steps["removed"], "10_workforce.html")
    listed = page(steps["restored"], "changes.html")
    assert 'id="10_workforce"' in listed and "line 1378" in listed


def test_the_workbook_has_a_changes_sheet(history):
    _, steps, _ = history
    book = openpyxl.load_workbook(steps["restored"] / "tables.xlsx")
    assert book.sheetnames[:2] == ["Contents", "Changes"]
    assert book["Contents"]["A2"].value == "Changes"
    sheet = book["Changes"]
    assert str(sheet["A1"].value).startswith("What changed since the report set of")
    assert [c.value for c in sheet[2]] == CHANGE_COLUMNS
    assert any(r[0] == "added" and r[7] == FIGURE for r in sheet.iter_rows(3, values_only=True))
    first = openpyxl.load_workbook(steps["removed"] / "tables.xlsx")["Changes"]
    assert "no comparison available" in first["A1"].value


def test_a_rerun_with_no_change_leaves_changes_csv_as_it_was(history):
    out, steps, settings = history
    assert steps["forced"] != steps["restored"]  # --force published a new set...
    assert (steps["forced"] / "changes.csv").read_bytes() == \
        (steps["restored"] / "changes.csv").read_bytes()  # ...with the same change log
    assert "asc-changed" in page(steps["forced"], "10_workforce.html")
    live = atomic.current_version(out)
    run(["10_workforce"], settings=settings, out_dir=out, progress=False,
        execute=_must_not_run, build=_must_not_run)
    assert atomic.current_version(out) == live  # a plain rerun publishes nothing


def _must_not_run(*args, **kwargs):
    pytest.fail("a notebook was executed (or the data built)")


def test_a_changed_value_is_listed_as_revised(history):
    _, steps, _ = history
    changes = changes_of(steps["revised"])
    [revised] = rows(changes, "revised").to_dict("records")
    assert (revised["before"], revised["after"]) == ("8.5%", "9.5%")
    assert not rows(changes, "added").size and not rows(changes, "removed").size


def test_a_relabel_that_flips_a_rating_shows_both(history):
    _, steps, _ = history
    changes = changes_of(steps["relabelled"])
    [relabel] = rows(changes, "relabelled").to_dict("records")
    assert relabel["before"] == "period 2022/23" and relabel["after"] == "period 2018/19"
    [rating] = rows(changes, "rating changed").to_dict("records")
    assert rating["before"] in ("better", "similar", "worse") and rating["after"] == ""
    assert "rating changed" in page(steps["relabelled"], "index.html")
    assert f"now not rated (was {rating['before']})" in page(steps["relabelled"], "changes.html")


def test_the_changes_command_prints_the_summary_and_refuses_an_unknown_set(history, capsys,
                                                                           monkeypatch):
    out, steps, _ = history
    monkeypatch.setenv("ASC_REPORTS_DIR", str(out))
    assert main(["changes"]) == 0
    said = capsys.readouterr().out
    assert "What changed since" in said and "rating changed" in said
    assert main(["changes", "--since", steps["restored"].name, "--all"]) == 0
    said = capsys.readouterr().out
    assert "revised" in said and "relabelled" in said and "line 1378" in said
    assert main(["changes", "--since", "1999-01-01"]) == 2
    refused = capsys.readouterr().err
    assert "--since 1999-01-01" in refused and steps["relabelled"].name in refused


def test_only_the_last_sets_are_kept(history):
    out, steps, _ = history
    kept = atomic.kept_versions(out)
    assert len(kept) == min(5, len(steps)) and kept[-1] == atomic.current_version(out)


def test_older_sets_beyond_asc_keep_sets_are_removed(tmp_path, fake_steps):
    out, settings = tmp_path / "out", now().with_(keep_sets=3)
    published = []
    for _ in range(4):
        run(["05_explore"], out_dir=out, progress=False, force=True, settings=settings,
            **fake_steps)
        published.append(atomic.current_version(out))
    assert atomic.kept_versions(out) == published[1:] and not published[0].exists()


def test_asc_keep_sets_must_keep_the_live_set_and_one_before(capsys, monkeypatch):
    assert Settings.from_env({"ASC_KEEP_SETS": "4"}).keep_sets == 4
    monkeypatch.setenv("ASC_KEEP_SETS", "1")
    assert main(["changes"]) == 2
    assert "ASC_KEEP_SETS='1'" in capsys.readouterr().err


# ---------------------------------------------------------------- a previous set we cannot use
@pytest.mark.parametrize("damage, reason", [
    (lambda v: (v / "facts.csv").unlink(), "could not be read"),
    (lambda v: (v / "facts.csv").write_text("not,the,facts\n1,2\n"), "does not match"),
    (lambda v: _manifest(v, lambda m: m.pop("format")), "made by an older version"),
    (lambda v: (v / "manifest.json").write_text("{not json"), "manifest could not be read"),
    (lambda v: (v / "manifest.json").write_text("[]"), "manifest could not be read"),
    (lambda v: _manifest(v, lambda m: m.update(generated="soon")), "no generation date"),
])
def test_a_previous_set_that_cannot_be_compared_with_says_so(tmp_path, fake_steps, damage,
                                                              reason):
    out = tmp_path / "out"
    run(["05_explore"], out_dir=out, progress=False, **fake_steps)
    old = atomic.current_version(out)
    damage(old)
    run(["05_explore"], out_dir=out, progress=False, force=True, **fake_steps)
    new = atomic.current_version(out)
    assert new != old and old.is_dir()  # published, and the damaged set not lost
    index = page(out, "index.html")
    assert "No comparison available" in index and reason in index
    assert reason in page(out, "changes.html")
    assert json.loads(page(out, "manifest.json"))["changes"]["status"] == "unavailable"


def _manifest(version, change) -> None:
    manifest = json.loads((version / "manifest.json").read_text())
    change(manifest)
    (version / "manifest.json").write_text(json.dumps(manifest))


def test_a_partial_run_compares_only_what_it_rebuilt(tmp_path, fake_steps):
    out = tmp_path / "out"
    run(["05_explore", "90_data_quality"], out_dir=out, progress=False, **fake_steps)
    before = atomic.current_version(out)
    run(["05_explore"], {"measure": "wf_vacancy_rate"}, out_dir=out, progress=False,
        **fake_steps)
    after = atomic.current_version(out)
    changes = changes_of(out)
    assert set(changes["appendix"]) == {"05_explore"} and len(changes)
    facts = [pd.read_csv(v / "facts.csv", dtype=str, keep_default_na=False) for v in
             (before, after)]
    carried = [f[f["appendix"] == "90_data_quality"].reset_index(drop=True) for f in facts]
    pd.testing.assert_frame_equal(*carried)
    assert os.path.samefile(before / "90_data_quality.html", after / "90_data_quality.html")
    assert "asc-changed" not in page(after, "90_data_quality.html")
    assert "Not rebuilt, so not compared: Data quality" in page(out, "index.html")
    assert json.loads(page(out, "manifest.json"))["changes"]["not_compared"] == \
        ["90_data_quality"]


# ---------------------------------------------------------------- the pages are escaped
HOSTILE = "<script>alert(1)</script>"


def test_the_change_pages_escape_every_text_from_the_data():
    changes = pd.DataFrame([dict.fromkeys(CHANGE_COLUMNS, HOSTILE) | {
        "change": "rating changed", "appendix": "10_workforce"}])
    titles = {"10_workforce": HOSTILE}
    for made in (changes_page(changes, HOSTILE, HOSTILE, titles),
                 summary_section(changes, HOSTILE, titles=titles, not_compared=["10_workforce"]),
                 banner(changes, HOSTILE, "10_workforce"),
                 changes_page(None, None, HOSTILE, titles, reason=HOSTILE)):
        assert "<script" not in made and "&lt;script&gt;" in made
    page = with_banner('<body><div class="asc-banner"><h1>T</h1></div>x',
                       banner(changes, "1 Dec 2026", "10_workforce"))
    assert with_banner(page, banner(changes, "2 Dec 2026", "a")).count("asc-changed") == 1


# ---------------------------------------------------------------- a new paper arriving
def test_a_new_or_uncurated_paper_is_noted_with_what_to_do(tmp_path, raw_copy):
    papers = tmp_path / "incoming"
    papers.mkdir()
    (papers / "005_new_pack.txt").write_text("Adult social care budget 2026/27\n")
    registry = pd.read_csv(raw_copy / "papers.csv", dtype=str)
    extra = registry.iloc[[0]].assign(paper_id="leicester-2026-11-02", file_name="006_x.txt",
                                      meeting_date="2026-11-02", sha256="0" * 64)
    pd.concat([registry, extra]).to_csv(raw_copy / "papers.csv", index=False)
    lines = arrivals(Settings(raw_dir=raw_copy, papers_dir=papers))
    assert len(lines) == 2
    assert "005_new_pack.txt is not registered" in lines[0] and "candidates --file" in lines[0]
    assert "leicester-2026-11-02" in lines[1] and "candidates leicester-2026-11-02" in lines[1]
    assert all("coverage" in line for line in lines)
    assert arrivals(now()) == []


def test_the_report_command_notes_a_new_paper_and_goes_on(tmp_path, capsys):
    from analysis.cli import _say_arrivals
    (tmp_path / "005_new_pack.txt").write_text("Adult social care budget 2026/27\n")
    _say_arrivals(now().with_(papers_dir=tmp_path))
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith("note: New paper ")
    _say_arrivals(now().with_(raw_dir=tmp_path))  # no papers.csv: said, not raised
    assert "could not check for new papers" in capsys.readouterr().err


# ---------------------------------------------------------------- real notebooks, end to end
def test_real_notebooks_end_to_end_list_a_council_brought_back(tmp_path):
    out = tmp_path / "out"
    run(["10_workforce"], {"authorities": ["Leicester"]}, out_dir=out, progress=False)
    run(["10_workforce"], out_dir=out, progress=False)
    changes = changes_of(out)
    added = changes[changes["change"] == "added"]
    assert "Leicestershire" in set(added["authority"])
    assert set(changes["appendix"]) == {"10_workforce"}
    workforce = page(out, "10_workforce.html")
    assert workforce.count('class="asc-changed"') == 1 and "Leicestershire" in workforce
    assert f"{len(changes)} changes:" in page(out, "index.html")


def test_the_first_screen_says_what_changed_in_plain_words():
    """No arrows or internal kind names ('message changed') on the index or a banner: each
    change says what it is and how it moved."""
    from analysis.publish.changes import KINDS
    from analysis.publish.changes_page import banner, summary_section
    base = {"measure_id": "m", "measure": "Vacancy rate", "authority": "Leicester",
            "period": "2023/24", "figure_id": "p.p1", "source": "line 4",
            "appendix": "10_workforce"}
    changes = pd.DataFrame([
        base | {"change": "rating changed", "before": "similar", "after": "worse"},
        base | {"change": "message changed", "before": "Leicester 7.5% is similar.",
                "after": "Leicester 9.5% is worse."},
        base | {"change": "direction changed", "before": "", "after": "improved"}])
    summary = summary_section(changes, "1 Dec 2026", titles={"10_workforce": "Workforce"})
    line = banner(changes, "1 Dec 2026", "10_workforce", most=3)
    for said in (summary, line):
        assert "→" not in said
        assert not any(f">{kind}<" in said or f"({1} {kind})" in said for kind in KINDS)
        assert "now worse (was similar)" in said
        assert "now improved (was no direction)" in said
    assert "now reads “Leicester 9.5% is worse.”" in summary
    # the banner above the page's own messages quotes only the words that changed
    assert "now “Leicester 9.5% is worse.”" in line and "now reads" not in line
    assert "1 rating changed, 1 direction of travel changed, 1 key message reworded" in \
        summary_section(changes, "1 Dec 2026")


def test_a_set_made_the_same_day_is_named_by_its_commit():
    """Two sets made on 7 Dec 2026: 'the earlier report set of 7 Dec 2026' alone does not
    say which, so the commit that made it is named; a set of another day needs only its day."""
    log = changelog.Log(None, "2026-12-07", "", [], [], "2026-12-07", since_commit="3b81efb")
    assert changelog.since_words(log) == "the earlier report set of 7 Dec 2026 (commit 3b81efb)"
    log = changelog.Log(None, "2026-12-01", "", [], [], "2026-12-07", since_commit="3b81efb")
    assert changelog.since_words(log) == "the report set of 1 Dec 2026"
    base = changelog.baseline(now().processed_dir, {})  # no previous set: nothing to name
    assert base.commit == ""


def test_a_banner_quotes_a_long_reworded_message_by_its_changed_words_only():
    from analysis.publish.changes_page import banner
    before = ("None of these 20 measures can be compared like for like between Leicester and "
              "Leicestershire from these papers, so each is read against its benchmark.")
    after = before.replace("20 measures", "23 measures")
    changes = pd.DataFrame([{"measure_id": "", "measure": "", "authority": "", "period": "",
                             "figure_id": "", "source": "", "appendix": "50_other",
                             "change": "message changed", "before": before, "after": after}])
    line = banner(changes, "1 Dec 2026", "50_other")
    assert "23 measures" in line and "each is read against its benchmark" not in line


def _facts(**fields):
    from analysis.publish.changes import frame_facts
    row = {"measure_id": "wf_vacancy_rate", "measure": "Vacancy rate", "authority": "Leicester",
           "role": "council", "period": "2023/24", "figure_id": "leicester-2025-04-30.p0011",
           "value": 7.5, "display": "7.5%", "caveats": "", "audit": ""}
    return frame_facts("10_workforce", pd.DataFrame([row | fields]))


def test_a_figure_replaced_by_another_periods_is_one_change_not_a_removal():
    """Review 6: a figure held back as 'newer' while an older one is shown was logged as
    removed, and the older as added. It is one change: the figure shown now replaces it."""
    from analysis.publish.changes import diff
    changes = diff(_facts(), _facts(period="2022/23", figure_id="leicester-2025-04-30.p0010",
                                    value=8.5, display="8.5%"))
    assert changes["change"].tolist() == ["replaced"]
    assert changes.iloc[0][["before", "after"]].tolist() == ["7.5% (2023/24)", "8.5% (2022/23)"]


def test_a_caveat_or_audit_note_reworded_is_logged_with_the_words_that_changed():
    """Review 7: the safeguarding alerts caveat gained the paper's words, and the change log
    said nothing. A caveat or audit note that changes is a change, its changed words shown."""
    from analysis.publish.changes import diff
    from analysis.publish.changes_page import _moved
    changes = diff(_facts(caveats="Counts differ in definition."),
                   _facts(caveats="Counts differ in definition; the paper: 'an alert can "
                                  "include any concern'."))
    assert changes["change"].tolist() == ["caveat changed"]
    assert "an alert can include" in _moved(changes.iloc[0])
    assert diff(_facts(audit="Q03"), _facts(audit="Q03"))["change"].tolist() == []
