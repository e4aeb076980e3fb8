"""The label classes of round three, each on the real rows and, where the rule is general, as a
property: a money sign convention never turns a rate's sign; a quartile follows its measure's
order; bounds are qualifiers, and a qualifier belongs to its own number; an observation groups
printings of one figure only, and a projection is never a change; an unknown scale word rejects
the figure and a range's scale covers both ends; a unit that contradicts its measure is never
stored as the measure's unit.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.dataset.build import build
from analysis.dataset.catalogue import load_measures
from analysis.dataset.clean import clean_figures, load_raw
from analysis.dataset.observations import assign_observations
from analysis.dataset.schemas import MAGNITUDE_SIGNS, MONEY_UNITS
from analysis.errors import DataError
from analysis.parse.figure_words import ABOVE, BELOW, QUARTILE_POSITIONS, TRAILING_QUALIFIERS
from analysis.parse.figures import Figure, Rejection, parse_figure
from analysis.sources.figure_files import FIGURE_COLUMNS

from .conftest import lines_of, needs_papers, now

CITY = "leicester-2025-05-06"
COUNTY = "leicestershire-2025-01-20"
PACK_2017 = "leicestershire-2017-03-07"


@pytest.fixture(scope="module")
def ind(tmp_path_factory) -> pd.DataFrame:
    return build(now().with_(processed_dir=tmp_path_factory.mktemp("processed"))).indicators


@pytest.fixture(scope="module")
def measures() -> pd.DataFrame:
    return load_measures(now().measures_csv).set_index("measure_id")


def row(ind: pd.DataFrame, figure_id: str) -> pd.Series:
    return ind.set_index("figure_id").loc[figure_id]


def printed_on(figure: pd.Series) -> str:
    return lines_of(figure["paper_id"])[int(figure["source_line"]) - 1]


def cleaned(*rows: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw rows (each overriding a real prose row) through the cleaner."""
    raw = load_raw(now().raw_dir)
    template = raw.figures.iloc[0]
    records = [{c: template[c] for c in FIGURE_COLUMNS}
               | {"figure_id": f"{template['paper_id']}.p98{i:02d}", "unit_hint": "",
                  "period": "2023/24", "value_type": "actual"} | r
               for i, r in enumerate(rows)]
    figures = pd.DataFrame(records, columns=FIGURE_COLUMNS)
    return clean_figures(dataclasses.replace(raw, figures=figures,
                                             corrections=raw.corrections.iloc[:0]))


# ---------------------------------------------------------------- 1. signs
@needs_papers
def test_a_growth_rate_below_its_standstill_target_keeps_its_minus(ind):
    growth = row(ind, f"{CITY}.p0045")
    assert "-0.36% i.e. below the standstill target" in printed_on(growth)  # 000:1030
    assert growth["value"] == growth["printed_value"] == -0.36
    assert "sign:" not in growth["flags"]


def test_a_sign_convention_turns_only_money(ind, measures):
    assert measures.loc[measures["sign"].isin(MAGNITUDE_SIGNS), "unit"].isin(MONEY_UNITS).all()
    turned = ind[ind["flags"].str.contains("sign: printed")]
    assert len(turned) > 100 and set(turned["unit"]) == {"gbp"}
    kept = ind[(ind["value"] < 0) & ~ind["unit"].isin(MONEY_UNITS)
               & (ind["value_type"] != "change")]
    assert (kept["value"] == kept["printed_value"]).all() and len(kept) >= 1


def test_a_money_convention_on_a_rate_is_refused_naming_the_row(raw_copy):
    path = raw_copy / "measures.csv"
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("reab_older_people_supported_"))
    path.write_text(text.replace(line, line.replace(",signed,", ",positive,")))
    with pytest.raises(DataError, match=r"sign 'positive' is a convention for money, but "
                                        r"reab_older_people_supported_growth_rate is in percent"):
        load_measures(path)


# ---------------------------------------------------------------- 2. quartiles
def test_every_quartile_row_is_numbered_in_its_measures_stated_order(ind, measures):
    quartiles = ind[ind["unit"] == "quartile"]
    orders = quartiles["measure_id"].map(measures["quartile_order"])
    assert len(quartiles) == 18 and orders.isin(["top_first", "bottom_first"]).all()
    words = quartiles[quartiles["flags"].str.contains("from words:")]
    for _, q in words.iterrows():
        place = QUARTILE_POSITIONS[re.search(r"from words: (\w+)", q["flags"]).group(1).lower()]
        expected = place if orders[q.name] == "top_first" else 5 - place
        assert q["value"] == expected, q[["figure_id", "raw", "value"]].tolist()
    # 002:787: Leicestershire's alert rate 'in the bottom quartile', its conversion rate 'in the
    # top 25%', both measures numbered 1 bottom to 4 top, as their definitions say
    assert row(ind, f"{COUNTY}.p0181")["value"] == 1.0
    assert row(ind, f"{COUNTY}.p0184")["value"] == 4.0
    said = measures.loc[measures["quartile_order"] != "", "definition"]
    bottom_first = said.str.contains("1 bottom to 4 top")
    assert (measures.loc[said.index[bottom_first], "quartile_order"] == "bottom_first").all()
    assert bottom_first.sum() == 2


@needs_papers
def test_the_2017_codes_are_the_packs_own_top_first_numbering(ind):
    assert "the top quartile is the top 25% of performing authorities" in lines_of(
        PACK_2017)[1238]
    words, code = row(ind, f"{PACK_2017}.p0186"), row(ind, f"{PACK_2017}.t1363c8")
    assert "bottom quartile nationally" in printed_on(words) and code["raw"] == "Q4 (14/15)"
    assert words["value"] == code["value"] == 4.0
    assert words["observation_id"] == code["observation_id"]  # one figure, printed twice


def test_a_quartile_for_a_measure_without_an_order_is_rejected():
    ind, rej = cleaned({"raw": "bottom quartile", "measure_id": "contacts_new_per_100k",
                        "value_type": "rank"})
    assert ind.empty
    assert "contacts_new_per_100k" in rej["reason"].iloc[0]
    assert "quartile_order" in rej["reason"].iloc[0]


@given(st.sampled_from(sorted(QUARTILE_POSITIONS)), st.sampled_from(["quartile", "25%"]))
def test_a_quartile_in_words_counts_from_opposite_ends_in_the_two_orders(place, noun):
    printed = f"{place} {noun}"
    top, bottom = (parse_figure(printed, quartile_order=o).value
                   for o in ("top_first", "bottom_first"))
    assert top + bottom == 5 and top == QUARTILE_POSITIONS[place]


def test_a_quartile_order_missing_from_a_quartile_measure_is_refused(raw_copy):
    path = raw_copy / "measures.csv"
    text = path.read_text()
    path.write_text(text.replace(",bottom_first,", ",,", 1))
    with pytest.raises(DataError, match="does not say which way its quartiles run"):
        load_measures(path)


@pytest.mark.parametrize(("ranks", "problem"), [("sg_conversion_rates", "is not a measure id"),
                                                ("", "")])
def test_a_quartile_must_name_a_measure_it_ranks_if_any(raw_copy, ranks, problem):
    path = raw_copy / "measures.csv"
    text = path.read_text()
    assert ",bottom_first,sg_conversion_rate,\n" in text
    path.write_text(text.replace(",bottom_first,sg_conversion_rate,\n",
                                 f",bottom_first,{ranks},\n"))
    if problem:
        with pytest.raises(DataError, match=problem) as error:
            load_measures(path)
        assert error.value.column == "quartile_of"
    else:
        assert "sg_conversion_rate_national_quartile" in set(load_measures(path)["measure_id"])


def test_a_quartile_link_on_a_measure_not_in_quartiles_is_refused_naming_it(raw_copy):
    path = raw_copy / "measures.csv"
    rows = path.read_text().split("\n")
    at = next(i for i, r in enumerate(rows) if r.startswith("sg_conversion_rate,"))
    assert rows[at].endswith(",,")  # quartile_of and mistaken_for, the last columns, are empty
    rows[at] = rows[at][:-1] + "sg_alerts_per_100k,"
    path.write_text("\n".join(rows))
    with pytest.raises(DataError, match="sg_conversion_rate names quartile_of") as error:
        load_measures(path)
    assert error.value.column == "quartile_of" and error.value.row is not None
    assert "Set quartile_of only on a measure in quartiles" in str(error.value)


# ---------------------------------------------------------------- 3. bounds and qualifiers
@needs_papers
@pytest.mark.parametrize(("figure_id", "qualifier", "lower", "upper"), [
    (f"{COUNTY}.p0182", "over", 1700.0, None),        # 'upwards of 1,700 per 100,000'
    (f"{COUNTY}.p0185", "at least", 41.0, None),      # '41% and above'
    ("leicester-2025-06-26.p0025", "up to", None, 74.0),   # 'as much as 74%'
    (f"{PACK_2017}.p0176", "over", 2000.0, None),     # 'just over 2,000 (9%)': the 2,000
    (f"{PACK_2017}.p0177", "", None, None),           # ... and the 9%, printed plainly
    (f"{CITY}.p0039", "over", 50.0, None),            # 'Over half'
])
def test_a_bound_is_a_qualifier_on_its_own_number(ind, figure_id, qualifier, lower, upper):
    r = row(ind, figure_id)
    assert r["raw"] in printed_on(r)
    assert r["qualifier"] == qualifier
    assert (None if pd.isna(r["lower"]) else r["lower"]) == lower
    assert (None if pd.isna(r["upper"]) else r["upper"]) == upper


def test_every_bound_qualifier_in_the_table_carries_its_bound(ind):
    above, below = ind[ind["qualifier"].isin(ABOVE)], ind[ind["qualifier"].isin(BELOW)]
    assert len(above) >= 20 and (above["lower"] == above["value"]).all()
    assert len(below) >= 3 and (below["upper"] == below["value"]).all()
    phrases = r"(?i)upwards of|as much as|as many as|and above|or more\b(?! years)"
    printed = ind[ind["raw"].str.contains(phrases)]
    assert printed["qualifier"].ne("").all(), printed[["figure_id", "raw"]]


@given(st.integers(min_value=1, max_value=10**6),
       st.sampled_from(["upwards of", "as much as", "as many as", "over", "just over",
                        "up to", "at least", "fewer than", "no more than", "not less than",
                        "a minimum of", "more than"]),
       st.sampled_from(["", "%", " people"]))
def test_a_leading_bound_bounds_its_figure(n, phrase, unit):
    fig = parse_figure(f"{phrase} {n:,}{unit}", prose=True)
    assert fig.qualifier in ABOVE + BELOW
    assert (fig.lower if fig.qualifier in ABOVE else fig.upper) == fig.value == n
    assert fig.direction == 0  # 'more than' bounds a figure; it does not make it a rise


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(sorted(TRAILING_QUALIFIERS)))
def test_a_trailing_bound_bounds_its_figure(n, phrase):
    fig = parse_figure(f"{n:,}% {phrase}", prose=True)
    assert fig.qualifier == TRAILING_QUALIFIERS[phrase]
    assert (fig.lower if fig.qualifier in ABOVE else fig.upper) == n


@given(st.integers(min_value=100, max_value=10**5), st.integers(min_value=1, max_value=99),
       st.sampled_from(["just over", "around", "nearly", "under"]))
def test_a_qualifier_before_a_count_does_not_qualify_its_bracketed_share(n, share, phrase):
    printed = f"{phrase} {n:,} ({share}%)"
    count, percent = parse_figure(printed, "count"), parse_figure(printed, "%")
    assert count.value == n and count.qualifier is not None
    assert percent.value == share and percent.qualifier is None
    assert percent.lower is None and percent.upper is None


# ---------------------------------------------------------------- 4. observations
@needs_papers
@pytest.mark.parametrize(("one", "other"), [
    (f"{PACK_2017}.p0010", f"{PACK_2017}.p0036"),   # 18% since 2009 (2015 report), 17% (2014)
    (f"{PACK_2017}.p0012", f"{PACK_2017}.p0038"),   # -60,000 and -50,000 council jobs
    (f"{COUNTY}.p5016", f"{COUNTY}.p5076"),         # 24% (12 months to Aug 24), 25% (2023/24)
])
def test_two_reports_estimates_for_different_spans_are_two_observations(ind, one, other):
    a, b = row(ind, one), row(ind, other)
    assert a["raw"] in printed_on(a) and b["raw"] in printed_on(b)
    assert a["period"] != b["period"] and a["value"] != b["value"]
    assert a["observation_id"] == one and b["observation_id"] == other


@needs_papers
def test_a_projected_rise_is_a_projection_not_a_change(ind):
    for figure_id in (f"{PACK_2017}.p0018", f"{PACK_2017}.p0019"):
        r = row(ind, figure_id)
        assert "will increase by 18%/275,000 jobs to 1.83 million jobs by 2025" in printed_on(r)
        assert r["value_type"] == "projection" and r["observation_id"] == figure_id
        assert "value type: projection" in r["flags"]
    changes = ind[ind["value_type"] == "change"]
    year_ends = pd.to_datetime([f"{d.year + (d.month >= 4)}-03-31" for d in
                                changes["meeting_date"]])
    assert (changes["period_end"].to_numpy() <= year_ends.to_numpy()).all()


def test_an_observation_never_joins_changes_over_different_spans(ind):
    changes = ind[ind["value_type"] == "change"]
    spans = changes.groupby("observation_id")["period"].nunique()
    assert len(changes) > 50 and (spans == 1).all()


def test_one_figure_under_two_headings_is_still_one_observation(ind):
    for prose, table in ((f"{PACK_2017}.p0155", f"{PACK_2017}.t1413c6"),   # 79% and 78.8%
                         (f"{COUNTY}.p0114", f"{COUNTY}.t0933c5x1")):      # 20 and 20
        assert row(ind, prose)["observation_id"] == row(ind, table)["observation_id"]


def _two_printings(a: float, b: float, precision: float, value_type: str = "actual"):
    return pd.DataFrame({
        "figure_id": ["p.p0001", "p.p0002"], "paper_id": ["p", "p"],
        "meeting_date": pd.to_datetime(["2017-03-07"] * 2), "source_line": [1, 2],
        "measure_id": ["m"] * 2, "authority": ["England"] * 2, "breakdown": ["", ""],
        "scope": ["adult social care"] * 2, "value_type": [value_type] * 2,
        "unit": ["percent"] * 2, "value": [a, b], "numerator": [None, None],
        "denominator": [None, None], "period": ["2009 to 2014", "2009 to 2015"],
        "period_kind": ["range"] * 2, "period_start": pd.to_datetime(["2009-01-01"] * 2),
        "period_end": pd.to_datetime(["2014-12-31", "2015-12-31"]),
        "precision": [precision] * 2, "flags": ["", ""], "_sentence_period": [False, False]})


def test_two_equal_changes_over_different_spans_are_two_observations():
    """'an 18% increase' since 2009 in one report and 'increase by 18%' to 2025 in the next
    paragraph are two figures, however equal."""
    out = assign_observations(_two_printings(18.0, 18.0, 0.5, "change"))
    assert out["observation_id"].tolist() == ["p.p0001", "p.p0002"]
    levels = assign_observations(_two_printings(18.0, 18.0, 0.5))
    assert levels["observation_id"].tolist() == ["p.p0001", "p.p0001"]


@given(st.integers(min_value=-500, max_value=500), st.integers(min_value=-3, max_value=3),
       st.sampled_from([0.5, 0.05, 5.0]))
def test_printings_for_different_periods_join_only_as_one_number_rounded(n, step, precision):
    a = n * 2 * precision
    b = a + step * 2 * precision  # whole rounding steps apart
    out = assign_observations(_two_printings(a, b, precision))
    assert (out["observation_id"].nunique() == 1) == (step == 0)
    changes = assign_observations(_two_printings(a, a, precision, "change"))
    assert changes["observation_id"].nunique() == 2  # a change's span is what it measures


# ---------------------------------------------------------------- 5. scale words and ranges
UNKNOWN_SCALES = ["mill", "mills", "Mill", "MILL", "Mills", "mil", "zillions", "bill", "bills",
                  "bln", "milion", "thou"]


def test_a_real_sum_with_its_scale_cut_short_is_rejected_with_the_word():
    raw = load_raw(now().raw_dir).figures
    sums = raw[raw["raw"].str.fullmatch(r"£\d+(?:\.\d+)?m")]
    assert len(sums) >= 10  # '£3.4m', '£14.7m', ... (002:351, 002:... )
    for printed in sums["raw"]:
        assert parse_figure(printed, prose=True).value >= 1e6
        for word in ("mill", "mills", "Mill"):
            short = printed[:-1] + " " + word
            result = parse_figure(short, prose=True)
            assert isinstance(result, Rejection) and f"'{word}' after" in result.reason
    ind, rej = cleaned({"raw": "£3.4 mill", "measure_id": "budget_savings",
                        "value_type": "budget"},
                       {"raw": "3.4 mill", "measure_id": "budget_savings",  # a £m column
                        "value_type": "budget", "unit_hint": "£m"})
    assert ind.empty and rej["reason"].str.contains("reads as a scale but is not one").all()


@given(st.decimals(min_value="0.1", max_value="999.9", places=1),
       st.sampled_from(UNKNOWN_SCALES), st.sampled_from(["", " "]))
def test_an_unknown_scale_word_after_a_sum_rejects_it(number, word, space):
    result = parse_figure(f"£{number}{space}{word}", prose=True)
    assert isinstance(result, Rejection), result
    assert "reads as a scale but is not one" in result.reason


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=0, max_value=500),
       st.sampled_from([("k", 1e3), ("m", 1e6), ("million", 1e6), ("bn", 1e9), ("", 1.0)]),
       st.sampled_from(["£", ""]), st.sampled_from(["-", " to "]))
def test_a_range_scale_printed_once_covers_both_ends(lo, width, scale, pound, dash):
    word, factor = scale
    hi = lo + width
    fig = parse_figure(f"{pound}{lo}{dash}{hi}{word}", prose=True)
    assert (fig.lower, fig.upper) == (lo * factor, hi * factor)
    assert fig.value == pytest.approx((lo + hi) / 2 * factor)


def test_five_to_seven_million_is_five_to_seven_million():
    fig = parse_figure("£5-7m")
    assert (fig.value, fig.lower, fig.upper, fig.unit) == (6e6, 5e6, 7e6, "gbp")
    assert parse_figure("£500k-£1m").lower == 500_000


# ---------------------------------------------------------------- 6. a unit against its measure
def test_a_real_bare_count_under_a_percent_measure_is_rejected_naming_both():
    raw = load_raw(now().raw_dir)
    count = raw.figures.set_index("figure_id").loc["leicester-2025-04-30.p0002"]
    assert count["raw"] == "an estimated 18,500 organisations"
    ind, rej = cleaned({"raw": count["raw"], "measure_id": "wf_vacancy_rate"},
                       {"raw": count["raw"], "measure_id": "wf_vacancy_rate",
                        "unit_hint": "%"})
    assert len(rej) == 1 and len(ind) == 1  # with a % hint, the context says it is a percent
    assert "wf_vacancy_rate" in rej["reason"].iloc[0] and "percent" in rej["reason"].iloc[0]
    ind, rej = cleaned({"raw": count["raw"], "measure_id": "budget_savings",
                        "value_type": "budget"})
    assert ind.empty and "budget_savings, which is measured in gbp" in rej["reason"].iloc[0]


def test_no_percent_row_is_a_bare_number(ind):
    raw = load_raw(now().raw_dir).figures.set_index("figure_id")["unit_hint"]
    percent = ind[ind["unit"] == "percent"]
    shown = (percent["raw"].str.contains(r"%|per ?cent", regex=True)
             | percent["flags"].str.contains("from words:")
             | (percent["figure_id"].map(raw) == "%"))
    assert len(percent) > 500 and shown.all(), percent.loc[~shown, ["figure_id", "raw"]]


@needs_papers
def test_a_wait_printed_in_weeks_is_stored_in_days(ind):
    wait = row(ind, f"{COUNTY}.p5155")
    assert "12.6 weeks" in printed_on(wait)
    assert wait["unit"] == "days" and wait["value"] == pytest.approx(88.2)
    assert "printed in weeks: 12.6 weeks" in wait["flags"]


@given(st.integers(min_value=101, max_value=10**6))
def test_a_bare_number_under_a_percent_measure_is_never_a_percentage(n):
    from analysis.dataset.row_rules import shown_as
    measure = {"unit": "percent", "measure_id": "wf_vacancy_rate"}
    assert isinstance(shown_as(Figure(float(n)), "actual", measure), str)
    assert shown_as(Figure(float(n), "percent"), "actual", measure)[2] == "percent"


def test_a_figure_parse_returns_a_figure_or_a_reason():
    assert isinstance(parse_figure("£3.4m"), Figure)


@needs_papers
def test_four_in_every_ten_is_forty_percent_not_ten(ind):
    """002:765: 'four in every 10 (12,170)' of 31,380 contacts: 40%, never the bare 10 read
    as a percentage under the row's % hint."""
    share = row(ind, f"{COUNTY}.p0095")
    assert "four in every 10 (12,170)" in printed_on(share)
    assert (share["value"], share["numerator"], share["denominator"]) == (40.0, 4.0, 10.0)
