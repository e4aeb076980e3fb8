"""Back-tests: headline figures read from the papers by hand, asserted against the built table.

Each case names the paper file and line the figure is printed on, so a reader can check it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.dataset.build import build

from .conftest import now


@pytest.fixture(scope="module")
def indicators(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("processed")
    build(now().with_(processed_dir=out))
    return pd.read_parquet(out / "indicators.parquet")


def one(ind: pd.DataFrame, file: str, line: int, measure: str, **where) -> pd.Series:
    """The single indicator printed on ``file:line`` for ``measure`` matching ``where``."""
    rows = ind[(ind["source_file"].str.startswith(file)) & (ind["source_line"] == line)
               & (ind["measure_id"] == measure)]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{file}:{line} {measure} {where}: {len(rows)} rows"
    return rows.iloc[0]


# (file prefix, line, measure, filters, expected value, theme, council of the paper)
HEADLINES = [
    # budgets: Leicestershire MTFS 2025/26 (002) and the city total (000)
    ("002", 274, "budget_net", {"scope": "adults and communities department"}, 233_700_000,
     "budget"),
    ("002", 659, "budget_net", {"period": "2025/26"}, 233_703_000, "budget"),
    ("002", 659, "budget_gross", {}, 386_000_218, "budget"),
    ("002", 668, "budget_growth", {"period": "2025/26"}, 1_900_000, "budget"),
    # printed -8,285 (£000): savings are stored as positive amounts (measures.csv `sign`)
    ("002", 718, "budget_savings", {"period": "2028/29"}, 8_285_000, "budget"),
    ("002", 729, "budget_capital", {"period": "2025/26-2028/29"}, 21_662_000, "budget"),
    ("002", 494, "budget_bcf_allocation", {}, 82_500_000, "budget"),
    ("002", 258, "budget_savings_in_year", {"period": "2025/26"}, 3_390_000, "budget"),
    ("000", 880, "budget_approved_total", {}, 178_900_000, "budget"),
    # workforce: Leicester 2023/24 report and 2022/23 draft; Leicestershire 2015
    ("001", 39, "wf_vacancy_rate", {"authority": "Leicester"}, 7.1, "workforce"),
    ("001", 39, "wf_turnover_rate", {"authority": "England"}, 24.8, "workforce"),
    ("001", 39, "wf_turnover_rate", {"authority": "Leicester"}, 16.9, "workforce"),
    # "around 15," as printed, corrected to 15,450:
    ("001", 57, "wf_posts_total", {"authority": "Leicester"}, 15_450, "workforce"),
    ("001", 304, "wf_vacancy_rate", {"authority": "Leicester"}, 7.5, "workforce"),
    ("000", 1808, "wf_filled_posts", {"breakdown": "scope: local authority and independent"},
     13_000, "workforce"),
    ("004", 441, "wf_hourly_pay", {"authority": "Leicestershire"}, 7.15, "workforce"),
    # reablement: ASCOF in both Leicestershire packs; Leicester early action
    ("002", 941, "ascof_reablement_no_ongoing_need", {"period": "2023/24",
                                                      "authority": "Leicestershire"}, 89.6,
     "reablement"),
    ("002", 941, "ascof_reablement_no_ongoing_need", {"authority": "England"}, 79.4,
     "reablement"),
    # the June-August cohort (002:775), printed under an April-November heading
    ("002", 942, "ascof_home_91_days_after_discharge", {"period": "Jun-Aug 2024"}, 89.9,
     "reablement"),
    ("004", 1432, "ascof_home_91_days_after_discharge", {"period": "2015/16",
                                                         "value_type": "actual"}, 87.5,
     "reablement"),
    ("004", 1426, "ascof_reablement_no_ongoing_need", {"period": "Apr-Dec 2016"}, 80.5,
     "reablement"),
    ("000", 999, "reab_people_supported", {}, 6_200, "reablement"),
    # safeguarding
    ("002", 961, "safeguarding_risk_reduced_or_removed", {"period": "2023/24"}, 95.8,
     "safeguarding"),
    ("002", 960, "ascof_feel_safe", {"authority": "England"}, 71.1, "safeguarding"),
    ("004", 1189, "sg_board_budget", {"breakdown": "board: LRSAB"}, 104_478, "safeguarding"),
    ("004", 1457, "sg_enquiries_substantiated_share", {"period": "Apr-Dec 2016"}, 41.1,
     "safeguarding"),
    # prose figures printed beside others on the same line (a swap would still be "on the line")
    ("001", 35, "wf_organisations", {"authority": "England"}, 18_500, "workforce"),
    ("001", 35, "wf_care_locations", {"authority": "England"}, 40_000, "workforce"),
    ("001", 35, "wf_posts_total", {"authority": "England"}, 1_840_000, "workforce"),
    ("003", 332, "wf_female_share", {"authority": "Leicester"}, 77, "workforce"),
    ("003", 332, "wf_average_age", {"authority": "Leicester"}, 41.3, "workforce"),
    ("004", 246, "wf_filled_posts", {"period": "2015"}, 1_550_000, "workforce"),
    ("004", 246, "wf_filled_posts_fte", {"period": "2015"}, 1_110_000, "workforce"),
    ("002", 149, "csc_average_call_wait_minutes",
     {"value_type": "actual", "period": "undated (reported 4 Nov 2024)"}, 6, "other"),
    ("002", 149, "csc_average_call_wait_minutes",
     {"period": "undated, an earlier level (reported 4 Nov 2024)"}, 19, "other"),
    ("002", 149, "csc_average_call_wait_minutes", {"value_type": "target"}, 10, "other"),
    # other adult social care performance
    ("002", 932, "assessment_waiting_count", {"period": "30 Nov 2024"}, 736, "other"),
    ("002", 954, "ascof_direct_payments_users", {"period": "2023/24",
                                                 "authority": "Leicestershire"}, 35.6, "other"),
    ("002", 944, "permanent_admissions_65_plus_count", {"period": "2023/24"}, 868, "other"),
    ("004", 1446, "ascof_direct_payments_users", {"period": "2015/16", "value_type": "actual"},
     37.6, "other"),
]


@pytest.mark.parametrize(("file", "line", "measure", "where", "value", "theme"), HEADLINES)
def test_headline_figure_matches_the_paper(indicators, file, line, measure, where, value, theme):
    row = one(indicators, file, line, measure, **where)
    assert row["value"] == pytest.approx(value)
    assert row["theme"] == theme


def test_back_tests_cover_all_four_themes_and_both_councils(indicators):
    covered = {(one(indicators, f, n, m, **w)["council"], t) for f, n, m, w, _, t in HEADLINES}
    for theme in ("workforce", "reablement", "budget", "safeguarding"):
        assert any(t == theme for _, t in covered), theme
    assert {c for c, _ in covered} == {"Leicester", "Leicestershire"}


def test_percentages_keep_their_printed_counts(indicators):
    row = one(indicators, "002", 941, "ascof_reablement_no_ongoing_need", period="2023/24",
              authority="Leicestershire")
    assert (row["numerator"], row["denominator"]) == (3_857, 4_305)


def test_threshold_keeps_its_qualifier(indicators):
    row = one(indicators, "002", 932, "assessment_waiting_count", value_type="target")
    assert (row["value"], row["qualifier"], row["upper"]) == (773, "less than", 773)


def test_truncated_figure_is_corrected_and_flagged(indicators):
    row = one(indicators, "001", 57, "wf_posts_total", authority="Leicester")
    assert row["raw"] == "around 15,"
    assert "corrected" in row["flags"] and "truncated" in row["flags"]


def test_reprinted_figure_is_its_own_row_and_the_same_observation(indicators):
    original = one(indicators, "001", 39, "wf_turnover_rate", authority="Leicester")
    reprint = one(indicators, "000", 1107, "wf_turnover_rate", authority="Leicester")
    assert reprint["figure_id"] != original["figure_id"]
    assert reprint["observation_id"] == original["observation_id"] == original["figure_id"]
    assert f"same figure as {original['figure_id']}" in reprint["flags"]


def test_back_tests_pin_prose_figures_of_both_councils_and_every_paper_with_prose(indicators):
    """Prose figures are curated by hand: a value swapped for another number on the same line
    passes the provenance check, so only a back-test catches it."""
    prose = [one(indicators, f, n, m, **w) for f, n, m, w, _, _ in HEADLINES]
    prose = [r for r in prose if ".p" in r["figure_id"]]
    assert {r["council"] for r in prose} == {"Leicester", "Leicestershire"}
    with_prose = set(indicators.loc[indicators["figure_id"].str.contains(r"\.p"), "paper_id"])
    assert {r["paper_id"] for r in prose} == with_prose
