"""The audit of the papers' own arithmetic: rules, real cases from the papers, synthetic cases."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.audit import audit, finding_table, summary
from analysis.audit.changes import changes_vs_levels
from analysis.audit.examples import indicators as frame
from analysis.audit.findings import assign_findings
from analysis.audit.inputs import AuditSpecError
from analysis.audit.percentages import percent_vs_counts
from analysis.audit.periods import conflicting_periods, periods_out_of_context
from analysis.audit.rule import PASSED, VERDICTS, cannot_fail, immaterial, judge
from analysis.audit.splits import splits
from analysis.audit.table_arithmetic import table_arithmetic
from analysis.audit.versions import conflicting_versions
from analysis.dataset.build import build
from analysis.dataset.schemas import INDICATOR_COLUMNS
from analysis.dataset.units import fmt
from analysis.settings import ROOT

from .conftest import now


@pytest.fixture(scope="module")
def real_audit(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("processed")
    return audit(build(now().with_(processed_dir=out)).indicators).set_index("check_id")


def verdict(real_audit: pd.DataFrame, check_id: str) -> str:
    return real_audit.loc[check_id, "verdict"]


# ---------------------------------------------------------------- the tolerance rule
@pytest.mark.parametrize(("printed", "expected", "tolerance", "qualifier", "unit", "result"), [
    (89.6, 89.59, 0.05, "", "percent", "ok (rounding)"),
    (89.9, 89.175, 0.05, "", "percent", "discrepancy"),
    (21_319_780, 21_319_780, 5, "", "gbp", "ok"),
    (238_873_000, 238_872_400, 501, "", "gbp", "immaterial"),  # £600 in £239m
    (238_873_000, 238_870_400, 501, "", "gbp", "discrepancy"),  # £2,600: over £1,000
    (238_873, 238_870, 0.5, "", "count", "immaterial"),  # 3 in 238,873: under 0.01%
    (10_500, 10_610, 50, "over", "count", "ok"),
    (10_500, 10_400, 50, "over", "count", "discrepancy"),
    (773, 736, 0.5, "less than", "count", "ok"),
])
def test_a_difference_within_printed_precision_is_never_a_discrepancy(
        printed, expected, tolerance, qualifier, unit, result):
    assert judge(printed, expected, tolerance, qualifier, unit=unit).verdict == result


def test_a_figure_beyond_its_printed_bound_keeps_its_difference():
    """'over 10,500' against 10,400 is 100 out; within the bound there is nothing to show."""
    assert judge(10_500, 10_400, 50, "over").difference == 100
    assert judge(10_500, 10_610, 50, "over").difference == 0.0
    assert judge(773, 790, 0.5, "less than").difference == -17


@pytest.mark.parametrize(("value", "unit", "precision", "text"), [
    (89.175, "percent", 0.05, "89.2%"),
    (21_319_780, "gbp", 1, "£21,319,780"),
    (233_700_000, "gbp", 50_000, "£233.7m"),
    (12.8, "per_100k", 0.05, "12.8 per 100,000"),
    (15_450, "count", 5, "15,450"),
])
def test_figures_are_written_as_a_reader_would_write_them(value, unit, precision, text):
    assert fmt(value, unit, precision) == text


# ---------------------------------------------------------------- real cases from the papers
@pytest.mark.parametrize(("check_id", "expected"), [
    # 89.9% (519 out of 582): 519/582 is 89.2% (dashboard and report text)
    ("percent:leicestershire-2025-01-20.t0942c5", "discrepancy"),
    ("percent:leicestershire-2025-01-20.p0127", "discrepancy"),
    # 35.6% printed beside the following year's counts (1,723 out of 5,081)
    ("percent:leicestershire-2025-01-20.p0156", "discrepancy"),
    # cases that must pass
    ("percent:leicestershire-2025-01-20.t0941c6", "ok (rounding)"),   # 89.6%: 3,857/4,305
    ("sum:lcs25-revenue-oc:column8", "ok"),
    ("sum:lcs25-revenue-asc:column8", "ok (rounding)"),  # £1 apart: whole-pound rounding
    ("sum:lcs25-revenue-department:column6", "ok"),
    ("sum:lcs25-revenue-gross-identity:line603", "ok"),
    ("sum:lcs25-growth-total:column5", "ok"),
    ("sum:lcs25-savings-department:column7", "ok"),
    ("sum:lcs25-growth-2026-cumulative", "ok"),
    ("sum:lcs25-capital-row-totals:line729", "ok"),
    ("equal:lcs25-net-budget-three-tables", "ok (rounding)"),
    ("sum:lcs17-board-budgets", "ok"),
    ("sum:lc25-consultation-respondents", "ok"),
    # the £000 sub total is £600 off Appendix A, within the rounding of the cells it sums
    ("equal:lcs25-base-budget", "ok (rounding)"),
    # contact channels and portal forms do not add up to their printed totals
    ("parts:contacts_received:leicestershire-2025-01-20.p5001", "discrepancy"),
    ("parts:portal_referrals:leicestershire-2025-01-20.p5011", "discrepancy"),
    ("parts:financial_assessments_completed:leicestershire-2025-01-20.p5042", "ok"),
    # 43% conversion beside 794 enquiries from 1,733 alerts (45.8%)
    ("formula:sg_conversion_rate:leicestershire-2025-01-20.p5199", "discrepancy"),
    # 2023/24 vacancy rate 7.1% against 950 of 15,450 posts (6.1%): but Skills for Care's base
    # is local authority and independent-sector posts only (001:740), so it cannot decide
    ("formula:wf_vacancy_rate:leicester-2025-04-30.p0009", "inconclusive"),
    ("formula:wf_sickness_days_lost:leicester-2025-04-30.p0092", "ok (rounding)"),
    ("split:wf_sector_share:leicester-2025-04-30.p0032", "ok (rounding)"),   # 5+82+7+5 = 99
    ("split:sg_open_alerts_duration_share:leicestershire-2025-01-20.p5203", "ok"),
    ("change:leicestershire-2025-01-20.p0091", "ok (rounding)"),  # 7.9% fall from 34,060
    # LD 85.3% vs 83.8%
    ("versions:ascof_ld_settled_accommodation:leicestershire-2025-01-20.p0107", "discrepancy"),
    # 1,732 alerts beside the 46% conversion rate, 1,733 in the self-assessment (002:787, 1493)
    ("versions:sg_alerts:leicestershire-2025-01-20.p0183", "discrepancy"),
    # 796 enquiries opened from alerts (002:787) and 794 'completed' (002:1493) are two
    # counts, not two versions of one
    ("versions:sg_enquiries:leicestershire-2025-01-20.p0183", "ok"),
    # one Skills for Care estimate dated July 2016 (004:256) and July 2015 (004:435)
    ("periods:leicestershire-2017-03-07.p0021", "discrepancy"),
    # 'increased by 750' against levels of 'around 15,000' and 15,450: cannot be confirmed
    ("change:leicester-2025-04-30.p0025", "inconclusive"),
    ("garbled:leicester-2025-04-30.p0022", "discrepancy"),  # "around 15, in 2023/24"
])
def test_real_cases_from_the_papers(real_audit, check_id, expected):
    assert verdict(real_audit, check_id) == expected, real_audit.loc[check_id, "explanation"]


def test_every_kind_of_check_runs_over_the_real_data(real_audit):
    kinds = set(real_audit["kind"])
    assert kinds >= {"percent vs counts", "table arithmetic", "split", "parts vs whole",
                     "change vs levels", "conflicting versions", "rate x base", "corrected figure"}


def test_explanations_are_sentences_with_the_arithmetic(real_audit):
    text = real_audit.loc["percent:leicestershire-2025-01-20.t0942c5", "explanation"]
    assert text == "The paper gives 89.9%, but 519 out of 582 is 89.2%."
    row = real_audit.loc["equal:lcs25-base-budget"]
    assert "within rounding" in row["explanation"]
    assert row["locations"].count(":") == 2


def test_an_inconclusive_check_says_why_and_what_to_ask(real_audit):
    row = real_audit.loc["change:leicester-2025-04-30.p0025"]
    assert row["tolerance"] >= 0.5 * row["quantity"]
    text = row["explanation"]
    assert "750" in text and "15,000" in text and "15,450" in text and "give 450" in text
    assert "rounded to the nearest 1,000" in text and "ask for the unrounded figures" in text


def test_a_reprinted_figure_is_one_observation_not_a_check(real_audit):
    """The 6 May pack reprints the 30 April report's 7.1% vacancy rate: no check compares a
    figure with its own reprint."""
    assert not any(c.startswith("versions:wf_vacancy_rate:") for c in real_audit.index)


def test_one_question_per_issue_however_often_it_is_printed(real_audit):
    merged = [("formula:wf_vacancy_rate:leicester-2025-04-30.p0009",
               "formula:wf_vacancy_rate:leicester-2025-05-06.p0055"),   # report and reprint
              ("percent:leicestershire-2025-01-20.p0127",                # text and dashboard
               "percent:leicestershire-2025-01-20.t0942c5")]
    for a, b in merged:
        assert real_audit.loc[a, "finding"] == real_audit.loc[b, "finding"]
    table = finding_table(real_audit.reset_index())
    vacancy = table.set_index("finding").loc[real_audit.loc[merged[0][0], "finding"]]
    assert vacancy["checks"] == 2 and "001_" in vacancy["locations"] and \
        "000_" in vacancy["locations"]
    # a garbled figure reprinted in a second pack is one check, naming both printings
    garbled = real_audit.loc["garbled:leicester-2025-04-30.p0022"]
    assert "garbled:leicester-2025-05-06.p0068" not in real_audit.index
    assert garbled["locations"].split(";") == ["001_cda934db640e80f7.txt:57",
                                               "000_5d95f5c07faf171f.txt:1125"]
    assert len(table) == real_audit["finding"].nunique() < len(real_audit)
    assert f"{len(table)} findings" in summary(real_audit.reset_index())


def test_whose_error_a_discrepancy_is(real_audit):
    # 'around 15, in 2023/24' reads so in both packs' text: not shown to be the conversion's
    assert real_audit.loc["garbled:leicester-2025-04-30.p0022", "origin"] == "paper"
    assert real_audit.loc["garbled:leicestershire-2017-03-07.p0040", "origin"] == "paper"
    assert real_audit.loc["percent:leicestershire-2025-01-20.p0127", "origin"] == "paper"
    passed = real_audit[real_audit["verdict"].isin(PASSED)]
    assert (passed["origin"] == "").all()
    # a correction the curators put down to the conversion makes its findings the conversion's
    checks = pd.DataFrame({"kind": ["corrected figure", "percent vs counts"],
                           "figure_ids": ["p.p1", "p.p2"], "verdict": ["discrepancy"] * 2})
    ind = pd.DataFrame({"figure_id": ["p.p1", "p.p2"], "observation_id": ["p.p1", "p.p2"],
                        "flags": ["corrected (printed 15: ...)", ""]})
    found = assign_findings(checks, ind, pd.DataFrame({"figure_id": ["p.p1"],
                                                       "origin": ["conversion"]}))
    assert found["origin"].tolist() == ["conversion", "paper"]
    assert set(real_audit.loc[~real_audit["verdict"].isin(PASSED), "origin"]) <= {
        "conversion", "paper"}


def test_no_passing_check_has_a_tolerance_as_large_as_what_it_tests(real_audit):
    passed = real_audit[real_audit["verdict"].isin(PASSED) & (real_audit["quantity"] > 0)]
    assert (passed["tolerance"] < 0.5 * passed["quantity"]).all()


@given(printed=st.floats(-1e7, 1e7), expected=st.floats(-1e7, 1e7),
       tolerance=st.floats(0, 1e6), quantity=st.floats(-1e7, 1e7),
       qualifier=st.sampled_from(["", "over", "less than"]))
def test_a_pass_is_never_granted_by_a_tolerance_that_swamps_the_quantity(
        printed, expected, tolerance, quantity, qualifier):
    outcome = judge(printed, expected, tolerance, qualifier, quantity=quantity)
    if outcome.verdict in PASSED and quantity != 0:
        assert tolerance < 0.5 * abs(quantity) or tolerance == 0
    assert cannot_fail(tolerance, quantity) == (quantity != 0 and tolerance > 0
                                                and tolerance >= 0.5 * abs(quantity))


def test_a_stated_change_against_coarse_levels_is_inconclusive_not_ok():
    ind = frame(
        {"figure_id": "p.p0001", "measure_id": "m", "value": -4.0, "precision": 0.5,
         "value_type": "change", "unit": "percent_change"},
        {"figure_id": "p.p0002", "measure_id": "m", "value": 950, "precision": 0.5},
        {"figure_id": "p.p0003", "measure_id": "m", "value": 1_000, "precision": 500,
         "period": "2022/23", "period_start": pd.Timestamp("2022-04-01"),
         "period_end": pd.Timestamp("2023-03-31"), "raw": "1,000 vacancies"})
    (row,) = changes_vs_levels(ind)
    assert row["verdict"] == "inconclusive" and row["tolerance"] > 40
    assert "'1,000 vacancies' (2022/23) is rounded to the nearest 1,000" in row["explanation"]


def test_a_tiny_real_difference_is_immaterial_not_a_question():
    assert immaterial(600, 238_872_400, "gbp") and not immaterial(1_200, 238_872_400, "gbp")
    assert not immaterial(4, 868, "count")
    ind = frame({"figure_id": "p.t0010c1", "value": 238_873_000, "precision": 1, "unit": "gbp"},
                {"figure_id": "p.t0008c1", "value": 238_872_400, "precision": 1, "unit": "gbp"})
    checks = {"sum": [{"id": "t", "description": "Total", "total": "p.t0010c1",
                       "parts": ["p.t0008c1"]}]}
    (row,) = table_arithmetic(ind, checks, set(ind["figure_id"]))
    assert row["verdict"] == "immaterial" and "immaterial" in row["explanation"]


def test_a_subtotal_of_rounded_cells_carries_their_rounding_into_other_tables():
    # two £000 cells (±£500 each) sum to a £000 sub-total compared with a whole-pound figure
    ind = frame({"figure_id": "p.t0001c1", "value": 100_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0002c1", "value": 138_873_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0003c1", "value": 238_873_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0009c1", "value": 238_871_600, "precision": 1, "unit": "gbp"})
    ind.loc[1, "value"] = 138_773_000
    checks = {"sum": [{"id": "s", "description": "Sub total", "total": "p.t0003c1",
                       "parts": ["p.t0001c1", "p.t0002c1"]}],
              "equal": [{"id": "e", "description": "Sub total = Appendix A",
                         "figures": ["p.t0009c1", "p.t0003c1"]}]}
    rows = {r["check_id"]: r for r in table_arithmetic(ind, checks, set(ind["figure_id"]))}
    equal = rows["equal:e"]
    assert equal["tolerance"] == 1 + 500 + 500 + 500
    assert equal["verdict"] == "ok (rounding)"  # £1,400 apart, within £1,501


def test_every_check_names_its_figures_and_their_lines(real_audit):
    ids = real_audit["figure_ids"].str.split(";")
    locations = real_audit["locations"].str.split(";")
    assert (ids.str.len() == locations.str.len()).all()
    assert real_audit["locations"].str.match(r"^(\d{3}_[0-9a-f]+\.txt:\d+;?)+$").all()


def test_audit_is_deterministic(tmp_path):
    ind = build(now().with_(processed_dir=tmp_path)).indicators
    first, second = audit(ind), audit(ind.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(first, second)


# ---------------------------------------------------------------- synthetic cases
def test_table_total_off_by_more_than_the_cell_precision_is_a_discrepancy():
    # three £000 cells carry ±£500 each: a total £2,000 out is beyond rounding, £1,000 is not
    ind = frame({"figure_id": "p.t0010c1", "value": 3_002_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0008c1", "value": 1_000_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0009c1", "value": 2_000_000, "precision": 500, "unit": "gbp"})
    checks = {"sum": [{"id": "t", "description": "Total", "paper_id": "p", "total_line": 10,
                       "part_lines": [8, 9], "columns": [1]}]}
    (row,) = table_arithmetic(ind, checks, set(ind["figure_id"]))
    assert row["verdict"] == "discrepancy" and row["difference"] == 2_000
    ind.loc[0, ["value", "printed_value"]] = 3_001_000
    (row,) = table_arithmetic(ind, checks, set(ind["figure_id"]))
    assert row["verdict"] == "ok (rounding)"


def test_a_check_naming_a_missing_figure_is_a_spec_error():
    ind = frame({"figure_id": "p.t0010c1", "value": 1})
    checks = {"equal": [{"id": "e", "description": "d", "figures": ["p.t0010c1", "p.t9999c1"]}]}
    with pytest.raises(AuditSpecError, match="'e'.*p.t9999c1"):
        table_arithmetic(ind, checks, set(ind["figure_id"]))


def test_split_that_falls_short_of_100_is_a_discrepancy():
    ind = frame(*[{"figure_id": f"p.p000{i}", "measure_id": "s", "unit": "percent",
                   "breakdown": f"sector: {name}", "value": v}
                  for i, (name, v) in enumerate([("a", 50), ("b", 30), ("c", 15)])])
    (row,) = splits(ind, {"split": [{"measure": "s", "min_parts": 3}]})
    assert row["verdict"] == "discrepancy" and "95%" in row["explanation"]


def test_percentage_within_its_printed_precision_passes():
    ind = frame({"figure_id": "p.p0001", "unit": "percent", "value": 85.3, "precision": 0.05,
                 "numerator": 1_206, "denominator": 1_414})
    (row,) = percent_vs_counts(ind)
    assert row["verdict"] == "ok (rounding)"


def test_a_percentage_just_beyond_its_printed_precision_is_a_discrepancy():
    # 1,203 / 1,414 is 85.08%: 0.22 points from the printed 85.3%, beyond its ±0.05
    ind = frame({"figure_id": "p.p0001", "unit": "percent", "value": 85.3, "precision": 0.05,
                 "numerator": 1_203, "denominator": 1_414})
    (row,) = percent_vs_counts(ind)
    assert row["verdict"] == "discrepancy" and row["tolerance"] == pytest.approx(0.05)


def test_change_is_checked_against_the_previous_year():
    ind = frame(
        {"figure_id": "p.p0001", "measure_id": "m", "value": -7.9, "precision": 0.05,
         "value_type": "change", "unit": "percent_change", "period": "12 months to Nov 2024",
         "period_start": pd.Timestamp("2023-12-01"), "period_end": pd.Timestamp("2024-11-30")},
        {"figure_id": "p.p0002", "measure_id": "m", "value": 30_000,
         "period": "12 months to Nov 2024",
         "period_start": pd.Timestamp("2023-12-01"), "period_end": pd.Timestamp("2024-11-30")},
        {"figure_id": "p.p0003", "measure_id": "m", "value": 34_060,
         "period": "12 months to Nov 2023",
         "period_start": pd.Timestamp("2022-12-01"), "period_end": pd.Timestamp("2023-11-30")})
    (row,) = changes_vs_levels(ind)
    assert row["verdict"] == "discrepancy"  # 30,000 is an 11.9% fall, not 7.9%
    assert "34,060" in row["explanation"]


def test_same_figure_printed_twice_with_different_values_is_a_conflict():
    ind = frame({"figure_id": "p.p0001", "measure_id": "m", "value": 868, "source_line": 5},
                {"figure_id": "p.p0002", "measure_id": "m", "value": 864, "source_line": 9})
    (row,) = conflicting_versions(ind)
    assert row["verdict"] == "discrepancy" and "x.txt:5;x.txt:9" == row["locations"]


def test_savings_printed_positive_in_text_and_negative_in_a_table_agree():
    """The cleaner stores both in the measure's convention (a positive saving); the table's
    printed sign survives in printed_value."""
    ind = frame({"figure_id": "p.p0001", "measure_id": "m", "value": 400_000, "unit": "gbp",
                 "precision": 5_000},
                {"figure_id": "p.t0002c1", "measure_id": "m", "value": 400_000, "unit": "gbp",
                 "printed_value": -400_000, "precision": 500, "source_line": 2})
    (row,) = conflicting_versions(ind)
    assert row["verdict"] == "ok" and "negative" in row["explanation"]


def test_of_versions_that_differ_equally_the_first_printed_is_reported():
    """868 first, then 864 and 872: both 4 out, and the check reports the first of them."""
    ind = frame(*[{"figure_id": f"p.p000{i}", "measure_id": "m", "value": v, "source_line": i}
                  for i, v in enumerate([868, 864, 872], start=1)])
    (row,) = conflicting_versions(ind)
    assert row["verdict"] == "discrepancy" and row["difference"] == -4
    assert row["figure_ids"] == "p.p0001;p.p0002;p.p0003" and row["tolerance"] == 1.0
    assert "(868, 864, 872)" in row["explanation"]


def test_versions_are_compared_with_the_first_printed_at_the_earliest_meeting():
    ind = frame({"figure_id": "p.p0009", "measure_id": "m", "value": 868},
                {"figure_id": "q.p0001", "measure_id": "m", "value": 864, "paper_id": "q",
                 "meeting_date": pd.Timestamp("2024-06-01")})
    (row,) = conflicting_versions(ind)
    assert row["check_id"] == "versions:m:q.p0001" and row["expected"] == "864"


def test_one_figure_with_two_periods_in_one_paper_is_a_question():
    ind = frame({"figure_id": "p.p0001", "measure_id": "m", "value": 15_700,
                 "period": "Jul 2016", "period_kind": "month", "source_line": 256},
                {"figure_id": "p.p0002", "measure_id": "m", "value": 15_700,
                 "period": "Jul 2015", "period_kind": "month", "source_line": 435})
    (row,) = conflicting_periods(ind)
    assert row["verdict"] == "discrepancy" and "Jul 2016 at line 256" in row["explanation"]
    # a round value printed for two periods is not evidence of anything
    ind["value"] = 9.0
    assert conflicting_periods(ind) == []


def test_an_outturn_for_a_period_after_the_paper_is_flagged():
    ind = frame({"figure_id": "p.p0001", "value": 5, "period": "2025/26",
                 "period_start": pd.Timestamp("2025-04-01"),
                 "period_end": pd.Timestamp("2026-03-31")})
    (row,) = periods_out_of_context(ind)
    assert row["verdict"] == "discrepancy"


# ---------------------------------------------------------------- the command
def test_audit_command_writes_the_csv_and_strict_fails_on_discrepancies():
    cmd = [sys.executable, "-m", "analysis", "audit"]
    plain = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert plain.returncode == 0, plain.stderr
    assert "checks run" in plain.stdout
    assert "Discrepancies (findings) by paper and kind" in plain.stdout
    written = pd.read_csv(now().audit_csv, keep_default_na=False)
    assert list(written.columns[:3]) == ["check_id", "kind", "figure_ids"]
    strict = subprocess.run(cmd + ["--strict"], capture_output=True, text=True, cwd=ROOT)
    assert strict.returncode == 1 and "--strict" in strict.stderr


def test_a_check_whose_figure_was_rejected_is_not_run_and_says_so():
    ind = frame({"figure_id": "p.t0010c1", "value": 3, "unit": "gbp"},
                {"figure_id": "p.t0008c1", "value": 1, "unit": "gbp"})
    checks = {"sum": [{"id": "t", "description": "Total", "total": "p.t0010c1",
                       "parts": ["p.t0008c1", "p.t0009c1"]}]}
    not_run = []
    rows = table_arithmetic(ind, checks, {"p.t0010c1", "p.t0008c1", "p.t0009c1"}, not_run)
    assert rows == [] and not_run == ["t: p.t0009c1 could not be read (see rejects.csv)"]


def test_the_build_s_audit_knows_every_raw_id_without_reading_the_raw_files_again():
    """audit_of_build takes the raw ids from the indicators and the rejects: the same ids, so
    the same audit, as reading every raw figures file."""
    from analysis.audit import audit_of_build, raw_figure_ids
    from analysis.dataset.clean import clean_figures, load_raw
    ind, rej = clean_figures(load_raw(now().raw_dir))
    assert set(ind["figure_id"]) | set(rej["figure_id"]) == raw_figure_ids(now().raw_dir)
    pd.testing.assert_frame_equal(audit_of_build(ind, rej, now()), audit(ind))


def test_a_finding_takes_its_first_most_serious_check_and_every_place_once():
    checks = pd.DataFrame({
        "finding": ["F002", "F001", "F002", "F002"], "kind": ["sums"] * 4,
        "verdict": ["ok", "ok", "discrepancy", "discrepancy"], "origin": ["", "", "paper", "x"],
        "locations": ["a:1;a:2", "b:4", "a:2;a:3", "a:9"],
        "explanation": ["one", "two", "three", "four"]})
    table = finding_table(checks).set_index("finding")
    assert table.loc["F002", "verdict"] == "discrepancy"
    assert table.loc["F002", "explanation"] == "three" and table.loc["F002", "origin"] == "paper"
    assert table.loc["F002", "locations"] == "a:1;a:2;a:3;a:9"
    assert table["checks"].tolist() == [1, 3]
    assert finding_table(checks.iloc[0:0]).columns.tolist() == table.reset_index().columns.tolist()


def test_each_real_finding_is_as_serious_as_its_most_serious_check(processed_with_audit):
    checks = pd.read_csv(processed_with_audit / now().audit_csv.name, dtype=str,
                         keep_default_na=False)
    table = finding_table(checks).set_index("finding")
    rank = checks.assign(rank=checks["verdict"].map(VERDICTS.index)).groupby("finding")["rank"]
    assert (table["verdict"].map(VERDICTS.index) == rank.max()).all()
    assert (table["checks"] == checks.groupby("finding").size()).all()
    assert table.index.tolist() == sorted(checks["finding"].unique())


def test_every_check_s_sentence_may_read_any_column_of_its_figures(monkeypatch, tmp_path):
    """Each family hands its explanation whole indicator rows: a sentence that starts to read
    another column needs no list of columns changed."""
    import importlib

    seen: dict[str, set[str]] = {}
    for name in ("percentages", "table_arithmetic", "splits", "parts", "changes", "versions",
                 "periods", "formulas", "garbled"):
        module = importlib.import_module(f"analysis.audit.{name}")

        def spy(check_id, kind, figures, *rest, _real=module.check_row):
            seen.setdefault(kind, set()).update(*(set(f) for f in figures))
            return _real(check_id, kind, figures, *rest)
        monkeypatch.setattr(module, "check_row", spy)
    audit(build(now().with_(processed_dir=tmp_path)).indicators)
    assert set(seen) >= {"percent vs counts", "table arithmetic", "split", "parts vs whole",
                         "change vs levels", "conflicting versions", "conflicting periods",
                         "rate x base", "corrected figure"}
    for kind, columns in seen.items():
        assert set(INDICATOR_COLUMNS) <= columns, (kind, set(INDICATOR_COLUMNS) - columns)


def test_the_real_questions_are_their_definition_a_finding_at_a_time(processed_with_audit):
    checks = pd.read_csv(processed_with_audit / now().audit_csv.name, dtype=str,
                         keep_default_na=False)
    from analysis.audit import questions
    problems = finding_table(checks).query("verdict == 'discrepancy'")
    pd.testing.assert_frame_equal(questions(problems), _questions_one_by_one(problems),
                                  check_dtype=False)


def _questions_one_by_one(findings: pd.DataFrame) -> pd.DataFrame:
    """Questions as their definition reads (the reference): findings joined through shared
    locations, each question's parts in finding order, questions in order of first finding."""
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    first_at: dict[str, int] = {}
    for i, locations in enumerate(findings["locations"]):
        for place in locations.split(";"):
            parent[root(i)] = root(first_at.setdefault(place, i))
    groups: dict[int, list[int]] = {}
    for i in range(len(findings)):
        groups.setdefault(root(i), []).append(i)
    rows = []
    for n, members in enumerate(sorted(groups.values(), key=min), start=1):
        part = findings.iloc[members]
        rows.append({"question": f"Q{n:02d}", "findings": ", ".join(part["finding"]),
                     "kinds": ", ".join(dict.fromkeys(part["kind"])),
                     "locations": ";".join(dict.fromkeys(";".join(part["locations"]).split(";"))),
                     "explanation": " ".join(part["explanation"])})
    return pd.DataFrame(rows)


@given(st.lists(st.tuples(st.sampled_from(["sums", "splits"]),
                          st.lists(st.sampled_from(["a:1", "a:2", "b:7", "c:3", ""]),
                                   min_size=1, max_size=3).map(";".join)),
                min_size=1, max_size=10))
def test_questions_are_their_definition_a_finding_at_a_time(findings):
    from analysis.audit import questions
    frame = pd.DataFrame([{"finding": f"F{n:03d}", "kind": kind, "locations": where,
                           "explanation": f"finding {n}."}
                          for n, (kind, where) in enumerate(findings, start=1)])
    pd.testing.assert_frame_equal(questions(frame), _questions_one_by_one(frame),
                                  check_dtype=False)




def test_a_percent_printed_with_another_periods_counts_says_where_those_counts_belong(
        processed_with_audit):
    """002:780 prints '35.6% (1,723 out of 5,081)': the counts are Nov 2024's (33.9%, 002:782)
    and 35.6% is 2023/24's with its own counts at 002:954. The finding says so, so a reader
    does not take the 35.6% for the wrong figure."""
    import pandas as pd
    audit = pd.read_csv(processed_with_audit / "audit.csv", keep_default_na=False)
    said = audit.loc[audit["explanation"].str.contains("1,723 out of 5,081 is 33.9%"),
                     "explanation"].iloc[0]
    assert "Those counts are printed with 33.9% for 30 Nov 2024 at line 782" in said
    assert "35.6% for 2023/24 with 1,795 out of 5,043 at line 954, which agree" in said
