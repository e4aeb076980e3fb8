"""The column-wise cleaning of bare figures gives exactly what clean_row gives them, and leaves
to clean_row only the rows that need it."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.dataset import clean
from analysis.dataset.clean import INDICATOR_ROW, load_raw, lookups
from analysis.dataset.simple_columns import clean_simple
from analysis.parse.figures import SIMPLE_FIGURE
from analysis.sources.figure_files import FIGURE_COLUMNS

# A bare figure printed in ASCII: what the column-wise path must take unless clean_row rejects
# it, relabels it, or it is a stated change or a corrected figure.
ASCII_BARE = re.compile(SIMPLE_FIGURE.pattern, re.ASCII)


@cache
def _real():
    raw = load_raw()
    return raw, lookups(raw)


def _row_path(frame: pd.DataFrame):
    _, look = _real()
    indicators, rejects, kept = clean._clean_rows(clean._rows(frame), look.papers,
                                                  look.measures, look.corrections,
                                                  look.registered)
    return clean._typed_indicators(clean._columns(indicators, INDICATOR_ROW)), rejects, kept


def _both_paths(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The rows the column-wise path takes, asserted identical to clean_row's results."""
    _, look = _real()
    taken, columns = clean_simple(frame, look)
    if len(taken):
        by_row, rejects, kept = _row_path(frame.iloc[taken])
        assert not rejects and kept == list(range(len(taken)))
        by_column = clean._typed_indicators(columns)
        pd.testing.assert_frame_equal(by_column, by_row)
        for name in ("value", "printed_value", "precision"):  # -0.0 is written as '-0.0'
            assert (np.signbit(by_column[name]) == np.signbit(by_row[name])).all(), name
    return taken, frame


def _needs_row_path(frame: pd.DataFrame, left: np.ndarray) -> list[str]:
    """Why each left row needs clean_row; '' for a row nothing explains."""
    _, look = _real()
    corrected = {figure_id for figure_id, _ in look.corrections}
    rows = frame.iloc[left]
    by_row, rejects, kept = _row_path(rows)
    rejected = {r[0] for r in rejects}
    cleaned = dict(zip(by_row["figure_id"], by_row["value_type"], strict=True))
    reasons = []
    for row in rows.itertuples():
        reasons.append(
            "rejected" if row.figure_id in rejected else
            "change" if row.value_type == "change" else
            "corrected" if row.figure_id in corrected else
            "not a bare ASCII figure" if not ASCII_BARE.fullmatch(row.raw) else
            "relabelled" if cleaned[row.figure_id] != row.value_type else "")
    return reasons


def test_the_bundled_data_cleans_the_same_with_and_without_the_column_wise_path(monkeypatch):
    raw, _ = _real()
    fast = clean.clean_figures(raw)
    taken, _ = _both_paths(raw.figures)
    assert len(taken) > 0.3 * len(raw.figures)  # the path is taken: about half the rows
    monkeypatch.setattr(clean, "clean_simple",
                        lambda figures, look: (np.empty(0, dtype=np.int64), {}))
    for mine, theirs in zip(clean.clean_figures(raw), fast, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)


def test_every_bundled_row_left_to_clean_row_needs_it():
    raw, look = _real()
    taken, _ = clean_simple(raw.figures, look)
    left = np.setdiff1d(np.arange(len(raw.figures)), taken)
    reasons = _needs_row_path(raw.figures, left)
    unexplained = [fid for fid, why in zip(raw.figures["figure_id"].iloc[left], reasons,
                                           strict=True) if not why]
    assert not unexplained


WELL_FORMED = st.builds(
    lambda sign, body, fraction, tail: sign + body[0] + (f"{body[1]:,}" if body[2] else
                                                         str(body[1])) + fraction + tail,
    st.sampled_from(["", "", "-"]),
    st.tuples(st.sampled_from(["", "", "", "", "£", "£-"]), st.integers(0, 10**9), st.booleans()),
    st.sampled_from(["", "", ".0", ".5", ".25", ".125"]),
    st.sampled_from(["", "", "", "", "", "%", "k", "m", "bn"]))
PRINTED = st.one_of(
    WELL_FORMED, WELL_FORMED,
    st.from_regex(r"\A-?£?-?[0-9,.]{1,9}(?:k|m|bn|%|m%)?\Z"),
    st.sampled_from(["1,206", "-0", "-0.0%", "£-3bn", "-£0m", "12,000", "0", "85.3%", "1,2,3",
                     "99999999999999999999", "£1.25m", "\u0661\u0662", " 12", "12 ", "1e5",
                     "−5", "(120)", "12.50", "0.05%", "9" * 400]))
HINTS = st.sampled_from(["", "", "", "", "£000", "£m", "£", "%", "count", "per 100k", "days",
                         "years", "hours", "minutes", "bad"])
VALUE_TYPES = st.sampled_from(["actual", "benchmark", "budget", "change", "forecast",
                               "projection", "rank", "target"])
ODD_PERIODS = ["", "earlier", " Earlier ", "no such period", "2030/31", "2016/17", "Q3 2024/25",
               "2024", "March 2025"]


@st.composite
def raw_rows(draw) -> pd.DataFrame:
    raw, look = _real()
    n = draw(st.integers(1, 40))
    papers = sorted(look.papers)
    real_periods = sorted(set(raw.figures["period"]))
    authorities = sorted(set(raw.figures["authority"])) + ["", "leicester city"]
    corrected = sorted({figure_id for figure_id, _ in look.corrections})
    rows = []
    for i in range(n):
        paper = draw(st.sampled_from(papers))
        kind = draw(st.sampled_from(["p", "t"] * 4 + ["corrected"]))
        figure_id = draw(st.sampled_from(corrected)) if kind == "corrected" \
            else f"{paper}.{kind}{9000 + i:04d}"
        if kind == "corrected":  # the real row: its correction must stay readable
            rows.append(raw.figures.loc[raw.figures["figure_id"] == figure_id,
                                        FIGURE_COLUMNS].iloc[0].to_dict())
            continue
        measure = draw(st.sampled_from(sorted(look.measures)))
        printed, hint = draw(PRINTED), draw(HINTS)
        if draw(st.booleans()):  # a figure that fits its measure, as most real ones do
            unit = look.measures[measure]["unit"]
            printed = printed.lstrip("-£").rstrip("%kmb")
            printed = "£" + printed if unit == "gbp" else printed + "%" if unit == "percent" \
                else printed
            hint = ""
        rows.append({
            "figure_id": figure_id, "paper_id": figure_id.split(".")[0],
            "line": str(draw(st.integers(1, 5000))), "locator": "", "raw": printed,
            "authority": draw(st.sampled_from(authorities)),
            "measure_id": measure,
            "breakdown": draw(st.sampled_from(["", "18-64"])),
            "scope": draw(st.sampled_from(["", "all ages"])),
            "period": draw(st.sampled_from(real_periods) | st.sampled_from(ODD_PERIODS)),
            "period_source": draw(st.sampled_from(["printed", "context"])),
            "value_type": draw(VALUE_TYPES), "unit_hint": hint,
            "note": draw(st.sampled_from(["", "states its own period", "a note"]))})
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS, dtype="str")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_rows())
def test_column_wise_cleaning_equals_clean_row_and_leaves_only_what_needs_it(frame):
    taken, _ = _both_paths(frame)
    left = np.setdiff1d(np.arange(len(frame)), taken)
    if len(left):
        reasons = _needs_row_path(frame, left)
        assert all(reasons), frame.iloc[left][[r == "" for r in reasons]].to_dict("records")
