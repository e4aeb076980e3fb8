"""The audit of the papers' own arithmetic: rules, real cases from the papers, synthetic cases."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis import paths
from analysis.audit.checks import (
    AuditSpecError,
    audit,
    changes_vs_levels,
    conflicting_versions,
    judge,
    percent_vs_counts,
    periods_out_of_context,
    splits,
    table_arithmetic,
)
from analysis.dataset.build import build
from analysis.dataset.schemas import INDICATOR_COLUMNS
from analysis.dataset.units import fmt


@pytest.fixture(scope="module")
def real_audit(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("processed")
    return audit(build(out_dir=out).indicators).set_index("check_id")


def verdict(real_audit: pd.DataFrame, check_id: str) -> str:
    return real_audit.loc[check_id, "verdict"]


# ---------------------------------------------------------------- the tolerance rule
@pytest.mark.parametrize(("printed", "expected", "tolerance", "qualifier", "result"), [
    (89.6, 89.59, 0.05, "", "ok (rounding)"),
    (89.9, 89.175, 0.05, "", "discrepancy"),
    (21_319_780, 21_319_780, 5, "", "ok"),
    (238_873_000, 238_872_400, 501, "", "discrepancy"),
    (10_500, 10_610, 50, "over", "ok"),
    (10_500, 10_400, 50, "over", "discrepancy"),
    (773, 736, 0.5, "less than", "ok"),
])
def test_a_difference_within_printed_precision_is_never_a_discrepancy(
        printed, expected, tolerance, qualifier, result):
    assert judge(printed, expected, tolerance, qualifier).verdict == result


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
    # the £000 sub total is £600 off the Appendix A figure it should equal
    ("equal:lcs25-base-budget", "discrepancy"),
    # contact channels and portal forms do not add up to their printed totals
    ("parts:contacts_received:leicestershire-2025-01-20.p5001", "discrepancy"),
    ("parts:portal_referrals:leicestershire-2025-01-20.p5011", "discrepancy"),
    ("parts:financial_assessments_completed:leicestershire-2025-01-20.p5042", "ok"),
    # 43% conversion beside 794 enquiries from 1,733 alerts (45.8%)
    ("formula:sg_conversion_rate:leicestershire-2025-01-20.p5199", "discrepancy"),
    # 2023/24 vacancy rate 7.1% against 950 of 15,450 posts (6.1%)
    ("formula:wf_vacancy_rate:leicester-2025-04-30.p0009", "discrepancy"),
    ("formula:wf_sickness_days_lost:leicester-2025-04-30.p0092", "ok (rounding)"),
    ("split:wf_sector_share:leicester-2025-04-30.p0032", "ok (rounding)"),   # 5+82+7+5 = 99
    ("split:sg_open_alerts_duration_share:leicestershire-2025-01-20.p5203", "ok"),
    ("change:leicestershire-2025-01-20.p0091", "ok (rounding)"),  # 7.9% fall from 34,060
    ("versions:leicestershire-2025-01-20.p0107", "discrepancy"),  # LD 85.3% vs 83.8%
    ("versions:leicester-2025-04-30.p0009", "ok"),  # reprinted vacancy rate agrees
    ("garbled:leicester-2025-04-30.p0022", "discrepancy"),  # "around 15, in 2023/24"
])
def test_real_cases_from_the_papers(real_audit, check_id, expected):
    assert verdict(real_audit, check_id) == expected, real_audit.loc[check_id, "explanation"]


def test_every_kind_of_check_runs_over_the_real_data(real_audit):
    kinds = set(real_audit["kind"])
    assert kinds >= {"percent vs counts", "table arithmetic", "split", "parts vs whole",
                     "change vs levels", "conflicting versions", "rate x base", "garbled figure"}


def test_explanations_are_sentences_with_the_arithmetic(real_audit):
    text = real_audit.loc["percent:leicestershire-2025-01-20.t0942c5", "explanation"]
    assert text == "The paper gives 89.9%, but 519 out of 582 is 89.2%."
    row = real_audit.loc["equal:lcs25-base-budget"]
    assert "£600" in row["explanation"]
    assert row["locations"].count(":") == 2


def test_every_check_names_its_figures_and_their_lines(real_audit):
    ids = real_audit["figure_ids"].str.split(";")
    locations = real_audit["locations"].str.split(";")
    assert (ids.str.len() == locations.str.len()).all()
    assert real_audit["locations"].str.match(r"^(\d{3}_[0-9a-f]+\.txt:\d+;?)+$").all()


def test_audit_is_deterministic(tmp_path):
    ind = build(out_dir=tmp_path).indicators
    first, second = audit(ind), audit(ind.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(first, second)


# ---------------------------------------------------------------- synthetic cases
def frame(*rows: dict) -> pd.DataFrame:
    """Indicator rows with neutral defaults for what a test does not care about."""
    base = {c: "" for c in INDICATOR_COLUMNS} | {
        "paper_id": "p", "council": "Leicestershire", "source_file": "x.txt", "source_line": 1,
        "authority": "Leicestershire", "theme": "other", "measure_label": "Thing",
        "period": "2023/24", "period_start": pd.Timestamp("2023-04-01"),
        "period_end": pd.Timestamp("2024-03-31"), "meeting_date": pd.Timestamp("2025-01-20"),
        "value_type": "actual", "unit": "count", "precision": 0.5, "numerator": None,
        "denominator": None, "lower": None, "upper": None}
    return pd.DataFrame([base | r for r in rows], columns=INDICATOR_COLUMNS)


def test_table_total_off_by_more_than_the_cell_precision_is_a_discrepancy():
    # three £000 cells carry ±£500 each: a total £2,000 out is beyond rounding, £1,000 is not
    ind = frame({"figure_id": "p.t0010c1", "value": 3_002_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0008c1", "value": 1_000_000, "precision": 500, "unit": "gbp"},
                {"figure_id": "p.t0009c1", "value": 2_000_000, "precision": 500, "unit": "gbp"})
    checks = {"sum": [{"id": "t", "description": "Total", "paper_id": "p", "total_line": 10,
                       "part_lines": [8, 9], "columns": [1]}]}
    (row,) = table_arithmetic(ind, checks, set(ind["figure_id"]))
    assert row["verdict"] == "discrepancy" and row["difference"] == 2_000
    ind.loc[0, "value"] = 3_001_000
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
    ind = frame({"figure_id": "p.p0001", "measure_id": "m", "value": 400_000, "unit": "gbp",
                 "precision": 50_000},
                {"figure_id": "p.t0002c1", "measure_id": "m", "value": -400_000, "unit": "gbp",
                 "precision": 500, "source_line": 2})
    (row,) = conflicting_versions(ind)
    assert row["verdict"] == "ok" and "negative" in row["explanation"]


def test_an_outturn_for_a_period_after_the_paper_is_flagged():
    ind = frame({"figure_id": "p.p0001", "value": 5, "period": "2025/26",
                 "period_start": pd.Timestamp("2025-04-01"),
                 "period_end": pd.Timestamp("2026-03-31")})
    (row,) = periods_out_of_context(ind)
    assert row["verdict"] == "discrepancy"


# ---------------------------------------------------------------- the command
def test_audit_command_writes_the_csv_and_strict_fails_on_discrepancies():
    cmd = [sys.executable, "-m", "analysis", "audit"]
    plain = subprocess.run(cmd, capture_output=True, text=True, cwd=paths.ROOT)
    assert plain.returncode == 0, plain.stderr
    assert "checks run" in plain.stdout and "Discrepancies by paper and kind" in plain.stdout
    written = pd.read_csv(paths.AUDIT_CSV, keep_default_na=False)
    assert list(written.columns[:3]) == ["check_id", "kind", "figure_ids"]
    strict = subprocess.run(cmd + ["--strict"], capture_output=True, text=True, cwd=paths.ROOT)
    assert strict.returncode == 1 and "--strict" in strict.stderr


def test_a_check_whose_figure_was_rejected_is_not_run_and_says_so():
    ind = frame({"figure_id": "p.t0010c1", "value": 3, "unit": "gbp"},
                {"figure_id": "p.t0008c1", "value": 1, "unit": "gbp"})
    checks = {"sum": [{"id": "t", "description": "Total", "total": "p.t0010c1",
                       "parts": ["p.t0008c1", "p.t0009c1"]}]}
    not_run = []
    rows = table_arithmetic(ind, checks, {"p.t0010c1", "p.t0008c1", "p.t0009c1"}, not_run)
    assert rows == [] and not_run == ["t: p.t0009c1 could not be read (see rejects.csv)"]
