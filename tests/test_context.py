"""The context councillors ask for, where the papers print it: a council's newer figure rated
against a benchmark of its own year, an appendix for the measures that fit no theme, the
safeguarding rate per 100,000 and old board budgets marked as history."""

from __future__ import annotations

from analysis.publish.appendix import BUILDERS, boards_table
from analysis.publish.notebook import load
from analysis.publish.params import NOTEBOOKS

from .conftest import lines_of, needs_papers


@needs_papers
def test_a_newer_figure_beside_a_benchmark_of_its_own_year_is_rated_not_only_listed():
    # 001:304 (Leicester, 2023/24 vacancy rate 7.1%) beside the England rate for 2023/24
    data = load("10_workforce").data
    frame = data.compare(["wf_vacancy_rate", "wf_turnover_rate"])
    leicester = frame[(frame["authority"] == "Leicester")].set_index("measure_id")["latest"]
    assert leicester["wf_vacancy_rate"].startswith("7.1% (2023/24), better than England ")
    assert leicester["wf_vacancy_rate"].endswith("(2023/24)")
    assert leicester["wf_turnover_rate"] == "16.9% (2023/24), better than England 24.8% (2023/24)"
    assert any("24.8" in line for line in lines_of("leicester-2025-04-30"))


def test_the_other_adult_social_care_appendix_covers_what_analysts_read():
    measures = NOTEBOOKS["50_other"]["measures"].default
    for needed in ("ascof_direct_payments_users", "ascof_permanent_admissions_65_plus",
                   "assessment_waiting_count", "annual_review_share", "complaints_formal"):
        assert needed in measures
    app = BUILDERS["50_other"](load("50_other"))
    shown = app.frame[(app.frame["role"] == "council") & (app.frame["block"] == "headline")]
    assert {"ascof_direct_payments_users", "assessment_waiting_count", "annual_review_share",
            "complaints_formal"} <= set(shown["measure_id"])
    assert {"comparison", "ratings"} <= set(app.tables)
    # the direct payments headline of the briefing now has a page of its own
    assert "ascof_direct_payments_users" in set(app.tables["ratings"].data.get(
        "measure", [])) or "Adults receiving direct payments" in set(
        app.tables["ratings"].data["measure"])


def test_safeguarding_shows_the_alert_rate_per_100000():
    app = BUILDERS["40_safeguarding"](load("40_safeguarding"))
    row = app.frame[(app.frame["measure_id"] == "sg_alerts_per_100k")
                    & (app.frame["authority"] == "Leicestershire")].iloc[0]
    assert row["display"] == "299 per 100,000" and row["period"] == "2023/24"


def test_old_safeguarding_board_budgets_are_marked_as_history():
    data = load("40_safeguarding").data
    table = boards_table(data)
    assert set(table.data["history"]) == {"history: more than three years old"}
    assert any("history, not the boards' current budgets" in n for n in table.notes)
    assert any("Leicestershire and Rutland" in n for n in table.notes)


def test_each_service_line_shows_its_change_from_the_previous_year_the_table_prints():
    from analysis.publish.appendix import service_lines_table
    table = service_lines_table(load("30_budgets").data, "Leicestershire", "2025/26")
    total = table.data[table.data["service"] == "TOTAL ASC"].iloc[0]
    # 002:647 prints 232,676,986 (2024/25) and 227,507,587 (2025/26) on one line
    assert (total["prior_value"], total["value"]) == (232676986.0, 227507587.0)
    assert total["change_value"] == 227507587.0 - 232676986.0
    assert total["change"] == "-£5,169,399" and "net 2024/25" in table.shown_columns()
    assert table.data["prior_value"].notna().all()
    # the change column sets a 2024/25 after in-year transfers beside a 2025/26 without
    # inflation: both bases are in the notes, in the paper's words (002:261, 278)
    notes = " ".join(table.notes)
    assert "(line 261)" in notes and "no pay or price inflation" in notes
    assert "(line 278)" in notes and "net increase of £10.2m" in notes


def test_two_years_side_by_side_say_what_differs_in_their_basis_in_the_papers_words():
    from analysis.publish.appendix import budget_totals_table
    data = load("30_budgets").data
    table = budget_totals_table(data, ["Leicester", "Leicestershire"], "2025/26")
    notes = " ".join(table.notes)
    lines = lines_of("leicestershire-2025-01-20")
    assert "no pay or price inflation, a central contingency will be held" in lines[260]
    assert "(line 261)" in notes and "no pay or price inflation" in notes
    assert "net increase of £10.2m (line 278)" in notes and "net increase of £10.2m" in \
        lines[277]
    # one money format for the column, whatever the paper printed
    assert table.data["budget"].str.fullmatch(r"£[\d,]+\.\dm").all()


def test_funding_is_shown_where_printed():
    from analysis.publish.appendix import funding_table
    table = funding_table(load("30_budgets").data, "Leicestershire")
    items = set(table.data["item"])
    assert {"Total BCF Plan", "IBCF", "Improved BCF - Winter Pressures"} <= items
    assert table.data["amount"].str.fullmatch(r"£[\d,]+").all()


def test_questions_for_officers_are_one_per_figure_ranked_by_what_is_at_stake():
    from analysis.audit import finding_table
    from analysis.publish.appendix import questions_table
    data = load("90_data_quality").data
    q = questions_table(data, finding_table(data.audit)).data
    asked = [f for fs in q["finding"] for f in fs.split(", ")]
    assert len(asked) == len(set(asked)) and len(q) >= 12
    # 002:1493's 43% is another version of 787's 46% and not what its own counts give: one
    # question, not two near-duplicates
    both = q[q["finding"].str.contains("F327")]
    assert len(both) == 1 and "F338" in both["finding"].iloc[0]
    figures = data.audit.groupby("finding")["figure_ids"].agg(
        lambda ids: {i for v in ids for i in str(v).split(";") if i})
    for one, other in [(a, b) for a in q["finding"] for b in q["finding"] if a < b]:
        assert not (set().union(*(figures.get(f, set()) for f in one.split(", ")))
                    & set().union(*(figures.get(f, set()) for f in other.split(", "))))
    said = " ".join(q["what the papers print"]).split(". ")
    assert len(said) == len(set(said))  # no sentence said twice
    points = q["at stake"].str.extract(r"^([\d.]+) percentage points")[0].dropna().astype(float)
    assert list(points) == sorted(points, reverse=True) and points.iloc[0] == 3.0
    assert q["at stake"].iloc[-1].startswith("none in the figures")


def test_rejection_reasons_that_differ_only_in_spelling_are_one_reason():
    from analysis.publish.appendix import rejected_table
    data = load("90_data_quality").data
    assert {"not yet published (Due May -17)", "not yet published (Due May 17)"} <= set(
        data.rejects["reason"])
    reasons = list(rejected_table(data.rejects).data["reason"])
    assert sum("Due May" in r for r in reasons) == 1
    assert rejected_table(data.rejects).data["figures"].sum() == len(data.rejects)


def test_a_figure_is_shown_with_its_national_quartile_printed_for_its_own_period():
    """002:787 prints Leicestershire's 2023/24 conversion rate, 46%, as 'in the top 25% of
    authorities in England, which is 41% and above', and its alert rate in the bottom quartile.
    Every quartile the papers print for a figure's period is shown beside that figure."""
    data = load("40_safeguarding").data
    catalogue = data.measures.set_index("measure_id")
    linked = catalogue.loc[catalogue["quartile_of"] != "", "quartile_of"]
    assert {"sg_conversion_rate", "sg_alerts_per_100k"} <= set(linked)
    frame = data.compare(list(linked) + list(linked.index))
    shown = frame[(frame["role"] == "council") & (frame["display"] != "")]
    quartiles = data.ind[data.ind["measure_id"].isin(linked.index)
                         & (data.ind["figure_id"] == data.ind["observation_id"])]
    checked = 0
    for _, q in quartiles.iterrows():
        beside = shown[(shown["measure_id"] == linked[q["measure_id"]])
                       & (shown["authority"] == q["authority"]) & (shown["period"] == q["period"])]
        for rank in beside["rank"]:
            assert f"nationally: {q['raw']} ({q['period']})" in rank
            checked += 1
    assert checked >= 2
    county = shown[(shown["measure_id"] == "sg_conversion_rate")
                   & (shown["authority"] == "Leicestershire")].iloc[0]
    assert county["period"] == "2023/24" and county["display"] == "46%"
    assert "England top 25% threshold: 41% and above (2023/24)" in county["rank"]
    # a quartile printed for another year is not shown beside this one
    assert "nationally" not in " ".join(frame.loc[frame["period"] != "2023/24", "rank"])
