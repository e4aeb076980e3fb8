"""Printed numbers and figure spans, on real paper lines."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.curate.spans import figure_spans, line_spans, number_tokens, numbers_in_spans


def raws(line: str) -> list[str]:
    return [s.raw for s in figure_spans(line)]


def test_a_percentage_with_its_counts_in_brackets_is_one_span():
    line = ("During 2023/24, the proportion in Leicestershire was 85.3% (1,206 out of 1,414), "
            "and the figure for April to November 2024 is 87.0% (1,221 out of 1,403).")
    assert raws(line) == ["85.3% (1,206 out of 1,414)", "87.0% (1,221 out of 1,403)"]


def test_a_bracket_the_text_leaves_open_still_joins_its_percentage():
    assert raws("at home 91 days after discharge was 88.1% (538 out of 611")[-1] == \
        "88.1% (538 out of 611"


def test_from_x_to_y_gives_one_span_per_level():
    line = ("It was noted that average call waiting times had reduced from 19 to 6 minutes which "
            "was below the target set at 10 minutes.")
    assert raws(line) == ["from 19", "to 6 minutes", "10 minutes"]


def test_change_words_and_the_percentage_printed_with_them_join_the_span():
    line = ("the total number of posts decreased by 1,200 (- 7%), filled posts decreased by 400 "
            "(-3%) and vacancies decreased by 750 (-42%).")
    assert raws(line) == ["decreased by 1,200 (- 7%)", "decreased by 400 (-3%)",
                          "decreased by 750 (-42%)"]


def test_figures_joined_by_a_slash_or_by_or_are_one_span():
    assert raws("local authority 10.8%/1,700 jobs, independent 82.2%/12,900 jobs") == [
        "10.8%/1,700 jobs", "82.2%/12,900 jobs"]
    assert raws("which was 165 or 2.1% more than the previous 12-month period") == [
        "165 or 2.1% more"]


def test_ranges_and_rates_per_100000_are_one_span():
    assert raws("growth of approximately 1-1.5% a year") == ["approximately 1-1.5%"]
    assert raws("Leicestershire had 299 alerts per 100,000 against upwards of 1,700 per "
                "100,000") == ["299 alerts per 100,000", "upwards of 1,700 per 100,000"]


def test_word_numbers_are_printed_numbers_and_a_share_in_words_keeps_apart_from_its_count():
    line = ("Just over two-thirds (21,510) of the contacts were received via telephone or email, "
            "and four in every 10 (12,170) were a self-referral. A quarter (8,060) were received")
    assert raws(line) == ["Just over two-thirds", "(21,510)", "four in every 10", "(12,170)",
                          "A quarter", "(8,060)"]
    assert raws("ranked third highest among its comparators; bottom quartile") == [
        "ranked third highest", "bottom quartile"]


def test_table_cells_never_share_a_span_and_keep_their_brackets_and_quartiles():
    line = "Better Care Fund/NHS Contribution\t(£25.8m)\t(11.0%)"
    assert raws(line) == ["(£25.8m)", "(11.0%)"]
    row = "ASCOF 3D pt 2\t% of carers who find it\tH\tG\t↑\t61%\t64%\t58.4% (14/15)\tQ4 (14/15)"
    assert raws(row) == ["61%", "64%", "58.4%", "Q4"]
    assert raws("1,029,702\tHeads of Service (OC)\tS\t1,011,801\t-62,964\t-0") == [
        "1,029,702", "1,011,801", "-62,964", "-0"]


def test_a_bullet_dash_is_not_a_minus_sign():
    assert raws("- 6 formal contacts were dealt with by the Ombudsman, 2 of which were upheld") \
        == ["6", "2"]


def test_a_number_word_is_counted_once_and_one_in_four_is_one_number():
    line = "Two-thirds (66%) of 1,414 people; 1 in 4 had a fall"
    assert [line[s:e] for s, e in number_tokens(line)] == ["Two-thirds", "66", "1,414",
                                                            "1 in 4"]


ALPHABET = st.sampled_from(list("0123456789  ,.%£()-/+\tkm") + [
    " out of ", " to ", " from ", " or ", " increased by ", "2023/24", " per 100,000", " two ",
    " a quarter ", " Page ", " 6 May 2025 ", " years", "Q2", " aged ", "Strategy 2025-30 "])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=25).map("".join))
def test_every_span_is_printed_where_it_says_and_holds_each_number_once(line):
    spans = line_spans(line)
    for span in spans:
        assert line[span.start:span.end] == span.raw
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    held = numbers_in_spans(line)
    for start, end, span in held:
        assert span in spans and span.start <= start and end <= span.end
    assert len({(s, e) for s, e, _ in held}) == len(held)


def test_every_number_on_every_real_line_is_in_a_span(paper_lines_all):
    for line in paper_lines_all:
        for start, end, span in numbers_in_spans(line):
            assert span.start <= start and end <= span.end, (line, line[start:end])
            assert re.search(r"\d|[a-z]", span.raw, re.I)
