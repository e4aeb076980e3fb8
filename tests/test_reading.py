"""Reading a figure in its sentence (issue 26), for councils of different kinds in different
regions: every rule is run for a metropolitan borough in Yorkshire and a county in the South
West, registered in a test-only frame, so no rule can be Leicester's alone. The sentences are
written for these tests."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.curate.candidates import find_candidates
from analysis.parse.authorities import Authorities

COUNCILS = pd.DataFrame([
    {"council": "Sheffield", "kind": "metropolitan borough", "region": "Yorkshire and The Humber",
     "aliases": "Sheffield City Council;SCC;the city council"},
    {"council": "Devon", "kind": "county", "region": "South West",
     "aliases": "Devon County Council;DCC;the county council;the county"},
    {"council": "Barnsley", "kind": "metropolitan borough", "region": "Yorkshire and The Humber",
     "aliases": "Barnsley Council"},
    {"council": "Plymouth", "kind": "city", "region": "South West",
     "aliases": "Plymouth City Council;the city"},
])
FOOTPRINTS = pd.DataFrame([{"footprint": "Peer group", "kind": "comparator group",
                            "aliases": "statistical neighbours;similar councils"}])
AUTHORITIES = Authorities.from_frames(COUNCILS, FOOTPRINTS)
REGION = {"Sheffield": "Yorkshire and The Humber", "Devon": "South West"}
OTHER = {"Sheffield": "Barnsley", "Devon": "Plymouth"}  # a neighbour each may name
BOTH = pytest.mark.parametrize("council", ["Sheffield", "Devon"])


def read(council: str, *lines: str) -> pd.DataFrame:
    drafts, _ = find_candidates(list(lines), "test-paper", council, authorities=AUTHORITIES)
    return drafts.set_index("raw")


def non_figures(council: str, *lines: str) -> dict[str, str]:
    _, skipped = find_candidates(list(lines), "test-paper", council, authorities=AUTHORITIES)
    return dict(zip(skipped["raw"], skipped["reason"], strict=True))


# ------------------------------------------------------------------ whose figure it is

@BOTH
def test_a_neighbours_word_for_itself_never_names_it_in_another_councils_paper(council):
    # a registry where the neighbour calls itself 'Council' and 'the Council', as a curator
    # registering both from their own papers would
    neighbours = COUNCILS.assign(aliases=COUNCILS["aliases"].where(
        COUNCILS["council"] != OTHER[council], OTHER[council] + " Council;the Council;Council"))
    registry = Authorities.from_frames(neighbours, FOOTPRINTS)
    drafts, _ = find_candidates(["Budget monitoring 2024/25", "",
                                 "The Council is forecasting an overspend of £2.4m.",
                                 "Council approved savings of £1.1m."], "test-paper", council,
                                authorities=registry)
    named = dict(zip(drafts["raw"], drafts["proposed_authority"], strict=True))
    assert named["£2.4m"] == council and named["£1.1m"] == council, named


@BOTH
def test_regional_is_the_papers_own_region_and_national_is_england(council):
    rows = read(council, "Reablement 2023/24",
                "Of those discharged 84% were still at home, against 80% regionally and 82% "
                "nationally.")
    assert rows.loc["84%", "proposed_authority"] == council
    assert rows.loc["80%", "proposed_authority"] == REGION[council]
    assert rows.loc["82%", "proposed_authority"] == "England"
    assert rows.loc["80%", "proposed_value_type"] == "benchmark"


@BOTH
def test_the_regional_average_and_the_region_name_the_councils_region(council):
    rows = read(council, "Carers 2023/24",
                "Carer satisfaction was 41%; the regional average was 38% and the region's best "
                "was 47%.")
    assert rows.loc["38%", "proposed_authority"] == REGION[council]
    assert rows.loc["47%", "proposed_authority"] == REGION[council]


@BOTH
def test_our_and_the_councils_aliases_are_the_council(council):
    alias = {"Sheffield": "SCC", "Devon": "DCC"}[council]
    rows = read(council, "Workforce 2024/25",
                f"Our vacancy rate was 7.5%, and {alias} turnover was 21%, compared with 28% "
                "across England.")
    assert rows.loc["7.5%", "proposed_authority"] == council
    assert rows.loc["21%", "proposed_authority"] == council
    assert rows.loc["28%", "proposed_authority"] == "England"


@BOTH
def test_another_registered_council_is_read_by_its_name(council):
    rows = read(council, "Direct payments 2023/24",
                f"We paid 31% of people by direct payment, while {OTHER[council]} paid 27%.")
    assert rows.loc["31%", "proposed_authority"] == council
    assert rows.loc["27%", "proposed_authority"] == OTHER[council]


def test_a_common_noun_alias_of_a_council_elsewhere_is_not_that_council():
    """'the county' is Devon's name for itself; in Sheffield's paper it is not Devon."""
    rows = read("Sheffield", "Homes 2023/24",
                "Across the county 212 homes were inspected and 87% were rated good.")
    assert set(rows["proposed_authority"]) == {"Sheffield"}


def test_a_common_noun_alias_names_the_county_in_a_city_paper_of_its_region():
    rows = read("Plymouth", "Homes 2023/24",
                "Plymouth inspected 40 homes; across the county 212 were inspected.")
    assert rows.loc["212", "proposed_authority"] == "Devon"
    assert rows.loc["40", "proposed_authority"] == "Plymouth"


@BOTH
def test_a_peer_group_is_read_through_the_footprints_register(council):
    rows = read(council, "Admissions 2023/24",
                "Admissions were 590 per 100,000, compared with 610 per 100,000 among our "
                "statistical neighbours.")
    assert rows.loc["610 per 100,000", "proposed_authority"] == "Peer group"
    assert rows.loc["590 per 100,000", "proposed_authority"] == council


# ------------------------------------------------------------------ when it is for

@BOTH
def test_each_figure_keeps_its_own_clauses_period(council):
    rows = read(council, "Safeguarding",
                "Concerns rose from 1,150 in 2021/22 to 1,420 in 2022/23 and 1,605 in 2023/24.")
    assert rows.loc["from 1,150", "proposed_period"] == "2021/22"
    assert rows.loc["to 1,420", "proposed_period"] == "2022/23"
    assert rows.loc["1,605", "proposed_period"] == "2023/24"


@BOTH
def test_last_years_figure_does_not_take_the_comparisons_year(council):
    rows = read(council, "Turnover",
                "Turnover was 12.1% last year, up from 9.8% in 2021/22.")
    assert rows.loc["from 9.8%", "proposed_period"] == "2021/22"
    assert rows.loc["12.1%", "proposed_period"] != "2021/22"


@BOTH
def test_up_on_a_year_names_the_comparison_not_the_figure(council):
    rows = read(council, "Reviews",
                "In 2023/24 we completed 2,310 reviews, 14% up on 2022/23.")
    assert rows.loc["2,310", "proposed_period"] == "2023/24"
    assert rows.loc["14%", "proposed_period"] == "2023/24"
    assert rows.loc["14%", "proposed_value_type"] == "change"


@BOTH
def test_a_financial_year_stays_a_financial_year(council):
    rows = read(council, "Budget", "The net budget for 2016/17 was £112.5m.")
    assert rows.loc["£112.5m", "proposed_period"] == "2016/17"


@BOTH
def test_a_quarter_heading_carries_to_the_figures_under_it(council):
    rows = read(council, "Performance report: Quarter 2 2024/25", "",
                "Reviews were completed for 62% of people.", "",
                "Safeguarding enquiries numbered 118.")
    assert rows.loc["62%", "proposed_period"] == "2024/25 Q2"
    assert rows.loc["118", "proposed_period"] == "2024/25 Q2"


@BOTH
def test_a_quarter_named_in_the_sentence_takes_the_year_in_force(council):
    rows = read(council, "Annual performance 2024/25", "",
                "In Quarter 3 the rate was 71%, and in Q4 it was 74%.")
    assert rows.loc["71%", "proposed_period"] == "2024/25 Q3"
    assert rows.loc["74%", "proposed_period"] == "2024/25 Q4"


@BOTH
def test_as_at_the_end_of_a_month_is_a_point_in_time(council):
    rows = read(council, "Waiting lists 2024/25", "",
                "As at the end of June, 245 people were waiting for an assessment.",
                "As at the end of March 2024 the list was 310 people.")
    assert rows.loc["245", "proposed_period"] == "30 Jun 2024"
    assert rows.loc["310", "proposed_period"] == "31 Mar 2024"


@BOTH
def test_a_year_a_figureless_sentence_names_is_its_paragraphs(council):
    """Newcastle's consultation: 'To set a balanced budget in 2025-2026, we need to increase
    ...' then its figures, after a paragraph ending in 2027-28; a calendar year named for an
    event is not the paragraph's."""
    rows = read(council, "Budget", "",
                "We must save £21.3m next year rising to £18m in 2027-28.",
                "To set a balanced budget in 2025-2026, we need more income. We propose to "
                "raise council tax by 2.99%, which will raise £4.2 million.",
                "We also propose the 2% precept for adult social care.",
                "The new centre is due to open in early 2024. There were 89 applicants.")
    for raw in ("2.99%", "£4.2 million", "2%"):
        assert rows.loc[raw, "proposed_period"] == "2025/26", raw
    assert rows.loc["89", "proposed_period"] != "2024"


@BOTH
def test_a_forecast_or_budget_read_at_a_months_end_is_its_financial_years(council):
    """Hertfordshire's monitoring report: 'The monitoring position at the end of December 2006
    shows a revenue underspend of £835,000 against the latest budget of £509.258m'; a
    balance at the month's end stays at the month's end."""
    rows = read(council, "Revenue monitoring", "",
                "The monitoring position at the end of December 2006 shows a forecast "
                "underspend of £835,000 against the latest budget of £509.258m.",
                "As at the end of December 2006, 245 people were waiting.")
    assert rows.loc["£835,000", "proposed_period"] == "2006/07"
    assert rows.loc["£509.258m", "proposed_period"] == "2006/07"
    assert "the financial year of" in rows.loc["£835,000", "period_from"]
    assert rows.loc["245", "proposed_period"] == "31 Dec 2006"


@BOTH
def test_a_targets_date_is_the_targets(council):
    rows = read(council, "Reablement 2024/25", "",
                "The rate is 78%; the target is 85% by March 2026.")
    assert rows.loc["85%", "proposed_period"] == "Mar 2026"
    assert rows.loc["85%", "proposed_value_type"] == "target"
    assert rows.loc["78%", "proposed_period"] == "2024/25"


@BOTH
def test_a_forward_span_is_never_the_current_year(council):
    rows = read(council, "Budget 2024/25", "",
                "The plan saves £2.4m over the next two years.",
                "A further £1.1m is needed in five years' time.")
    for raw in ("£2.4m", "£1.1m"):
        assert rows.loc[raw, "proposed_period"] == ""
        assert "forward span" in rows.loc[raw, "period_from"]


# ------------------------------------------------------------------ what kind of figure

@BOTH
def test_a_target_makes_a_target_only_of_the_figure_it_governs(council):
    rows = read(council, "Reviews 2024/25", "",
                "Reviews rose to 64% against a target of 75%, and 212 were overdue.")
    assert rows.loc["64%", "proposed_value_type"] == "actual"
    assert rows.loc["75%", "proposed_value_type"] == "target"
    assert rows.loc["212", "proposed_value_type"] == "actual"


@BOTH
def test_an_aim_ambition_or_plan_governs_its_own_clause(council):
    rows = read(council, "Carers 2024/25", "",
                "Our ambition is to reach 90% of carers; today the rate is 82%.",
                "We plan to support 1,200 more carers, and 940 were supported this year.")
    assert rows.loc["90%", "proposed_value_type"] == "target"
    assert rows.loc["82%", "proposed_value_type"] == "actual"
    assert rows.loc["1,200 more", "proposed_value_type"] == "target"
    assert rows.loc["940", "proposed_value_type"] == "actual"


@BOTH
def test_forecast_to_overspend_projected_and_expected_make_forecasts(council):
    rows = read(council, "Budget monitoring 2024/25", "",
                "The service is forecast to overspend by £1.4m.",
                "Home care has a projected overspend of £2.1m.",
                "Demand is expected to reach 530 placements; 480 are funded today.")
    assert rows.loc["£1.4m", "proposed_value_type"] == "forecast"
    assert rows.loc["£2.1m", "proposed_value_type"] == "forecast"
    assert rows.loc["530", "proposed_value_type"] == "forecast"
    assert rows.loc["480", "proposed_value_type"] == "actual"


@BOTH
def test_the_councils_figure_beside_the_england_average_is_its_actual(council):
    rows = read(council, "Outcomes 2023/24", "",
                f"{council}'s rate was 84%, above the England average of 80%.")
    assert rows.loc["84%", "proposed_value_type"] == "actual"
    assert rows.loc["84%", "proposed_authority"] == council
    assert rows.loc["80%", "proposed_value_type"] == "benchmark"
    assert rows.loc["80%", "proposed_authority"] == "England"


@BOTH
def test_savings_in_budget_proposals_are_budget_figures_and_savings_achieved_actuals(council):
    rows = read(council, "Budget 2025/26", "",
                "The budget proposals include savings of £3.2m in 2025/26.",
                "So far £0.9m of savings have been achieved.")
    assert rows.loc["£3.2m", "proposed_value_type"] == "budget"
    assert rows.loc["£0.9m", "proposed_value_type"] == "actual"


@BOTH
def test_a_list_takes_the_lead_ins_value_type_and_period(council):
    rows = read(council, "Budget monitoring", "",
                "At quarter 2 of 2024/25 there is a projected overspend of £3.6m, made up of:",
                "• £2.9m on residential care",
                "• £0.7m on home care")
    for raw in ("£2.9m", "£0.7m"):
        assert rows.loc[raw, "proposed_value_type"] == "forecast"
        assert rows.loc[raw, "proposed_period"] in ("2024/25 Q2", "2024/25")


# ------------------------------------------------------------------ not figures

@BOTH
@pytest.mark.parametrize(("line", "raw", "reason"), [
    ("We agreed a 12 week course for new carers.", "12", "duration used as a name"),
    ("The three year strategy was adopted.", "three", "duration used as a name"),
    ("Staff provide 2:1 support to 14 people.", "2", "staffing ratio"),
    ("The NI 130 measure was replaced.", "130", "indicator or legislation code"),
    ("Under section 42 of the Care Act 2014 enquiries are made.", "42",
     "reference to a numbered part"),
    ("ASCOF 2A measures reablement outcomes.", "2", "indicator or legislation code"),
    ("Call 01392 383000 for advice.", "01392 383000", "phone number"),
    ("Appendix papers (Pages 12 - 20) were noted.", "12", "page number"),
    ("3.2The council agreed the plan for 400 carers.", "3.2", "paragraph number"),
    ("Minutes pdf icon PDF 89 KB", "89", "file size"),
    ("Contact: Jo Smith (Tel: 020 7946 0321)", "020", "phone number"),
    ("Venue: Committee Rooms 3 & 4, Town Hall", "3", "postcode or address"),
    ("WEDNESDAY14 JUNE 2023 AT 10.00 A.M.", "14", "date"),
    ("The 2nd Quarter position shows £2.1m of pressures.", "2", "date or period"),
    ("Purpose of Report: 1.1 To set out the position. 1.2 To note the risks.", "1.2",
     "paragraph number"),
    ("4.0 Main Points: 4.1 The forecast overspend is £3.4m.", "4.1", "paragraph number"),
    ("4.2Table 3 (para.5.1) analyses the forecast by service.", "3",
     "reference to a numbered part"),
    ("£4m from the 2019.20 provision was applied.", "2019.20", "date or period"),
    ("Fees for the forthcoming2024/25 year were agreed.", "2024", "date or period"),
])
def test_non_figures_go_to_the_non_figures_file_with_their_reason(council, line, raw, reason):
    found = non_figures(council, line)
    assert any(r.startswith(raw.split()[0]) and why.startswith(reason.split()[0])
               for r, why in found.items()), found


# ------------------------------------------------------------------ units and scope

@BOTH
def test_each_number_in_a_list_takes_its_own_unit_word(council):
    rows = read(council, "Assessments 2024/25", "",
                "Assessments took 9.5 days on average, and 240 reviews were completed.",
                "There were 3,150 delayed days in the year, and 86 people were delayed.")
    assert rows.loc["9.5 days", "proposed_unit"] == "days"
    assert rows.loc["240", "proposed_unit"] == "count"
    assert rows.loc["3,150", "proposed_unit"] == "days"
    assert rows.loc["86", "proposed_unit"] == "count"


@BOTH
def test_a_rate_printed_once_after_a_list_is_every_figures(council):
    rows = read(council, "Requests 2023/24", "",
                "There were 1,410 aged 18-64 and 9,820 aged 65+ new requests for support per "
                "100,000 adults.")
    assert rows.loc["1,410", "proposed_unit"] == "per_100k"
    assert rows.loc["9,820", "proposed_unit"] == "per_100k"


@BOTH
def test_childrens_figures_are_proposed_with_the_childrens_services_scope(council):
    rows = read(council, "Workforce 2024/25", "",
                "The adult social care vacancy rate was 9%.",
                "In children's social care the vacancy rate was 17%.")
    assert rows.loc["17%", "scope"] == "children's services"
    assert rows.loc["9%", "scope"] == ""


@BOTH
def test_the_current_financial_year_is_placed_by_the_meetings_date(council):
    rows = read(council, "Meeting: 14/11/2023 - Adults Scrutiny", "",
                "The service has saved £1.3m in the current financial year, and £0.8m last "
                "year.")
    assert rows.loc["£1.3m", "proposed_period"] == "2023/24"
    assert rows.loc["£0.8m", "proposed_period"] == "2022/23"


@BOTH
def test_a_budget_period_takes_the_financial_year_in_force(council):
    rows = read(council, "Revenue budget monitoring 2024/25", "",
                "At Period 6 the service is forecasting an overspend of £2.2m.")
    # a forecast made at period 6 is of the year's outturn: the year, saying when it was made
    assert rows.loc["£2.2m", "proposed_period"] == "2024/25"
    assert "2024/25 P6 (year to date)" in rows.loc["£2.2m", "period_from"]
    assert rows.loc["£2.2m", "proposed_value_type"] == "forecast"
    assert non_figures(council, "At Period 6 the service reported.") == {"6": "date or period"}


# ------------------------------------------------------------------ round three (issue 26)

@BOTH
def test_a_bare_number_compared_with_a_rate_takes_its_unit(council):
    rows = read(council, "Admissions 2023/24", "",
                "Younger adults admitted to care homes were 14.3 per 100,000, compared with "
                "13.3 for England, against a target of 12.0.",
                "Older people's admissions were 560.2 per 100,000 (target 600), better than last "
                "year (611.4).")
    for raw in ("13.3", "12.0", "600", "(611.4)"):
        assert rows.loc[raw, "proposed_unit"] == "per_100k", raw


@BOTH
def test_a_count_keeps_its_noun_when_the_sentences_rate_is_another_numbers(council):
    rows = read(council, "Safeguarding 2023/24", "",
                "There were 5,210 safeguarding concerns, a rate of 812 per 100,000 adults.",
                "Admissions are anticipated to rise to 700 next year.")
    assert rows.loc["5,210", "proposed_unit"] == "count"
    assert rows.loc["812 per 100,000", "proposed_unit"] == "per_100k"
    assert rows.loc["700", "proposed_unit"] == "count"  # 'next year' is not its unit


@BOTH
def test_a_benchmarks_noun_and_a_name_tied_by_its_verb(council):
    own = {"Sheffield": "Sheffield", "Devon": "Devon County Council"}[council]
    rows = read(council, "Outcomes 2023/24", "",
                f"Compared to the England average of 80.1%, {own} achieved 84.3%.",
                "The rate was 812, above the regional rate of 640 and the national rate of 720.")
    assert rows.loc["80.1%", "proposed_authority"] == "England"
    assert rows.loc["80.1%", "proposed_value_type"] == "benchmark"
    assert rows.loc["84.3%", "proposed_authority"] == council
    assert rows.loc["84.3%", "proposed_value_type"] == "actual"
    assert rows.loc["640", "proposed_authority"] == REGION[council]
    assert rows.loc["720", "proposed_authority"] == "England"


@BOTH
def test_the_year_before_is_the_year_before_the_figures(council):
    rows = read(council, "Workforce 2023/24", "",
                "Vacancies were 9.1%, down from 11.4% a year earlier.",
                "In 2022/23, 68% had a review, compared with 62% the previous year.",
                "Referrals were 1,240 in Q2 2024/25, against 1,105 in the same period last year.")
    assert rows.loc["from 11.4%", "proposed_period"] == "2022/23"
    assert rows.loc["62%", "proposed_period"] == "2021/22"
    assert rows.loc["1,105", "proposed_period"] == "2023/24 Q2"


@BOTH
def test_the_year_a_change_is_measured_on_is_the_comparisons(council):
    rows = read(council, "Home care 2023/24", "",
                "3.4 million hours were delivered, an increase of 6.2% on 2022/23.",
                "Care homes supplied 2,300 beds from 145 homes.")
    assert rows.loc["an increase of 6.2%", "proposed_period"] == "2023/24"
    assert rows.loc["from 145", "proposed_period"] == "2023/24"  # a source, not a change


@BOTH
def test_a_part_takes_the_period_of_its_whole(council):
    rows = read(council, "Waiting lists", "",
                "At the end of June 2024 there were 1,020 people awaiting a review, of whom 310 "
                "had waited more than 6 months.")
    assert rows.loc["310", "proposed_period"] == rows.loc["1,020", "proposed_period"] != ""
    assert "6" not in set(rows.index)
    assert non_figures(council, "Of these, 310 had waited more than 6 months.")["6"] == (
        "part of a measure's name")


@BOTH
@pytest.mark.parametrize(("line", "raw", "reason"), [
    ("The Directorate is projecting an underspend of £0.5m at Month 9.", "9", "date or period"),
    ("For further information contact Jo Smith, Tel: 01142 734567.", "01142",
     "phone number"),
])
def test_numbers_at_a_sentences_end_are_read_as_their_kind(council, line, raw, reason):
    assert non_figures(council, line).get(raw) == reason


@BOTH
def test_a_further_amount_takes_the_value_type_of_the_one_before(council):
    rows = read(council, "Budget 2024/25", "",
                "Savings of £7.5m are proposed for 2024/25, with a further £4.0m in 2025/26.")
    assert rows.loc["£4.0m", "proposed_value_type"] == "budget"
    assert rows.loc["£4.0m", "proposed_period"] == "2025/26"


@BOTH
def test_a_period_with_a_colon_labels_the_figure_after_it(council):
    rows = read(council, "Performance scorecard 2023/24", "",
                "People who feel safe: 71.2% (2022/23: 68.9%)")
    assert rows.loc["71.2%", "proposed_period"] == "2023/24"
    assert rows.loc["68.9%", "proposed_period"] == "2022/23"


@BOTH
def test_percentage_points_printed_after_a_bare_number_make_a_change_in_points(council):
    rows = read(council, "Reablement", "",
                "65% needed no further support in 2023/24, 3 percentage points higher than in "
                "2022/23.")
    assert rows.loc["3", "proposed_unit"] == "percentage_points"
    assert rows.loc["3", "proposed_value_type"] == "change"
    assert rows.loc["3", "proposed_period"] == "2023/24"


@BOTH
def test_a_figure_of_a_later_clause_takes_its_sentences_period(council):
    rows = read(council, "Carers", "",
                "The survey in 2023/24 had a response rate of 34%, and 38.4% of carers were "
                "satisfied.",
                "Turnover was 12.1% in 2023/24, up from 15%.")
    assert rows.loc["38.4%", "proposed_period"] == "2023/24"
    assert rows.loc["38.4%", "period_from"] == "proposed from its sentence's period"
    assert rows.loc["from 15%", "proposed_period"] == ""  # an earlier level: another period's


@BOTH
def test_the_parts_of_a_document_or_meeting_are_not_figures(council):
    found = non_figures(council, "The report was structured into four sections: assessments.",
                        "The Health Scrutiny Board (5) received a briefing.",
                        "Members raised three points, and 412 people were waiting.")
    assert found == {"four": "a document's or meeting's structure",
                     "5": "a document's or meeting's structure",
                     "three": "a document's or meeting's structure"}


@BOTH
def test_a_list_after_a_change_verb_is_a_list_of_changes(council):
    rows = read(council, "Fees 2024/25", "",
                "Fee rates will rise by 5.5% for home care and 6% for residential care.",
                "The service expects to complete 4,500 reviews, with 3,100 completed to date.")
    assert rows.loc["6%", "proposed_value_type"] == "change"
    assert rows.loc["6%", "proposed_unit"] == "percent_change"
    assert rows.loc["4,500", "proposed_value_type"] == "forecast"
    assert rows.loc["3,100", "proposed_value_type"] == "actual"


@BOTH
def test_a_range_of_months_is_one_period(council):
    rows = read(council, "Quarter 3 (October to December 2023)", "",
                "Reviews completed in the quarter: 1,204.",
                "Waits fell by 35% between April 2023 and March 2024.")
    assert rows.loc["1,204", "proposed_period"] == "Oct-Dec 2023"
    assert rows.loc["fell by 35%", "proposed_period"] == "Apr 2023 to Mar 2024"


@BOTH
def test_this_point_last_year_is_the_year_before(council):
    rows = read(council, "Admissions 2023/24", "",
                "New admissions were 145, compared with 160 at this point last year.")
    assert rows.loc["160", "proposed_period"] == "2022/23"


@BOTH
def test_last_years_figure_in_brackets_is_the_year_before_and_describes_nothing(council):
    rows = read(council, "Direct payments", "",
                "The share receiving direct payments was 31.5% in 2022-23. This is lower than "
                "last year (34%) and higher than the national average (26.6%).",
                "Of those discharged 81.2% were at home after 91 days in 2022-23, 3.2% higher "
                "than last year (78%).")
    assert rows.loc["(34%)", "proposed_period"] == "2021/22"
    assert rows.loc["(78%)", "proposed_period"] == "2021/22"
    # the benchmark and the change describe this year's figure, not last year's
    assert rows.loc["(26.6%)", "proposed_period"] == "2022/23"
    assert rows.loc[rows.index.str.startswith("3.2%")].iloc[0]["proposed_period"] == "2022/23"


@BOTH
def test_a_change_to_a_level_takes_the_levels_period(council):
    rows = read(council, "Safeguarding adults",
                "Section 42 enquiries rose by 12% to 1,050 in 2022/23, and concerns fell by 40 "
                "to 2,310 in 2023/24.")
    assert rows.loc["rose by 12%", "proposed_period"] == "2022/23"
    assert rows.loc["1,050", "proposed_period"] == "2022/23"
    assert rows.loc["fell by 40", "proposed_period"] == "2023/24"


@BOTH
def test_an_amount_against_a_budget_shares_its_sentences_year(council):
    rows = read(council, "Revenue monitoring",
                "In 2024/25 the service had 3,100 clients.",
                "The forecast outturn for 2025/26 is an overspend of £2.3m against a net budget "
                "of £145.6m.")
    assert rows.loc["£2.3m", "proposed_period"] == "2025/26"
    assert rows.loc["£145.6m", "proposed_period"] == "2025/26"
    assert rows.loc["£145.6m", "proposed_value_type"] == "budget"


@BOTH
def test_a_change_after_a_compared_level_describes_the_figure_before_it(council):
    rows = read(council, "Safeguarding adults",
                "In 2023/24, there were 1,345 concerns compared to 977 in 2022/23 - an increase "
                "of 38%.")
    assert rows.loc["977", "proposed_period"] == "2022/23"
    assert rows.loc["an increase of 38%", "proposed_period"] == "2023/24"


@BOTH
def test_a_change_from_one_level_to_another_takes_the_later_levels_period(council):
    rows = read(council, "Safeguarding adults",
                "Concerns rose with an increase of 57% from 3,064 in 2022/23 to 4,815 in "
                "2023/24.")
    assert rows.loc["an increase of 57%", "proposed_period"] == "2023/24"
    assert rows.loc["from 3,064", "proposed_period"] == "2022/23"


@BOTH
def test_a_plans_span_is_not_the_period_in_force(council):
    rows = read(council, "Quarter 1 Integrated Performance Report 2024/25",
                "Officers presented performance at Quarter 1 against the priorities of the "
                "Council Plan 2022-2027.",
                "The quarter one results showed 89% of activities on track.")
    assert rows.loc["89%", "proposed_period"] == "2024/25 Q1"


@BOTH
def test_a_minute_number_and_a_numbered_appendix_in_words_are_not_figures(council):
    skipped = non_figures(council, "17/19 Quarter 1 Budget Monitoring 2019/20",
                          "Appendix one gives the detail; 22/23 Budget lines follow.")
    assert skipped["17"] == skipped["19"] == "minute number"  # each number of it
    assert skipped["one"] == "reference to a numbered part"
    assert skipped["22"] == "date or period"  # consecutive years: a financial year


@BOTH
def test_a_plural_scale_is_the_scale(council):
    rows = read(council, "Budget monitoring 2019/20",
                "The projected overspend at month 6 was £5.3 millions, £1 million more than the "
                "£4.3millions forecast at month 4.")
    assert rows.loc["£5.3 millions", "proposed_value"] == 5_300_000
    assert rows.loc["£4.3millions", "proposed_value"] == 4_300_000


@BOTH
def test_a_sentence_opening_with_the_only_name_it_prints_is_that_authoritys(council):
    rows = read(council, "Direct payments 2022/23",
                "The share of service users receiving a direct payment was 27.4%.",
                "National (2021/22) service users receiving a direct payment 28.1 percent.")
    assert rows.loc["27.4%", "proposed_authority"] == council
    assert rows.loc["28.1 percent", "proposed_authority"] == "England"
    assert rows.loc["28.1 percent", "proposed_value_type"] == "benchmark"


@BOTH
def test_a_lists_heading_names_whose_its_items_are(council):
    rows = read(council, "Proportion of people receiving a direct payment:",
                f"{council}:", "- 2020-2021: 24.4%", "- 2021-2022: 25.3%",
                f"{REGION[council]}:", "- 2020-2021: 25.5%", "- 2021-2022: 26.1%",
                "How well we are doing:", "- 2022-2023: 27.0% against a target of 30%")
    assert rows.loc["24.4%", "proposed_authority"] == council
    assert rows.loc["26.1%", "proposed_authority"] == REGION[council]
    assert rows.loc["26.1%", "proposed_value_type"] == "benchmark"
    assert rows.loc["27.0%", "proposed_authority"] == council


@BOTH
def test_the_parts_of_a_list_of_amounts_share_its_kind(council):
    rows = read(council, "Revenue monitoring 2025/26",
                "All departments are projecting in-year pressures amounting to £4m (Adults "
                "£1m, Children's Services £1.1m and Resources £0.8m).",
                "£9.4m of capital schemes are proposed, with £4.2m outlined for a school and £5m "
                "for supported living.")
    assert rows.loc["£4m", "proposed_value_type"] == "forecast"
    assert rows.loc["£1.1m", "proposed_value_type"] == "forecast"
    assert rows.loc["£0.8m", "proposed_value_type"] == "forecast"
    assert rows.loc["£5m", "proposed_value_type"] == "budget"


@BOTH
def test_a_clause_naming_a_kind_of_figure_governs_the_next_clauses_amounts(council):
    rows = read(council, "Budget 2024/25",
                "Significant growth was planned across the services; £5.6m within children's "
                "services and £2.3m within adult social care.")
    assert rows.loc["£5.6m", "proposed_value_type"] == "budget"
    assert rows.loc["£2.3m", "proposed_value_type"] == "budget"


@BOTH
def test_savings_yet_to_be_delivered_are_a_target(council):
    rows = read(council, "Budget monitoring 2024/25",
                "Adult care was forecast to overspend by £6.7m, which included £890,000 of "
                "management actions yet to be delivered.")
    assert rows.loc["£890,000", "proposed_value_type"] == "target"


@BOTH
def test_report_codes_monitoring_months_and_numbered_resolutions_are_not_figures(council):
    skipped = non_figures(
        council,
        "Report of the County Treasurer (CT/19/106) on the budget monitoring position at "
        "month 6, attached.",
        "The underspend was £402,000 at month 6, a reduction from month 4.",
        "Workforce review - 12 month progress report",
        "RESOLVED: 1. To note the forecast position. 2. To note the actions taken.",
        "Such enquiries involved one or more types of concern; we work with a third party "
        "and the 3rd sector.")
    assert skipped["19"] == skipped["106"] == "code or name"
    assert skipped["6"] == "date or period" and skipped["4"] == "date or period"
    assert skipped["12"] == "duration used as a name"
    assert skipped["1"] == skipped["2"] == "paragraph number"
    assert skipped["one"] == "the word 'one', not a count"
    assert skipped["3"] == skipped["a third"] == "code or name"


@BOTH
def test_a_lists_items_are_matched_to_the_measure_named_above_its_authority_heading(council):
    from analysis.dataset.catalogue import load_measures
    from analysis.settings import Settings
    lines = ["Proportion of people accessing long-term support who were receiving a direct "
             "payment:", f"{council}:", "- 2020-2021: 24.4%", f"{REGION[council]}:",
             "- 2020-2021: 25.5%"]
    drafts, _ = find_candidates(lines, "test-paper", council,
                                load_measures(Settings.from_env().measures_csv),
                                authorities=AUTHORITIES)
    for _, row in drafts.iterrows():
        suggested = {row[f"proposed_measure_{k}"] for k in (1, 2, 3)}
        assert "ascof_direct_payments_users" in suggested, (row["raw"], suggested)


@BOTH
def test_a_forecast_with_no_period_is_for_the_year_the_paper_calls_current(council):
    rows = read(council, "What is behind the overspend?",
                "A projected £7.6m overspend across adult social care, due to more adults "
                "needing help.",
                "We are far from alone in facing a difficult challenge this financial year. "
                "Funding for councils in 2024-25 is £13bn less in real terms than in 2010/11.")
    assert rows.loc["£7.6m", "proposed_value_type"] == "forecast"
    assert rows.loc["£7.6m", "proposed_period"] == "2024/25"
    assert "line 3" in rows.loc["£7.6m", "period_from"]


@BOTH
def test_a_forecast_with_no_period_in_a_dated_meeting_is_for_the_meetings_year(council):
    rows = read(council, "Minutes of the meeting held on Wednesday 11 September 2019",
                "The Board noted a projected overspend of £1.2m across adult care.")
    assert rows.loc["£1.2m", "proposed_period"] == "2019/20"
    assert rows.loc["£1.2m", "proposed_period_source"] == "context"


@BOTH
def test_an_actual_with_no_period_is_not_given_the_meetings_year(council):
    rows = read(council, "Minutes of the meeting held on Wednesday 11 September 2019",
                "The service supported 1,454 people with learning disabilities.")
    assert rows.loc["1,454", "proposed_period"] == ""


@BOTH
def test_cue_words_on_the_line_above_govern_a_wrapped_sentences_figure(council):
    rows = read(council, "Quarter 1 Budget Monitoring 2019/20",
                "Including Public Health, the directorate-level position was projected to",
                "be an overspend of £0.352m and the council's own position was balanced.")
    assert rows.loc["£0.352m", "proposed_value_type"] == "forecast"


@BOTH
def test_a_short_line_above_is_a_heading_not_a_wrapped_sentence(council):
    rows = read(council, "Forecast overspend",
                "Care homes were paid £850 per week on average in 2019/20.")
    assert rows.loc["£850", "proposed_value_type"] != "forecast"


@BOTH
def test_a_wrapped_lead_in_gives_its_kind_to_the_items_below(council):
    rows = read(council, "Quarter 1 Budget Monitoring 2019/20",
                "At a service level, excluding Public Health and the Housing Revenue Account, "
                "there was a",
                "forecast year-end overspend of £1.5m made up",
                "as follows:",
                "- Resources: surplus of £0.162m;",
                "- Adult Social Care: £0.107m;")
    assert rows.loc["£0.162m", "proposed_value_type"] == "forecast"
    assert rows.loc["£0.107m", "proposed_value_type"] == "forecast"


@BOTH
def test_a_part_of_a_forecast_is_a_forecast(council):
    rows = read(council, "Budget 2024/25",
                "A projected £7.6m overspend across adult social care. £5.8m of this is due to "
                "the council needing to deliver more care packages.")
    assert rows.loc["£5.8m", "proposed_value_type"] == "forecast"


@BOTH
def test_a_range_of_dated_days_is_the_months_it_spans(council):
    rows = read(council, "Recruitment",
                "The campaign ran between 1 February and 31 March 2021 and drew 69 applicants.")
    assert rows.loc["69", "proposed_period"] == "Feb-Mar 2021"


@BOTH
def test_previously_is_the_year_before_the_one_in_force(council):
    rows = read(council, "Safeguarding",
                "Concerns rose to 4,815 in 2017/18. Previously only 20% of concerns led to an "
                "enquiry.")
    assert rows.loc["20%", "proposed_period"] == "2016/17"


@BOTH
def test_a_surplus_or_deficit_in_a_monitoring_list_is_offered_as_an_over_or_underspend(council):
    """Money is matched to money measures: a surplus is not a workforce share or a headcount."""
    from analysis.dataset.catalogue import load_measures
    from analysis.settings import Settings
    lines = ["Quarter 1 Budget Monitoring 2019/20",
             "There was a forecast year-end overspend of £1.5m made up as follows:",
             "- Resources: surplus of £0.162m;", "- Adult Social Care: surplus of £0.107m;",
             "- Children's Services: deficit of £1.531m."]
    drafts, _ = find_candidates(lines, "test-paper", council,
                                load_measures(Settings.from_env().measures_csv),
                                authorities=AUTHORITIES)
    measures = load_measures(Settings.from_env().measures_csv).set_index("measure_id")["unit"]
    for _, row in drafts.iterrows():
        suggested = [row[f"proposed_measure_{k}"] for k in (1, 2, 3)]
        assert "budget_overspend" in suggested, (row["raw"], suggested)
        assert all(measures.get(m, "gbp") == "gbp" for m in suggested if m), suggested


@BOTH
def test_a_share_in_brackets_after_an_amount_is_of_its_kind(council):
    """Somerset's budget minutes: '£14.9m adverse variance against their budget (8% of service
    budget)' is a forecast, and so is its 8%; a bracketed share of an actual stays actual."""
    rows = read(council, "Budget monitoring 2023/24", "",
                "Adult Services are forecasting a £14.9m adverse variance against their budget "
                "(8% of service budget).")
    assert rows.loc["£14.9m", "proposed_value_type"] == "forecast"
    assert rows.loc["8%", "proposed_value_type"] == "forecast"


# ------------------------------------------------------------------ round eight (issue 26)

@BOTH
def test_a_list_lead_in_naming_two_years_gives_its_items_the_later(council):
    """A budget paper's 'the revised budget for 2023/24 and the budget for 2024/25, which
    includes:' introduces the new year's items (Isle of Wight's budget setting)."""
    rows = read(council, "Budget setting",
                "That the Council approve the revised budget for 2025/26 and the budget for "
                "2026/27, which includes:", "(i) additional spending on adult care of £4.1m")
    assert rows.loc["£4.1m", "proposed_period"] == "2026/27"
    assert rows.loc["£4.1m", "proposed_value_type"] == "budget"


@BOTH
def test_so_far_in_a_year_names_the_papers_current_year_for_its_undated_forecasts(council):
    """Somerset's minutes date the budget's forecast only by a later 'So far in 2023/24'."""
    rows = read(council, "Minutes",
                "Adult Services are showing a £3.2m adverse variance against their budget.",
                "", "Calls averaged 410 a month in 2024/25. So far in 2025/26 the average is 398.")
    assert rows.loc["£3.2m", "proposed_period"] == "2025/26"
    assert "calls the current financial year" in rows.loc["£3.2m", "period_from"]


@BOTH
def test_savings_already_made_are_actuals_and_savings_to_find_are_forecasts(council):
    """Newcastle and Telford: 'has saved £381m and is forecast to need to save a further
    £62.8m'; 'to deliver £181.7m of savings over the last 16 years'; 'the delivery of savings
    of £1.6m'. The forecast cue after 'and is' belongs to the figure that follows."""
    rows = read(council, "Budget",
                "Since 2012 the council has saved £290m and is forecast to need to save a "
                "further £41.5m over the next three years.",
                "The council has worked to deliver £120.4m of savings over the last 12 years.",
                "The report notes the delivery of adult care savings of £2.2m to the end of "
                "July.")
    assert rows.loc["£290m", "proposed_value_type"] == "actual"
    assert rows.loc["£290m", "proposed_period"] == ""  # 'since 2012' starts a span to now
    assert rows.loc["£41.5m", "proposed_value_type"] == "forecast"
    assert rows.loc["£120.4m", "proposed_value_type"] == "actual"
    assert rows.loc["£2.2m", "proposed_value_type"] == "actual"


@BOTH
def test_a_series_after_a_forecast_amount_shares_its_kind(council):
    """'a further £62.8m over the next three years - £21.3m next year rising to £23.5m in
    2026-27 and then £18m in 2027-28': every amount of the series is forecast, each in its year."""
    rows = read(council, "Medium term financial plan",
                "The council is forecast to need to save £30m over the next three years - £12m "
                "next year rising to £10m in 2027-28 and then £8m in 2028-29.")
    for raw in ("£30m", "£12m", "£10m", "£8m"):
        assert rows.loc[raw, "proposed_value_type"] == "forecast", raw
    assert rows.loc["£10m", "proposed_period"] == "2027/28"
    assert rows.loc["£8m", "proposed_period"] == "2028/29"
    assert rows.loc["£30m", "proposed_period"] == ""  # a forward span: no period


@BOTH
def test_a_span_since_an_event_is_not_the_period_in_force(council):
    """Darlington: 'since the start of the vaccination programme, 217 care home staff ...' is
    dated by the programme, not by the dates of the sentence above; a dated span stays dated."""
    rows = read(council, "Covid-19",
                "Since 1 October 2020 to 3 January 2021, 140 care home staff tested positive.",
                "Since the start of the vaccination programme, 162 care home staff had received "
                "a first dose.")
    assert rows.loc["140", "proposed_period"] == "Oct 2020 to Jan 2021"
    assert rows.loc["162", "proposed_period"] == ""
    assert "since an event" in rows.loc["162", "period_from"]


def _measures():
    from analysis.dataset.catalogue import load_measures
    from analysis.settings import Settings
    return load_measures(Settings.from_env().measures_csv)


def read_with_measures(council: str, *lines: str) -> pd.DataFrame:
    drafts, _ = find_candidates(list(lines), "test-paper", council, _measures(),
                                authorities=AUTHORITIES)
    return drafts.set_index("raw")


def suggested(rows: pd.DataFrame, raw: str) -> list[str]:
    return [rows.loc[raw, f"proposed_measure_{k}"] for k in (1, 2, 3)]


@BOTH
def test_a_sentence_pointing_back_is_matched_by_the_sentence_it_points_to(council):
    """Derby's ASCOF prose: 'The proportion ... who received direct payments was 39.5% in
    2020-21. This is lower than last year (43%) and higher than the national average (26.6%).'
    The second sentence names no measure: its figures are the first sentence's measure."""
    rows = read_with_measures(
        council, "Adult social care users",
        "The proportion of people using services who received direct payments was 31.2% in "
        "2021-22. This is lower than last year (33%) and higher than the national average "
        "(26.7%). National (2021/22) 26.7 percent.")
    for raw in ("31.2%", "(33%)", "(26.7%)", "26.7 percent"):
        assert "ascof_direct_payments_users" in suggested(rows, raw), (raw, suggested(rows, raw))


@BOTH
def test_a_second_authority_list_stays_under_the_measures_heading(council):
    """Norfolk's dashboard: after an earlier measure's lists, a measure's heading, then
    'Norfolk:' and 'East of England:' lists. The region's figures are the measure's, not read
    under the council's list heading or the earlier list's."""
    rows = read_with_measures(
        council, "Performance dashboard", f"{REGION[council]}:", "- 2021-2022: 25.5%",
        "How well we are doing:", "- We are seeing a downwards trajectory",
        "Carers receiving carer-specific services who received a direct payment",
        "Proportion of carers receiving carer-specific services in a year who received a "
        "direct payment:", f"{council}:", "- 2020-2021: 94.9%", "- 2021-2022: 53.8%",
        "- January 2023: 48.7%",
        f"{REGION[council]}:", "- 2020-2021: 71.2%", "- 2021-2022: 77.6%",
        "How well we are doing:", "- We are seeing a downwards trajectory")
    for raw in ("53.8%", "77.6%"):
        assert rows.loc[raw, "proposed_measure_1"] == "ascof_direct_payments_carers", raw
    assert rows.loc["77.6%", "proposed_authority"] == REGION[council]


@BOTH
def test_a_bare_number_pointing_back_to_a_rate_takes_its_unit(council):
    """Derby: 'a rate of 19.4 younger adults per 100,000 ... This is lower than the rate for
    2019-20 (21.9). It is higher than the national rate (13.3).' A bare number of a sentence
    that points back to a rate, and compares, is that rate; a count pointing back to a count
    stays a count."""
    rows = read(council, "Admissions",
                "In 2021-22 there were 18.2 admissions of younger adults per 100,000 population. "
                "This is lower than the rate for 2020-21 (20.4). It is higher than the national "
                "rate (13.9).",
                "In 2021-22 there were 412 admissions. This is lower than last year (455).")
    for raw in ("(20.4)", "(13.9)"):
        assert rows.loc[raw, "proposed_unit"] == "per_100k", raw
    assert rows.loc["(455)", "proposed_unit"] == "count"


@BOTH
def test_a_benchmarks_own_year_in_its_comparison_clause_is_its_period(council):
    """Derby: 'It is higher than the 2020-21 average for our comparator authorities (14.7)':
    the year in the benchmark's clause is the benchmark's, though the sentence before was
    about 2019-20; a change's comparison year stays the comparison's."""
    rows = read(council, "Admissions",
                "In 2021-22 the rate was 19.1 per 100,000. This is lower than the rate for "
                "2020-21 (20.4). It is higher than the 2021-22 average for similar councils "
                "(14.9).",
                "Admissions were 412 in 2021-22, up 5% on 2020-21.")
    assert rows.loc["(14.9)", "proposed_period"] == "2021/22"
    assert rows.loc["5%", "proposed_period"] == "2021/22"
    assert rows.loc["5%", "proposed_value_type"] == "change"  # ', up 5% on': a change


@BOTH
def test_a_forecast_read_in_a_quarter_is_for_its_financial_year(council):
    """Sandwell: a forecast overspend after 'the budget monitoring report for Quarter 1' is the
    year's outturn forecast, made at Q1; an actual read there keeps the quarter."""
    rows = read(council, "Budget monitoring", "",
                "The board considered the monitoring report for Quarter 1 2022/23.",
                "There was a forecast year-end overspend of £1.2m.",
                "Admissions in the quarter were 104.")
    assert rows.loc["£1.2m", "proposed_period"] == "2022/23"
    assert rows.loc["104", "proposed_period"] == "2022/23 Q1"


@BOTH
def test_an_over_spend_is_a_forecast_not_a_budgets_spend(council):
    """Southampton: 'the baseline forecast over spend for portfolios is £2.0M': the 'spend' of
    'over spend' is no budget cue."""
    rows = read(council, "Budget monitoring 2023/24", "",
                "Cabinet noted that the baseline forecast over spend for portfolios is £1.7M.")
    assert rows.loc["£1.7M", "proposed_value_type"] == "forecast"


@BOTH
def test_a_council_tax_rise_proposed_is_a_budget_figure(council):
    """Newcastle and the Isle of Wight: a proposed or recommended council tax rise, and the
    income it raises, are budget figures though printed as increases; a council tax
    collection rate reported is not."""
    rows = read(council, "Budget 2026/27",
                "We propose to increase core Council Tax by 2.99%, which will increase income "
                "by £3.9 million.",
                "We also propose to apply the 2% Council Tax Precept for Adult Social Care.",
                "Council Tax collection was 96.1% last year.")
    for raw in ("2.99%", "£3.9 million", "2%"):
        assert rows.loc[raw, "proposed_value_type"] == "budget", raw
    assert rows.loc["96.1%", "proposed_value_type"] == "actual"


@BOTH
def test_a_running_header_with_a_meeting_date_sets_no_period(council):
    """Sandwell's minutes repeat 'Budget ... Board - 11 th September, 2019' at each page
    foot: a date with a comma before its year is a date, so the figures after it keep the
    financial year in force, not the calendar year 2019."""
    rows = read(council, "Quarter 1 Budget Monitoring 2024/25", "",
                "There was a forecast year-end overspend of £1.2m.",
                "Scrutiny Management Board - 11 th September, 2024",
                "In addition, there was a projected year end surplus of £0.864m.")
    assert rows.loc["£0.864m", "proposed_period"] == "2024/25"
