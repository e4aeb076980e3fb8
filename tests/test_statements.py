"""Every statement a page makes is supported by the papers: a marker beside its own figure,
'nothing to show' only when there is nothing, caveats that say what a paper states or that
they are the tool's, labels that keep the paper's definition, 'every figure' tables that hold
every figure, and the newest figure that is the newest. Each on the real data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.audit import finding_table
from analysis.compare.markers import BLANK
from analysis.compare.words import TOOL_NOTE
from analysis.publish.appendix import (
    BRIEFING,
    BUILDERS,
    figures_table,
    funding_table,
    history_note,
    newest_printed,
    others_printed,
    printed_figures,
    questions_table,
    vintages_table,
)
from analysis.publish.data import OUTCOME_KINDS, newest_figure
from analysis.publish.notebook import load
from analysis.publish.params import NOTEBOOKS, Param

from .conftest import lines_of, needs_papers


@pytest.fixture(scope="module")
def data():
    return load("00_briefing").data


@pytest.fixture(scope="module")
def every_frame(data):
    """The comparison frame of the pages' measures and of every measure a dashboard marks,
    latest and for 2023/24."""
    pages = [m for name in BUILDERS for m in NOTEBOOKS[name].get("measures", Param(list, [], ""))
             .default]
    marked = data.ind.loc[data.ind["note"].str.contains("progress: |RAG: "), "measure_id"]
    ids = list(dict.fromkeys([*BRIEFING, *pages, *marked, "reab_people_supported"]))
    return pd.concat([data.compare(ids, ["Leicester", "Leicestershire"]),
                      data.compare(ids, ["Leicester", "Leicestershire"], period="2023/24")])


def test_a_dashboard_marker_is_shown_only_beside_the_newest_figure_of_its_row(data, every_frame):
    ind = data.ind
    marked = every_frame[(every_frame["role"] == "council") & (every_frame["paper_marker"] != "")
                         & (every_frame["paper_marker"] != BLANK)]
    assert len(marked) >= 5  # the 2017 and 2025 dashboards both mark rows
    for _, r in marked.iterrows():
        newest_on_some_line = False
        for where in r["locations"].split(";"):
            paper, line = where.rsplit(":", 1)
            row = ind[(ind["paper_id"] == paper) & (ind["source_line"] == int(line))
                      & (ind["measure_id"] == r["measure_id"])
                      & (ind["authority"] == r["authority"])
                      & ind["value_type"].isin(["actual", "forecast"])]  # not a target or rank
            newest_on_some_line |= r["period_end"] == row["period_end"].max()
        assert newest_on_some_line, (r["measure_id"], r["authority"], r["period"])


def test_the_2023_24_direct_payments_figure_does_not_carry_the_2024_25_arrow(data):
    # 002:954 prints one arrow ('▼') for the row: the 2024/25 figure 33.9% against last year
    assert "▼" in lines_of("leicestershire-2025-01-20")[953]
    then = data.compare(["ascof_direct_payments_users"], ["Leicestershire"], period="2023/24")
    now = data.compare(["ascof_direct_payments_users"], ["Leicestershire"], [])
    assert then.iloc[0]["display"] == "35.6%" and then.iloc[0]["paper_marker"] == ""
    assert now.iloc[0]["display"] == "33.9%" and now.iloc[0]["paper_marker"] == (
        "▼ not as good as last year (the paper's key)")


def _older_actuals(ind, frame):
    councils = frame[frame["role"] == "council"].dropna(subset=["period_end"])
    cut = councils.groupby("measure_id")["period_end"].min()
    rows = ind[ind["measure_id"].isin(cut.index) & ind["authority"].isin(councils["authority"])
               & (ind["value_type"] == "actual") & (ind["period_kind"] != "undated")]
    return rows[rows["period_end"] < rows["measure_id"].map(cut)]


def test_the_history_section_names_the_older_figures_the_papers_print(data):
    frame = data.compare(BRIEFING, ["Leicester", "Leicestershire"])
    older = _older_actuals(data.ind, frame)
    assert older["measure_id"].nunique() >= 4  # the 2017 pack prints half the headlines older
    note = " ".join(history_note(frame, data.ind))
    assert "print no older" not in note
    for label in older["measure_label"].unique():
        assert label[0].lower() + label[1:] in note, label
    assert "2015/16" in note and "Leicestershire" in note


@pytest.mark.parametrize("name", [n for n in BUILDERS if n not in ("30_budgets",
                                                                  "90_data_quality")])
def test_no_page_says_nothing_older_is_printed_when_something_is(name):
    ctx = load(name)
    app = BUILDERS[name](ctx)
    for sentence in app.notes.get("history", []):
        if "print no older figures" in sentence:
            assert _older_actuals(ctx.data.ind, app.frame).empty, name


def test_a_period_correction_is_not_called_a_corrected_figure(every_frame):
    # p5060: only its period was re-read; its figure, 2,126 people, is cleanly printed
    row = every_frame[every_frame["figure_id"] == "leicestershire-2025-01-20.p5060"].iloc[0]
    assert "garbled" not in row["caveats"]
    assert "period read from the paper's text (printed 'year to 31 August 2024'" in \
        row["caveats"] and "an inference by the dataset" in row["caveats"]


def test_catalogue_notes_on_a_page_are_marked_as_the_tools_own(data, every_frame):
    info = data.measures.set_index("measure_id")
    seen = 0
    for _, r in every_frame[every_frame["role"] == "council"].iterrows():
        note = info.loc[r["measure_id"], "comparability"]
        series = info.loc[r["measure_id"], "series_note"].split(":")[0].split(", so")[0]
        for said in (note, series):
            if said and said in r["caveats"]:
                seen += 1
                assert said + TOOL_NOTE in r["caveats"], (r["measure_id"], said)
    assert seen >= 5


def test_an_audit_sentence_never_claims_a_period_no_line_gives(data, every_frame):
    # 002:1271 prints '2,126 people' for the year to 31 August 2024; Apr-Aug 2024 is the
    # dataset's reading of 002:1262-1270, which no line prints for the figure
    q = questions_table(data, finding_table(data.audit))
    text = " ".join([*q.data["what the papers print"], *every_frame["audit"].fillna("")])
    assert "own text elsewhere" not in text
    assert "dates it Apr-Aug 2024, its own inference from the paper's text" in text


def test_a_garbled_figure_two_packs_reprint_is_one_finding_naming_both(data, every_frame):
    # 001:57 and 000:1125 both print 'around 15,' for the posts the dataset reads as 15,450
    checks = data.audit[data.audit["printed"] == "around 15,"]
    assert len(checks) == 1
    said = checks.iloc[0]["explanation"]
    assert "line 57 of Leicester's paper of 30 Apr 2025 and line 1125 of" in said
    assert "data-quality appendix" in said
    posts = every_frame[every_frame["audit"].str.contains("around 15,", na=False)]
    assert len(posts) >= 1 and (posts["audit"].str.count("around 15,") == 1).all()


def test_a_measure_named_on_a_page_keeps_the_papers_qualifying_words(data, every_frame):
    # 004:1457 '% of enquiries substantiated or partly substantiated'
    assert "substantiated or partly substantiated" in lines_of("leicestershire-2017-03-07")[1456]
    named = dict(zip(every_frame["measure_id"], every_frame["measure"] + " ("
                     + every_frame["unit_label"] + ")", strict=False))
    defined = data.measures.set_index("measure_id")["definition"]
    checked = 0
    for measure, definition in defined.items():
        for phrase in re.findall(r"\b(\w+ or partly \w+)", definition):
            checked += 1
            assert phrase in named[measure], (measure, named[measure])
    assert checked >= 1


def test_the_profile_table_of_every_figure_holds_every_figure_or_says_what_is_not(data):
    who = ["Leicester", "Leicestershire", "England", "East Midlands"]
    for measure in ("wf_turnover_rate", "ascof_reablement_no_ongoing_need", "sg_alerts"):
        printed = printed_figures(data, measure, who)
        others = others_printed(data, measure, who)
        assert len(printed) + others == (data.ind["measure_id"] == measure).sum()
        table = figures_table(printed, data.label(measure), others)
        if others:
            assert any(f"{others} more figure" in n for n in table.notes), measure


def test_the_workforce_table_is_titled_for_what_it_holds(data):
    measures = list(data.measures.loc[data.measures["theme"] == "workforce", "measure_id"])
    table = vintages_table(data, ["Leicester", "Leicestershire"], measures)
    assert not table.caption.startswith("Every")
    assert f"The {len(table.data)} dated figures of this page's workforce measures" in \
        table.caption
    assert "reprints" in table.caption  # the papers reprint figures this table lists once


def test_the_newest_figure_is_an_outcome_or_activity_figure(data):
    newest = newest_figure(data.ind, data.measures)
    kinds = dict(zip(data.measures["measure_id"], data.measures["kind"], strict=True))
    at = data.ind[(data.ind["period_end"] == newest) & (data.ind["value_type"] == "actual")]
    assert at["measure_id"].map(kinds).isin(OUTCOME_KINDS).any()
    # the CQC's chosen cases (Jan 2025) are an administrative count, and a year to date the
    # dataset ends at its meeting (20 Jan 2025) is its inference: neither dates the set;
    # Leicester's growth in older people supported to period 9 (000:1030) does
    assert kinds["cqc_case_tracking_cases"] == "administrative"
    assert newest == pd.Timestamp("2024-12-31")
    assert "reab_older_people_supported_growth_rate" in set(at["measure_id"])
    assert data.ind["period_end"].max() > newest


@needs_papers
def test_a_profile_shows_the_figure_for_the_newest_period_printed(data):
    for measure in ("wf_turnover_rate", "wf_vacancy_rate", "ascof_direct_payments_users"):
        fid = newest_printed(data, measure, ["Leicester", "Leicestershire"])
        rows = data.ind[(data.ind["measure_id"] == measure)
                        & data.ind["authority"].isin(["Leicester", "Leicestershire"])
                        & (data.ind["value_type"] == "actual")]
        chosen = data.ind.set_index("figure_id").loc[fid]
        assert chosen["period_end"] == rows["period_end"].max(), measure


def test_a_figure_cited_where_it_is_printed_otherwise_says_so(data, every_frame):
    """A citation is followed to its line: where the line prints the figure rounded otherwise
    (003:352 prints 15,500 for the posts 001:41 prints as around 15,450), the caveat says so."""
    from analysis.compare.words import shown

    ind = data.ind.assign(where=data.ind["paper_id"] + ":" + data.ind["source_line"].astype(str))
    checked = 0
    for _, row in every_frame[every_frame["figure_id"].fillna("") != ""].iterrows():
        printings = ind[ind["observation_id"] == row["figure_id"]]
        for _, other in printings[printings["value"] != row["value"]].iterrows():
            assert other["where"] in str(row["locations"])
            assert f"printed as {shown(other)} at" in str(row["caveats"]), (
                row["measure_id"], row.get("authority"), other["where"])
            # a caveats cell is split at '; ' into notes: each says whole what it is
            for said in str(row["caveats"]).split("; "):
                assert not said.startswith(tuple(data.registry["council"])), said
            checked += 1
    assert checked >= 5  # the bundled papers print at least this many such roundings


def test_a_council_is_never_said_to_print_nothing_for_a_measure_it_prints(data):
    """003:288 prints Leicester's 'just over 20,000 contacts received', without a period: the
    page says it is printed only without a period, not that
    Leicester's papers print nothing. Checked for every page's measures, latest period."""
    ids = list(dict.fromkeys(m for name in BUILDERS for m in NOTEBOOKS[name].get(
        "measures", Param(list, [], "")).default))
    frame = data.compare(ids, ["Leicester", "Leicestershire"])
    councils = frame[frame["role"] == "council"]
    own = data.ind[(data.ind["footprint"] == "council")
                   & data.ind["value_type"].isin(["actual", "forecast"])]
    printed = set(zip(own["measure_id"], own["authority"], own["scope"], strict=True))
    scope = data.measures.set_index("measure_id")["scope"]
    for _, row in councils[councils["block"] == "not reported"].iterrows():
        assert (row["measure_id"], row["authority"], scope[row["measure_id"]]) not in printed, (
            row["measure_id"], row["authority"])
    contacts = councils[(councils["measure_id"] == "contacts_received")
                        & (councils["authority"] == "Leicester")].iloc[0]
    assert contacts["block"] == "undated" and contacts["display"] == "over 20,000"
    assert contacts["caveats"].startswith("printed without a period")


def test_a_missing_measure_names_the_figures_printed_under_its_name(data):
    """004:437 prints '4,650 direct care vacancies', which the dataset reads as leavers in the
    year (38.7% turnover of 12,000 posts), not posts vacant on a day. Wherever a page says a
    council prints nothing on a measure that the catalogue says other figures are mistaken for,
    it says which of that council's figures go by the name, and cites them."""
    from analysis.publish.appendix import missing_sentences
    aliased = data.measures.loc[data.measures["mistaken_for"] != ""]
    assert "wf_vacancies" in set(aliased["mistaken_for"])
    checked = 0
    for measure, mistaken in zip(aliased["measure_id"], aliased["mistaken_for"], strict=True):
        for council in ("Leicester", "Leicestershire"):
            own = data.ind[(data.ind["measure_id"] == measure)
                           & (data.ind["authority"] == council)]
            frame = data.compare([mistaken, measure], [council])
            said = " ".join(missing_sentences(frame, data))
            missing = frame[(frame["role"] == "council") & (frame["block"] == "not reported")
                            & (frame["measure_id"] == mistaken)]
            if missing.empty:
                continue
            if own.empty:
                assert "under a name like" not in said
                continue
            assert "under a name like " + data.label(mistaken).lower() in said, said
            assert any(f"'{raw}'" in said for raw in own["raw"]), said
            assert re.search(r"line \d+", said), said
            checked += 1
    assert checked >= 1  # Leicestershire's 2017 'vacancies'


def test_every_discrepancy_of_a_shown_figure_is_on_its_row(data, every_frame):
    """002:780 prints Leicestershire's direct payments as 35.6% of 1,723 out of 5,081 (F008),
    and 002:1264 as 34% (F286): the row names both findings, not only the first found."""
    observation = dict(zip(data.ind["figure_id"], data.ind["observation_id"], strict=True))
    questions = data.question_numbers()
    found = data.audit[data.audit["verdict"] == "discrepancy"]
    shown = every_frame[(every_frame["role"] == "council") & (every_frame["figure_id"] != "")]
    checked = 0
    for _, r in shown.drop_duplicates(["observation_id"] if "observation_id" in shown
                                      else ["figure_id"]).iterrows():
        obs = observation.get(r["figure_id"])
        touching = found[[obs in {observation.get(f) for f in ids.split(";")}
                          for ids in found["figure_ids"]]]
        for finding, said in zip(touching["finding"], touching["explanation"], strict=True):
            # a discrepancy is said in the audit's words, and named as the data-quality page
            # names it: its question for officers, else its finding
            where = (f"question {questions[finding]} for officers" if finding in questions
                     else f"finding {finding}")
            assert f"({where} on the data-quality page)" in r["audit"], r["measure_id"]
            assert said.rstrip(".") in r["audit"]
            checked += 1
    assert checked >= 5
    direct = shown[(shown["measure_id"] == "ascof_direct_payments_users")
                   & (shown["authority"] == "Leicestershire") & (shown["period"] == "2023/24")]
    assert {questions["F008"], questions["F286"]} <= set(
        re.findall(r"Q\d+", direct.iloc[0]["audit"]))


def test_a_similar_direction_between_two_different_figures_shows_its_allowance(every_frame):
    """002:768: the share waiting six months or more fell from 5% to 3%, which the rule calls
    similar (2 points, within the rounding of whole per cents plus 1 point) while the count,
    37 to 20, improved. The direction says why, with the change and the allowance."""
    similar = every_frame[(every_frame["role"] == "council")
                          & (every_frame["direction"] == "similar")
                          & ~every_frame["direction_evidence"].str.startswith("the paper")]
    checked = 0
    for _, r in similar.iterrows():
        said = re.search(r"from (\S+) .*? to (\S+) ", r["direction_evidence"])
        if said and said.group(1) != said.group(2):
            assert re.search(r"the change, [\d.]+ .*?, is within the allowance of [\d.]+",
                             r["direction_evidence"]), (r["measure_id"], r["authority"])
            checked += 1
    assert checked >= 1
    share = every_frame[(every_frame["measure_id"] == "assessment_waiting_over_6_months_share")
                        & (every_frame["authority"] == "Leicestershire")]
    assert "the change, 2 points, is within the allowance of 2" in \
        share.iloc[0]["direction_evidence"]


def test_a_similar_rating_of_two_different_figures_shows_its_allowance(every_frame):
    """004:435 calls 7 sickness days 'lower than' the region's 8; the tool rates them similar,
    and says why: the gap it found, within the allowance its rule computed."""
    similar = every_frame[(every_frame["rating"] == "similar")
                          & (every_frame["value"] != every_frame["benchmark_value"])]
    assert len(similar) >= 3
    for _, r in similar.iterrows():
        said = re.search(r"the gap, ([\d.]+) .*?, is within the allowance of ([\d.]+)",
                         r["rating_note"])
        assert said, (r["measure_id"], r["authority"], r["rating_note"])
        gap, allowance = float(said.group(1)), float(said.group(2))
        assert gap == pytest.approx(abs(r["value"] - r["benchmark_value"]), abs=0.006)
        assert gap <= allowance


@pytest.mark.parametrize("name", ["10_workforce", "20_reablement", "40_safeguarding",
                                  "50_other"])
def test_every_note_under_a_ratings_table_is_a_whole_caveat(name):
    """A caveats cell is split into notes at '; ': a caveat that quotes a period or cites two
    papers ('printed as around 1,000 at <paper>, line 61 and <paper>, line 1129') stays one
    note, never a note that starts with a paper's name or an unclosed bracket."""
    context = load(name)
    app = BUILDERS[name](context)
    councils = tuple(context.data.registry["council"])
    notes = [n for t in app.tables.values() for n in t.notes if n.startswith("Note ")]
    cells = [c for t in app.tables.values() if t.view is not None and "caveats" in t.view
             for c in t.view["caveats"]]
    for text in notes + cells:
        assert text.count("(") == text.count(")"), text
    for note in notes:
        said = note.split(": ", 1)[1]
        assert not said.startswith(councils), note


def test_every_budget_figure_of_a_council_is_in_a_budgets_table():
    """Leicester's £5.9m for extra care (000:318) was in no budgets table: every budget figure
    a council's papers print is now shown once on the budgets page, in its own table or among
    the other amounts, with its line."""
    from analysis.publish.appendix import BUILDERS, other_amounts_table
    from analysis.publish.appendix.budgets import cited as cited_by
    ctx = load("30_budgets")
    app = BUILDERS["30_budgets"](ctx)
    tables = {name: t for name, t in app.tables.items() if "locations" in t.data
              and "other amounts" not in name}
    # what the page's tables print: each row's amounts against its lines, and the lines
    # their notes quote
    printed = {(loc, round(float(row[c]))) for t in tables.values() for _, row in t.data.iterrows()
               for c in t.units if c in t.data and isinstance(row[c], (int, float))
               and pd.notna(row[c]) for loc in str(row["locations"]).split(";") if loc}
    rows_cite = {loc for t in tables.values() for cell in t.data["locations"]
                 for loc in str(cell).split(";") if loc}
    quoted = {loc for t in tables.values() for loc in cited_by(t)} - rows_cite
    ind = ctx.data.ind
    printings = ind[ind["authority"].isin(ctx.params["authorities"])
                    & (ind["theme"] == "budget")]
    at = printings["paper_id"] + ":" + printings["source_line"].astype(str)
    table_row = printings["figure_id"].str.contains(r"\.t", regex=True)
    # an observation is shown when any printing of it is (its table row, or its amount)
    shown = set(printings.loc[[a in quoted or (a in rows_cite if row else (a, round(v)) in printed)
                               for a, v, row in zip(at, printings["value"], table_row,
                                                    strict=True)], "observation_id"])
    own = printings[printings["figure_id"] == printings["observation_id"]]
    at = own["paper_id"] + ":" + own["source_line"].astype(str)
    others = pd.concat([t.data for name, t in app.tables.items() if "other amounts" in name])
    listed = {(loc, raw) for loc, raw in zip(others["locations"], others["as printed"],
                                             strict=True)}
    notes = " ".join(n for name, table in app.tables.items() if "other amounts" in name
                     for n in table.notes)
    restated = own[[f"'{raw}', line {line}" in notes for raw, line in zip(
        own["raw"], own["source_line"], strict=True)]]
    assert len(restated) >= 5  # '£205.4m' (002:265) restates the service lines' total, ...
    missing = [f for f, a, raw in zip(own["figure_id"], at, own["raw"], strict=True)
               if f not in shown | set(restated["figure_id"])
               and (a, raw) not in listed]
    assert not missing, missing[:5]
    # a prose amount beside a tabled one on its line is not taken as shown: 004:180's £3m
    # shortfall (a projection) and 004:478's £2m Care Act funding (an actual)
    county = other_amounts_table(ctx.data, "Leicestershire", ctx.params["budget_year"]).data
    assert {("leicestershire-2017-03-07:180", "potential shortfall of £3million"),
            ("leicestershire-2017-03-07:478", "£2m funding")} <= set(
                zip(county["locations"], county["as printed"], strict=True))
    extra = other_amounts_table(ctx.data, "Leicester", ctx.params["budget_year"]).data
    assert "leicester-2025-05-06:318" in set(extra["locations"])


def test_a_direction_a_paper_states_in_words_is_shown_as_its_direction_not_a_marker(data):
    """002:1249 says the average wait of 48 days is 'similar to the average wait in September
    2023' and prints no figure for then; 002:768 says the six-month waits are 'down from 37
    (5%)'. Each figure so curated shows the paper's words as evidence of its direction; the
    marker column holds printed symbols only."""
    stated = data.ind[data.ind["note"].str.contains(r"\bstated: ", regex=True)
                      & (data.ind["footprint"] == "council")]
    assert len(stated) >= 3
    checked = 0
    for measure, rows in stated.groupby("measure_id"):
        frame = data.compare([measure], ["Leicester", "Leicestershire"])
        shown = frame[(frame["role"] == "council") & frame["figure_id"].isin(
            rows["observation_id"])]
        for _, r in shown.iterrows():
            quote = re.search(r"stated: \w+ '([^']+)'", " ".join(rows["note"])).group(1)
            assert f"the paper says '{quote}'" in r["direction_evidence"], measure
            assert "the paper says" not in r["paper_marker"]
            checked += 1
    assert checked >= 3
    wait = data.compare(["assessment_wait_days_average"], ["Leicestershire"]).iloc[0]
    assert wait["direction"] == "similar" and wait["paper_marker"] == ""
    assert wait["direction_evidence"] == ("the paper says 'similar to the average wait in "
                                          "September 2023'")


def test_a_marker_printed_for_another_figure_is_said_not_hidden_as_none(data, every_frame):
    """002:954 prints ▼ beside direct payments' newer figure (33.9%, Nov 2024), not the
    2023/24 35.6% the page rates: the marker column says so, naming the figure it is for."""
    rows = every_frame[(every_frame["role"] == "council")
                       & (every_frame["marker_elsewhere"] != "")]
    assert len(rows) >= 2
    for _, r in rows.iterrows():
        assert r["paper_marker"] == ""
        said = re.fullmatch(r"none for this figure; (?:(\S+) (.+) \(the paper's key\) is "
                            r"printed|blank in the paper's dashboard) for (.+) \((.+)\)",
                            r["marker_elsewhere"])
        assert said and said.group(4) != r["period"], r["marker_elsewhere"]
    direct = rows[(rows["measure_id"] == "ascof_direct_payments_users")
                  & (rows["period"] == "2023/24")].iloc[0]
    assert direct["marker_elsewhere"] == ("none for this figure; ▼ not as good as last year "
                                          "(the paper's key) is printed for 33.9% (30 Nov 2024)")
    # 002:943 prints 13.8 (2023/24) in a row whose one marker cell, for 2024/25, is blank
    admissions = rows[(rows["measure_id"] == "ascof_permanent_admissions_18_64")
                      & (rows["period"] == "2023/24")].iloc[0]
    assert admissions["marker_elsewhere"] == ("none for this figure; blank in the paper's "
                                              "dashboard for forecast 12.8 per 100,000 "
                                              "(2024/25)")


def test_a_benchmark_printed_without_a_period_is_named_not_called_missing(data, every_frame):
    """002 prints England's 78% for carers receiving direct payments without a period: the
    county's 99.9% is not rated, and the page says why instead of 'no benchmark printed'."""
    undated = data.ind[(data.ind["footprint"] == "benchmark")
                       & (data.ind["period_kind"] == "undated")]
    rows = every_frame[(every_frame["role"] == "council") & (every_frame["block"] == "headline")
                       & every_frame["measure_id"].isin(undated["measure_id"])
                       & (every_frame["benchmark"] == "")]
    assert len(rows) >= 1
    for _, r in rows.iterrows():
        assert r["rating_note"] != "no benchmark printed for this measure", r["measure_id"]
        assert "is printed without a period" in r["rating_note"], r["measure_id"]


def test_a_rating_shows_the_papers_own_comparison_where_the_paper_states_one(data):
    """564 against England's 566 is 'similar' by the tool's rule; the paper says 'slightly
    lower' (002:778). Every rated figure whose note quotes the paper's comparison shows it."""
    ids = list(data.ind.loc[data.ind["note"].str.contains("compared: "), "measure_id"].unique())
    frames = pd.concat([data.compare(ids, ["Leicester", "Leicestershire"], period=p)
                        for p in ("latest", "2023/24", "2022/23")])
    shown = frames[(frames["role"] == "council") & frames["rating_note"].fillna("").str.contains(
        "the paper says '")]
    assert len(shown) >= 8
    admissions = frames[(frames["measure_id"] == "ascof_permanent_admissions_65_plus")
                        & (frames["period"] == "2023/24") & (frames["role"] == "council")]
    note = admissions["rating_note"].iloc[0]
    assert admissions["rating"].iloc[0] == "similar"
    assert "the paper says 'slightly lower than the national rate of 566'" in note
    rated = frames[(frames["role"] == "council") & frames["rating"].fillna("").ne("")]
    for _, row in rated.iterrows():
        fig = data.ind[data.ind["figure_id"] == row["figure_id"]]
        said = fig["note"].str.extract(r"compared: \w+ '(.+?)'(?:;|$)")[0].dropna()
        for quote in said:
            assert f"the paper says '{quote}'" in row["rating_note"], row["figure_id"]


def test_the_parts_of_a_fund_are_shown_under_it_not_as_further_money(data):
    """£22.9m, £7.9m and £20.7m are the NHS minimum allocation's £51.5m (002:490, 496-498);
    the BCF pool's rows are scoped to the pool, not to adult social care."""
    table = funding_table(data, "Leicestershire").data
    items = list(table["item"])
    whole = items.index("NHS Minimum Allocation")
    parts = [i for i, item in enumerate(items) if item.startswith("of which: ")]
    assert parts == [whole + 1, whole + 2, whole + 3]
    assert table.iloc[parts]["value"].sum() == table.iloc[whole]["value"]
    pool = table[table["item"].isin(["NHS Minimum Allocation", "Total BCF Plan",
                                     "Disabled Facilities Grant"])]
    assert set(pool["scope"]) == {"better care fund pool"}
    assert any("'of which' row" in n for n in funding_table(data, "Leicestershire").notes)


def test_a_target_printed_with_words_is_shown_in_them(every_frame):
    """'<773 Position as at 31 st Mar 2024' (002:932) is a target below the March 2024
    position, not 'less than 773' alone."""
    waiting = every_frame[(every_frame["measure_id"] == "assessment_waiting_count")
                          & (every_frame["role"] == "council")]
    assert waiting["target"].str.contains("'<773 Position as at 31 st Mar 2024'").any()


def test_a_forecast_for_the_year_after_the_rated_figure_is_shown_beside_it(data):
    """002:944 prints a 2024/25 forecast of 582 per 100k beside 2023/24's 564, which the page
    rates against England's 566: the forecast is shown (not rated), so 'similar' is not read
    as the whole story."""
    frame = data.compare(["ascof_permanent_admissions_65_plus"], ["Leicestershire"],
                         period="2023/24")
    county = frame[frame["role"] == "council"].iloc[0]
    assert county["forecast"] == "forecast 582 per 100,000 (2024/25, a later year; not rated)"


def test_no_benchmark_printed_is_never_said_where_the_paper_prints_one(data):
    """002:766 prints the county's new contacts per 100,000 (1,479, aged 18-64, 2023/24) beside
    its peer group's (1,547): on a page not set to show the peer group, the rating note names
    it rather than saying no benchmark is printed. Checked for every measure of every page."""
    ids = list(dict.fromkeys(m for name in BUILDERS for m in NOTEBOOKS[name].get(
        "measures", Param(list, [], "")).default))
    frame = data.compare(ids, ["Leicester", "Leicestershire"], ["England"])
    benchmark_rows = data.ind[data.ind["value_type"] == "benchmark"]
    for _, r in frame[frame["role"] == "council"].iterrows():
        if "no benchmark printed" not in str(r["rating_note"]):
            continue
        printed = benchmark_rows[(benchmark_rows["measure_id"] == r["measure_id"])
                                 & (benchmark_rows["breakdown"] == r["breakdown"])
                                 & (benchmark_rows["period"] == r["period"])]
        assert printed.empty, (r["measure_id"], r["authority"])
    contacts = frame[(frame["measure_id"] == "contacts_new_per_100k")
                     & (frame["authority"] == "Leicestershire")].iloc[0]
    assert "the paper prints Peer group 1,547 per 100,000 (2023/24)" in contacts["rating_note"]


def test_a_period_correction_is_shown_as_the_datasets_reading(data):
    """002:1271 prints 'For the year to 31st August 2024'; the dataset reads it as April to
    August. The corrections table says that is its reading, as the question for officers does."""
    from analysis.publish.appendix import corrections_table
    table = corrections_table(data).data
    periods = table[table["field"] == "period"]
    assert len(periods) >= 2
    assert periods["reason"].str.startswith("the dataset's reading of the paper's text: ").all()
    assert not table.loc[table["field"] != "period", "reason"].str.startswith(
        "the dataset's reading").any()


def test_a_caveat_the_paper_prints_is_shown_in_its_words(data):
    """002:787 warns that 'a safeguarding alert can include any concern for welfare ... but not
    necessarily in relation to safeguarding': curated as a ``caveat:`` quote (provenance-checked
    on the figure's line), it is shown beside the figure as the paper's, not the tool's."""
    from analysis.sources.quotes import quoted
    noted = data.ind[data.ind["note"].str.contains("caveat: ", regex=False)]
    assert len(noted)
    frame = data.compare(list(noted["measure_id"].unique()), ["Leicester", "Leicestershire"],
                         ["England"], period="2023/24")
    for _, r in noted.iterrows():
        shown = frame[(frame["figure_id"] == r["observation_id"])]
        words = quoted(r["note"], "caveat")[1]
        for caveats in shown["caveats"]:
            assert f"{words}'" in caveats and "the paper: '" in caveats
    assert len(frame[frame["figure_id"].isin(noted["observation_id"])])


def test_a_newer_figure_named_beside_a_rating_cites_its_own_line():
    """Review 7: the briefing named Leicester's newer 7.1% and 16.9% (001:39) but cited only the
    older figures' lines. Every newer figure a ratings table names is among its row's sources."""
    from analysis.publish.appendix import BUILDERS
    ctx = load("10_workforce")
    app = BUILDERS["10_workforce"](ctx)
    frame = app.frame
    named = frame[(frame["role"] == "council") & (frame["latest"].fillna("") != "")]
    assert len(named) >= 2
    table = next(t for name, t in app.tables.items() if "ratings" in name.lower())
    cited = {loc for cell in table.view["locations"] for loc in cell.split(";")}
    for _, r in named.iterrows():
        assert set(r["latest_locations"].split(";")) <= cited, (r["measure_id"], r["latest"])
    assert "leicester-2025-04-30:39" in cited


def test_an_undecided_check_is_said_in_words_not_by_its_finding_id(data, every_frame):
    """Review 7: 'audit inconclusive: change vs levels (finding F269 on the data-quality page,
    which explains it)' twice in one cell. A check the printed rounding cannot decide is said
    once, in words, and points to the data-quality page's list, not to an id."""
    from analysis.compare.frame import UNDECIDED
    observation = dict(zip(data.ind["figure_id"], data.ind["observation_id"], strict=True))
    undecided = data.audit[data.audit["verdict"] == "inconclusive"]
    # every kind of check the real audit leaves undecided has its words (no fallback used)
    assert set(undecided["kind"]) <= set(UNDECIDED), set(undecided["kind"]) - set(UNDECIDED)
    touched = {observation.get(f) for ids in undecided["figure_ids"] for f in ids.split(";")}
    shown = every_frame[(every_frame["role"] == "council") & every_frame["figure_id"].map(
        lambda f: observation.get(f) in touched)]
    assert len(shown) >= 3
    shown = shown[~shown["audit"].str.contains("audit discrepancy")]  # the graver shown alone
    assert len(shown) >= 3
    for cell in shown["audit"]:
        assert "inconclusive" not in cell and "audit undecided: the printed rounding" in cell
        for finding in undecided["finding"]:
            assert f"finding {finding} " not in cell, cell
        parts = cell.split("; ")
        assert len(parts) == len(set(parts)), cell


def test_a_figure_printed_without_a_period_names_its_source_in_its_cell():
    """Review 8: the briefing showed Leicester's 'over 20,000' contacts (003:288), undated and
    so in no ratings row, with no source anywhere on the page. Its comparison cell names it."""
    from analysis.publish.appendix import BUILDERS
    app = BUILDERS["00_briefing"](load("00_briefing"))
    view = app.tables["comparison"].view
    cells = [x for c in view.columns for x in view[c].astype(str)
             if "neither compared nor rated" in x]
    assert cells
    for cell in cells:
        assert re.search(r"\(.+, \d{1,2} \w{3} \d{4}, lines? \d+", cell), cell
    assert any("26 Jun 2025, line 288" in c for c in cells)
