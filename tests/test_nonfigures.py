"""Non-figure rules, on real paper lines: each recognises its kind, none hides a real figure."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from analysis.curate.spans import line_spans, numbers_in_spans
from analysis.parse.figures import Rejection, parse_figure
from analysis.sources.figure_files import figure_files, load_figures
from analysis.sources.papers import load_registry, paper_lines
from tests.conftest import needs_papers, now

_numbers = lru_cache(maxsize=None)(numbers_in_spans)


def skipped(line: str) -> dict[str, str]:
    return {s.raw: s.reason for s in line_spans(line) if s.reason}


@pytest.mark.parametrize("line, number, reason", [
    ("DATE: TUESDAY, 6 MAY 2025", "6", "date"),
    ("The minutes of the meeting held on Thursday 13th March have been circulated", "13",
     "date"),
    ("TIME: 5:30 pm", "30", "time"),
    ("For Press Enquiries - please phone the **Communications Unit on 0116 454 4151**.", "4151",
     "phone number"),
    ("(Pages 9 - 40)", "40", "page number"),
    ("17", "17", "page number"),
    ("112. ANNUAL REPORT 2023/24 ADULT SOCIAL CARE (ASC) COMPLAINTS AND COMMENDATIONS", "112",
     "agenda numbering"),
    ("2.1\tA social care workforce which is well led", "2.1", "paragraph number"),
    ("1. That the report be noted.", "1", "paragraph number"),
    ("Adult Social Care Workforce Strategy 2025-30", "2025", "year in a title"),
    ("This report concerns the 2023/24 ASC complaints", "2023", "date or period"),
    ("During the 12 months to the end of November 2024, the Council received", "12",
     "date or period"),
    ("3. Questions asked by members under Standing Order 7(3) and 7(5).", "7",
     "reference to a numbered part"),
    ("a copy of the report marked 'Agenda Item '8' is filed with these minutes.", "8",
     "reference to a numbered part"),
    ("Leicester City Council, Granby Wing, 3 Floor, CityHall, 115 Charles Street, Leicester, "
     "LE1 1FZ", "115", "postcode or address"),
    ("Email: governance@leicester.gov.uk or www.leicester.gov.uk/asc2024", "2024",
     "email or web address"),
    ("ASCOF 2E measures the proportion of adults aged 18-64 with a learning disability", "18",
     "age band"),
    ("as the Skills for Care figures2 show, the workforce", "2", "footnote marker"),
    ("the scheme was agreed on 31/03/2024 by Cabinet", "31", "date"),
    ("One of the cases dealt with by the ombudsman highlighted", "One",
     "the word 'one', not a count"),
    ("Threats..... 8", "8", "page number"),
    ("Duncan Bell, Change Manager (Climate Emergency). Ext. 37 2249", "2249", "phone number"),
    ("- 12 The total gross proposed budget for 2025/26 is £386m with contributions from grants",
     "12", "paragraph number"),
    ("t this work is already underway in the city as described in 4.5.1 of the report.", "4.5.1",
     "paragraph number"),
    ('<p style="text-align: center; font-size: 48px; opacity: 0.5;">DRAFT</p>', "48",
     "HTML markup"),
    ("- When children turn 18 they were looked after by the Care Act", "18", "age band"),
    ("approximately 2,500 posts will be reaching retirement age in the next 10 years.", "10",
     "date or period"),
    ("Our Engagement Forward Plan [IR 35] sets out the current and upcoming engagement", "35",
     "reference to a numbered part"),
    ("During the same survey two years ago 33% of carers stated they had as much social contact",
     "two", "date or period"),
    ("During the eight months from April to November 2024 there were 34 admissions", "eight",
     "date or period"),
    ("(2024/5) P9 Corporate Revenue Budget Report", "5", "date or period"),
    ("who are still living at home 91 days later. Performance between April and December, 88%",
     "91", "part of a measure's name"),
    ("[Source: ASCOF: Reablement Outcome and ASCOF: Reablement 91 Days]", "91",
     "part of a measure's name"),
    ("We are rolling out the 3 Conversations approach across our services.", "3",
     "code or name"),
    ("There needs to be more services like Three conversations.", "Three", "code or name"),
])
def test_each_rule_recognises_its_kind_on_a_real_line(line, number, reason):
    assert skipped(line).get(number) == reason


@pytest.mark.parametrize("line, figure", [
    ("By the end of December 95% of service users were in receipt of a personal budget", "95%"),
    ("Phase 1 had a predicted delivery of 155 units.", "155"),
    ("- 56 units of accommodation had been successfully delivered over 11 sites.", "56"),
    ("There had been 57 formal complaints, of which 19 were upheld.", "19"),
    ("the Council received 31,380 **new contacts**¹, which is slightly fewer", "31,380"),
    ("the average age was 41.3 years old. Workers aged under 25 made up just 10% of the "
     "workforce", "41.3 years"),
    ("a target of 80% by March 2017", "80%"),
    ("overall satisfaction was rated 6.16/10 and 8.39/10 by carers", "6.16/10"),
    ("Original prior year budget\t228,677\t233,703\t235,583\t240,758", "228,677"),
    ("the number waiting for six months or more at the end of November was 20", "20"),
    ("Engagement with care providers in September 2024, provided positive feedback (rated 4/5)",
     "4/5"),
    ("three conversations took place, 3 months after discharge", "3 months"),
])
def test_real_figures_are_left_to_the_curator(line, figure):
    assert figure in [s.raw for s in line_spans(line) if not s.reason]


@needs_papers
def test_no_rule_hides_a_curated_figure():
    """Every curated figure the build can read (prose and table rows) keeps at least one of its
    numbers out of the rules' reach, so the candidate finder still offers it. Rows printed as
    'Due May -17' are not figures and are left out."""
    registry = load_registry(now().papers_csv)
    figures = load_figures(figure_files(now().figures_dir))
    lines_of = {pid: paper_lines(pid, registry, now().paper_dirs()) for pid in registry["paper_id"]}
    hidden = []
    for row in figures.itertuples():
        if isinstance(parse_figure(row.raw, row.unit_hint or None), Rejection):
            continue
        line = lines_of[row.paper_id][int(row.line) - 1]
        spots = [(m.start(), m.end()) for m in re.finditer(re.escape(row.raw), line)]
        inside = [span for s, e, span in _numbers(line)
                  if any(a <= s and e <= b for a, b in spots)]
        if inside and all(span.reason for span in inside):
            hidden.append(f"{row.figure_id} {row.raw!r}: {[s.reason for s in inside]}")
    assert not hidden, "rules hide curated figures:\n" + "\n".join(hidden[:20])
