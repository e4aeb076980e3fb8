"""Printed figures from the papers to values, units and qualifiers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.parse.figures import Figure, Rejection, parse_figure

# (printed, unit_hint) -> (value, unit, qualifier); every string is from one of the five papers.
CASES = [
    ("£1,900,000", None, 1_900_000, "gbp", None),
    ("-£420,000", None, -420_000, "gbp", None),
    ("(-£3,630,000)", None, -3_630_000, "gbp", None),
    ("(1,780)", "£000", -1_780_000, "gbp", None),
    ("228,677", "£000", 228_677_000, "gbp", None),
    ("-36,774,122", "£", -36_774_122, "gbp", None),
    ("£1.3million", None, 1_300_000, "gbp", None),
    ("£178.9 million", None, 178_900_000, "gbp", None),
    ("£2.7", "£m", 2_700_000, "gbp", None),
    ("51.5", "£m", 51_500_000, "gbp", None),
    ("(£25.8m)", None, -25_800_000, "gbp", None),
    ("13.3k", None, 13_300, None, None),
    ("1,613.5k", None, 1_613_500, None, None),
    ("1.12m", None, 1_120_000, None, None),
    ("85.3% (1,206 out of 1,414)", None, 85.3, "percent", None),
    ("24.8 %", None, 24.8, "percent", None),
    ("7.50%", None, 7.5, "percent", None),
    ("(880)", None, 880, None, None),
    ("<773", None, 773, None, "less than"),
    ("12.8 per 100k Pop.", None, 12.8, "per_100k", None),
    ("566.0 per 100k pop. 23/24 Nat. Ave", None, 566.0, "per_100k", None),
    ("over 6,200", None, 6_200, None, "over"),
    ("around 15,450", None, 15_450, None, "approximately"),
    ("approximately 1000", None, 1_000, None, "approximately"),
    ("-0", None, 0.0, None, None),
    ("a quarter", None, 25.0, "percent", None),
    ("one-third (34%)", None, 34.0, "percent", None),
    ("57 pence", None, 0.57, "gbp", None),
    ("£10.07", None, 10.07, "gbp", None),
    ("41.3 years", None, 41.3, "years", None),
    ("58-62%", None, 60.0, "percent", "between"),
    ("736 End of November 2024", None, 736, None, None),
    ("104.1k Local Nov-24 Milestone", None, 104_100, None, None),
    ("<773 Position as at 31 st Mar 2024", None, 773, None, "less than"),
    ("90% Local Target 2024/25 (Academic year)", None, 90.0, "percent", None),
    ("Forecast 56 Admissions", None, 56, None, None),
    ("one million visits", None, 1_000_000, None, None),
    ("1 in 4", None, 25.0, "percent", None),
    ("10.8%/1,700 jobs", "count", 1_700, "count", None),
    ("ranked the second lowest", None, 2, "rank", None),
    ("bottom quartile", None, 4, "quartile", None),
    ("Nil", "£000", 0, "gbp", None),
    ("18.5 in 2022/23", None, 18.5, None, None),
    ("88.1% (538 out of 611", None, 88.1, "percent", None),
    ("Q4 (14/15)", None, 4, "quartile", None),
]


@pytest.mark.parametrize(("printed", "hint", "value", "unit", "qualifier"), CASES)
def test_printed_figures_parse_to_value_unit_and_qualifier(printed, hint, value, unit, qualifier):
    fig = parse_figure(printed, hint)
    assert isinstance(fig, Figure), fig
    assert fig.value == pytest.approx(value)
    assert fig.unit == unit
    assert fig.qualifier == qualifier


def test_percentage_keeps_its_numerator_and_denominator():
    fig = parse_figure("89.9% (519 out of 582)")
    assert (fig.numerator, fig.denominator) == (519, 582)


def test_truncated_figure_is_flagged_not_guessed():
    fig = parse_figure("around 15,")
    assert fig.value == 15 and "truncated" in fig.flags


def test_negative_zero_reads_as_zero_and_is_flagged():
    fig = parse_figure("-0")
    assert fig.value == 0 and "negative zero" in fig.flags


def test_bracketed_percentage_is_chosen_by_a_percent_hint():
    assert parse_figure("increased by 750 (5%)", "count").value == 750
    fig = parse_figure("increased by 750 (5%)", "%")
    assert (fig.value, fig.unit, fig.direction) == (5, "percent", 1)


@pytest.mark.parametrize("printed", ["decreased by 50", "a 9% reduction", "has fallen by 3"])
def test_direction_words_are_read(printed):
    assert parse_figure(printed).direction == -1


def test_range_carries_its_bounds():
    fig = parse_figure("18-22%")
    assert (fig.lower, fig.upper) == (18, 22)


@pytest.mark.parametrize(("printed", "reason_part"), [
    ("N/A", "no figure printed"),
    ("Due May -17", "not yet published"),
    ("Survey is annual and will next run in February 2025", "not yet published"),
    ("Maintain 15/16", "only a period"),
    ("For Information Only", "no figure printed"),
    ("£1.3million to be found from a budget of £4.9million", "more than one figure"),
    ("", "empty"),
])
def test_unreadable_figures_are_rejected_with_a_reason(printed, reason_part):
    result = parse_figure(printed)
    assert isinstance(result, Rejection)
    assert reason_part in result.reason


def test_unit_hint_that_contradicts_the_printed_unit_is_rejected():
    assert isinstance(parse_figure("85%", "£000"), Rejection)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from([None, "£000", "£m", "£", "%", "count"]))
def test_any_text_parses_or_is_rejected_with_a_reason(text, hint):
    result = parse_figure(text, hint)
    if isinstance(result, Rejection):
        assert result.reason.strip()
    else:
        assert isinstance(result, Figure) and math.isfinite(result.value)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_round_trip(n):
    assert parse_figure(f"{n:,}").value == n
    assert parse_figure(f"£{n:,}").value == n
    assert parse_figure(f"({n:,})", "£000").value == -n * 1000


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=1, allow_nan=False))
def test_percentages_round_trip(d):
    assert parse_figure(f"{d}%").value == pytest.approx(float(d))


def test_a_loose_decade_is_not_a_figure():
    assert "loosely" in parse_figure("high 30s%").reason


# ---------------------------------------------------------------- invisible characters, scales
@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x00",
                                       "\xad", "\u200e"])
def test_an_invisible_character_does_not_split_a_figure_from_its_scale(invisible):
    fig = parse_figure(f"around 1.84{invisible} million posts", prose=True)
    assert (fig.value, fig.qualifier) == (1_840_000, "approximately")


def test_invisible_characters_inside_a_number_are_ignored():
    assert parse_figure("15,\u200b450").value == 15_450
    assert parse_figure("\ufeff£1,900,000").value == 1_900_000


@pytest.mark.parametrize(("printed", "value"), [
    ("£1.2 Billion", 1_200_000_000), ("1.84 Million", 1_840_000), ("£60 BILLION", 60e9),
    ("12 Thousand", 12_000), ("£3.5 Mn", 3_500_000), ("£2.1BN", 2_100_000_000),
    ("£5.3 millions", 5_300_000), ("£8.15millions", 8_150_000), ("2 billions", 2e9),
])
def test_scale_words_are_read_in_any_case(printed, value):
    assert parse_figure(printed).value == pytest.approx(value)


@pytest.mark.parametrize("printed", ["1.84 Gazillion", "around 1.84 zillions", "£2 trillion",
                                     "3.2 mil", "£4 bln", "5 hundred"])
def test_an_unknown_scale_word_is_rejected_not_dropped(printed):
    result = parse_figure(printed, prose=True)
    assert isinstance(result, Rejection) and "reads as a scale but is not one" in result.reason


@pytest.mark.parametrize(("printed", "value"), [
    ("6,200 people", 6_200), ("12 milestones", 12), ("5 bills", 5), ("3 mills", 3),
    ("around 15,450 posts", 15_450), ("1,500 millennials", 1_500),
])
def test_ordinary_words_after_a_number_are_not_mistaken_for_scales(printed, value):
    assert parse_figure(printed, prose=True).value == value


def test_a_word_number_takes_hundred_as_its_scale():
    assert parse_figure("five hundred staff").value == 500


@pytest.mark.parametrize(("printed", "reading"), [
    ("top quartıle", "quartile"), ("one ın four", "percent"), ("to be publiſhed", "rejected")])
def test_letters_that_case_folding_matches_are_read_as_their_ascii_twins(printed, reading):
    """re.I matches ı as i and ſ as s: the searches see these as the words they stand for."""
    fig = parse_figure(printed)
    assert (fig.unit if isinstance(fig, Figure) else "rejected") == reading


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "-"]), st.sampled_from(["", "£", "£-"]),
       st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
       st.sampled_from([("", 1.0), ("k", 1e3), ("m", 1e6), ("bn", 1e9), ("%", 1.0)]))
def test_a_number_with_a_sign_pound_sign_scale_or_per_cent_reads_as_its_value(sign, pound,
                                                                               number, suffix):
    """'-£1.8m', '£-3bn', '-0.36%', '12,000': the minus on either side of the pound sign."""
    scale, factor = suffix
    if pound and scale == "%":
        return
    fig = parse_figure(f"{sign}{pound}{number:,}{scale}")
    negative = "-" in sign + pound and number != 0
    assert fig.value == pytest.approx(float(number) * factor * (-1 if negative else 1))
    assert fig.unit == ("gbp" if pound else "percent" if scale == "%" else None)
    assert ("negative zero" in fig.flags) == ("-" in sign + pound and number == 0)
    assert fig.precision == pytest.approx(0.5 * 10 ** -max(0, -number.as_tuple().exponent)
                                          * factor)
