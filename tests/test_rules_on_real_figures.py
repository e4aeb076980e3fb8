"""The comparison rules a reader relies on, each pinned to the real figure it decides.

Each test fails when its rule changes: the three-year history window, the part-year threshold,
the rating margin for figures in percentage points, and the first direction word of a figure.
"""

from __future__ import annotations

import pandas as pd

from analysis.api import compare, load
from analysis.compare.coverage import coverage
from analysis.compare.trend import series
from analysis.parse.word_figures import direction_of

COUNCILS = ["Leicester", "Leicestershire"]


def test_a_figure_more_than_three_years_old_is_history():
    """A measure counts as current for a council only with a figure ending within three years of
    the newest paper (26 Jun 2025): the county's 2017 estimate of posts retiring over 2015-2020
    ends between three and five years before it, so it is older only."""
    data = load()
    newest = pd.Timestamp(data.registry["meeting_date"].max())
    table = coverage(data.ind, data.measures, COUNCILS, newest).set_index("theme")
    rows = data.ind[(data.ind["authority"] == "Leicestershire") & (data.ind["theme"] == "workforce")
                    & (data.ind["footprint"] == "council")
                    & (data.ind["scope"] == data.ind["measure_id"].map(
                        data.measures.set_index("measure_id")["scope"]))
                    & (data.ind["period_kind"] != "undated") & (data.ind["value_type"] != "change")]
    age_days = (newest - rows["period_end"]).dt.days
    current = set(rows.loc[age_days <= 3 * 365.25, "measure_id"])
    assert any(3 * 365.25 < d <= 5 * 365.25 for d in age_days)  # the rule decides a real figure
    assert table.loc["workforce", "Leicestershire: current"] == len(current)
    assert table.loc["workforce", "Leicestershire: older only"] == \
        len(set(rows["measure_id"]) - current)


def test_eight_months_of_a_year_are_part_of_a_year():
    """Leicestershire's enquiries where risk was reduced are printed for Apr-Nov 2024 (243
    days): the comparison caveats them as part of a year and the trend marks the point."""
    frame = compare(["safeguarding_risk_reduced_or_removed"], COUNCILS, ["England"], "latest")
    county = frame[frame["authority"] == "Leicestershire"].iloc[0]
    assert county["period"] == "Apr-Nov 2024"
    assert "part of a year (Apr-Nov 2024)" in county["caveats"]
    points = series(load().ind, load().measures, "safeguarding_risk_reduced_or_removed",
                    ["Leicestershire"])
    assert points.loc[points["period"] == "Apr-Nov 2024", "part_year"].all()
    assert not points.loc[points["period"] == "2023/24", "part_year"].any()


def test_a_gap_within_precision_and_one_point_is_similar():
    """Service users who feel safe: Leicestershire 72.2% against England 71.1% (2023/24) is
    1.1 points apart, within both figures' printed precision (0.05 each) plus the 1-point
    margin: similar, not better."""
    frame = compare(["ascof_feel_safe"], COUNCILS, ["England"], "latest")
    county = frame[frame["authority"] == "Leicestershire"].iloc[0]
    assert (county["display"], county["benchmark_display"]) == ("72.2%", "71.1%")
    assert county["rating"] == "similar"


def test_the_first_direction_word_of_a_figure_sets_its_direction():
    """A figure printed with words of both kinds takes the first: the change it states comes
    before what the sentence says of something else."""
    assert direction_of("a reduction of 2% despite more referrals") == -1
    assert direction_of("increased by 750, with fewer agency staff") == 1
