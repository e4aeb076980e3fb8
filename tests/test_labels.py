"""Every label right: the classes of labelling fault, each tested on the real rows.

Periods from a row's own evidence, a sentence's period beating a table header, a period printed
in a cell, value types, one sign convention per measure, scope and footprint, undated figures
kept, one figure printed twice as one observation.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.dataset.build import build
from analysis.dataset.catalogue import load_measures
from analysis.dataset.clean import RawData, clean_figures, load_raw
from analysis.dataset.label_checks import label_problems, month_end_problems
from analysis.sources.extraction import Column, TableSpec, extract_table
from analysis.sources.figure_files import FIGURE_COLUMNS

from .conftest import now


@pytest.fixture(scope="module")
def ind(tmp_path_factory) -> pd.DataFrame:
    return build(now().with_(processed_dir=tmp_path_factory.mktemp("processed"))).indicators


def row(ind: pd.DataFrame, figure_id: str) -> pd.Series:
    return ind.set_index("figure_id").loc[figure_id]


COUNTY = "leicestershire-2025-01-20"


# ---------------------------------------------------------------- periods
@pytest.mark.parametrize(("cell", "period"), [
    ("t0903c6", "Apr-Nov 2023"),   # heritage visits 102.4k: 'equivalent period last year'
    ("t0904c6", "Apr-Nov 2023"),   # library visits 415.6k
    ("t0906c6", "Apr-Nov 2023"),   # junior loans 589.6k = 567,365 + 22,190
    ("t0910c5", "Aug-Nov 2024"),   # creative learning 'since August'
    ("t0916c6", "2023/24 academic year"),   # adult learning success rate
    ("t0903c3", "Apr-Nov 2024"),   # the 'Nov-24 milestone' is cumulative from April
])
def test_a_row_takes_the_period_the_papers_text_gives_it(ind, cell, period):
    r = row(ind, f"{COUNTY}.{cell}")
    assert r["period"] == period
    assert "from the paper, not the table" in r["note"]  # the evidence is kept


def test_every_row_period_override_keeps_its_evidence(ind):
    overridden = ind[ind["note"].str.contains("from the paper, not the table")]
    assert len(overridden) >= 20
    assert overridden["note"].str.contains(r"\d{3}:\d+ '|inferred", regex=True).all()


def test_a_sentences_period_beats_the_dashboard_header_and_is_one_observation(ind):
    prose = row(ind, f"{COUNTY}.p0127")            # '519 of the 582 people discharged between
    dashboard = row(ind, f"{COUNTY}.t0942c5")       # June and August' (002:775), and 002:942
    assert prose["period"] == dashboard["period"] == "Jun-Aug 2024"
    assert dashboard["observation_id"] == prose["observation_id"] == f"{COUNTY}.p0127"
    assert f"same figure as {COUNTY}.p0127" in dashboard["flags"]


def test_a_period_printed_in_a_cell_overrides_the_column():
    spec = TableSpec(id="t", paper_id="p", first_line=1, last_line=2, title="T",
                     authority="Leicestershire", value_type="actual", label_columns=[0],
                     columns=[Column(index=1, name="16/17", period="Apr-Dec 2016"),
                              Column(index=2, name="15/16", period="2015/16")],
                     measure_id="m")
    lines = ("Delays\t9.5 Average Apr-November\t5.6 Average (Apr-Mar)",
             "Carers\t64%\t58.4% (14/15)")
    cells = {(r["line"], r["figure_id"][-2:]): r["period"] for r in extract_table(spec, lines)}
    assert cells == {("1", "c1"): "Apr-Nov 2016", ("1", "c2"): "2015/16",
                     ("2", "c1"): "Apr-Dec 2016", ("2", "c2"): "14/15"}


def test_a_position_at_the_end_of_a_month_is_a_date(ind):
    assert row(ind, f"{COUNTY}.t0932c5")["period"] == "30 Nov 2024"  # '736 End of November 2024'
    assert row(ind, f"{COUNTY}.t0932c5")["period_kind"] == "date"


# ---------------------------------------------------------------- value types
def test_ranks_and_quartiles_are_ranks(ind):
    printed_as_ranks = ind[ind["unit"].isin(["rank", "quartile"])]
    assert len(printed_as_ranks) >= 20
    assert set(printed_as_ranks["value_type"]) <= {"rank", "target"}
    assert row(ind, f"{COUNTY}.p0149")["value_type"] == "rank"   # 'ranked second lowest'


def test_the_cleaner_relabels_a_rank_or_a_percentage_change_curated_as_a_level():
    raw = load_raw(now().raw_dir)
    template = raw.figures.iloc[0]
    records = [{c: template[c] for c in FIGURE_COLUMNS} | {
        "figure_id": f"{template['paper_id']}.p990{i}", "raw": text, "measure_id": measure,
        "value_type": "actual", "unit_hint": "", "period": "2023/24"}
        for i, (text, measure) in enumerate([("ranked third highest", "contacts_new_per_100k"),
                                             ("4% higher", "heritage_visits")])]
    figures = pd.DataFrame(records, columns=FIGURE_COLUMNS)
    ind, rej = clean_figures(RawData(raw.papers, raw.measures, figures, raw.corrections.iloc[:0],
                                         raw.authorities))
    assert rej.empty
    assert ind["value_type"].tolist() == ["rank", "change"]
    assert ind["flags"].str.contains("value type: ").all()


def test_targets_forecasts_and_changes_are_never_levels(ind):
    assert label_problems(ind, load_measures(now().measures_csv)).empty
    assert not ind["qualifier"].isin(["increase", "decrease"]).any()  # a level is never 'up'
    # the 2016/17 admissions rates are the full-year forecasts (004:1272-1273)
    assert row(ind, "leicestershire-2017-03-07.t1434c6")["value_type"] == "forecast"


def test_a_position_at_the_end_of_a_month_is_dated_by_that_day(ind):
    # 002:933 '20 (3% of total waiting at end of Nov-24)' is the same position as 002:768's
    # 'As at the end of November 2024', so both join one observation and share its marker cell
    printed = ind[ind["raw"].str.contains("at end of Nov-24")]
    assert len(printed) == 2 and (printed["period"] == "30 Nov 2024").all()
    assert printed["observation_id"].isin(ind.loc[ind["source_line"] == 768,
                                                  "observation_id"]).all()
    as_month = printed.assign(period="Nov 2024", period_kind="month")
    assert len(month_end_problems(as_month)) == 2


# ---------------------------------------------------------------- signs
def test_one_sign_convention_per_measure(ind):
    measures = load_measures(now().measures_csv).set_index("measure_id")
    levels = ind[ind["value_type"] != "change"].assign(
        sign=lambda d: d["measure_id"].map(measures["sign"]))
    for sign, wrong in (("positive", levels["value"] < 0), ("negative", levels["value"] > 0)):
        bad = levels[(levels["sign"] == sign) & wrong]
        assert bad.empty, bad[["figure_id", "measure_id", "value", "raw"]].head()
    signed = measures[measures["sign"] == "signed"]
    assert signed["definition"].str.contains("sign: ").all()  # the convention is written down


def test_savings_are_positive_whatever_sign_the_table_prints(ind):
    text = row(ind, f"{COUNTY}.p0050")        # '(£400k)' in a sentence: a parenthesis
    table = row(ind, f"{COUNTY}.t0718c7")     # TOTAL A&C 2028/29 printed -8,285 (£000)
    assert text["value"] == 400_000 and text["printed_value"] == 400_000
    assert table["value"] == 8_285_000 and table["printed_value"] == -8_285_000
    assert "sign: printed negative" in table["flags"]
    savings = ind[(ind["measure_id"] == "budget_savings") & (ind["value"] != 0)]
    assert (savings["value"] > 0).all() and len(savings) > 100


# ---------------------------------------------------------------- scope and footprint
@pytest.mark.parametrize(("figure_id", "scope", "footprint"), [
    ("leicestershire-2017-03-07.p0128", "children's services", "wider footprint"),  # LRLSCB
    ("leicestershire-2017-03-07.p0126", "adults and children", "wider footprint"),  # combined
    (f"{COUNTY}.t0904c5", "communities and wellbeing", "council"),   # library visits
    (f"{COUNTY}.t0659c8", "adults and communities department", "council"),  # department total
    (f"{COUNTY}.t0941c5", "adult social care", "council"),           # reablement
])
def test_scope_and_footprint_say_what_a_figure_is_about(ind, figure_id, scope, footprint):
    r = row(ind, figure_id)
    assert (r["scope"], r["footprint"]) == (scope, footprint)


def test_a_benchmark_and_a_partnership_are_never_a_councils_own(ind):
    assert set(ind.loc[ind["authority"] == "England", "footprint"]) == {"benchmark"}
    assert set(ind.loc[ind["authority"] == "LLR", "footprint"]) == {"wider footprint"}


# ---------------------------------------------------------------- undated
def test_a_figure_printed_without_a_period_is_kept_undated(ind):
    undated = ind[ind["period_kind"] == "undated"]
    assert len(undated) >= 30
    assert undated["flags"].str.contains("undated: the paper prints no period|undated: an "
                                         "earlier level").all()
    assert undated["period"].str.match(r"undated(?: \(reported |, an earlier level)").all()
    earlier = undated[undated["period"].str.startswith("undated, an earlier level")]
    assert set(earlier["raw"]) == {"from 19", "from 10%", "from 457", "36%"}  # from X to Y
    # reported at its pack's meeting, or at the earlier meeting whose minutes it is in
    assert (undated["period_start"] <= undated["meeting_date"]).all()
    said = pd.to_datetime(undated["period"].str.extract(r"reported (\d+ \w+ \d{4})")[0])
    assert (said == undated["period_start"]).all()
    assert (undated["period_start"] < undated["meeting_date"]).sum() >= 20
    r = row(ind, "leicestershire-2025-01-20.p5185")   # '6.16/10' in a training evaluation
    assert r["period_kind"] == "undated" and r["value"] == 6.16


def test_from_x_to_y_keeps_both_ends(ind):
    wait = ind[(ind["source_line"] == 149) & (ind["paper_id"] == COUNTY)
               & (ind["measure_id"] == "csc_average_call_wait_minutes")]
    assert sorted(wait["value"]) == [6.0, 10.0, 19.0]  # from 19 to 6 minutes; target 10
