"""Conflicting versions: one quantity printed in several places with different values.

The same measure, authority, breakdown, scope, period and value type printed as different
observations is one quantity printed twice (the occurrences of one observation, such as a
reprinted report, agree by definition). Each version is compared with the first printed (the
earliest meeting, then paper, line and id).
"""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .rows import check_row, groups, is_dated_level
from .rule import LOWER_BOUNDS, UPPER_BOUNDS, Outcome, judge, worst
from .sentences import capital, explain, gap_words, who

# Figures in different units are different quantities ('18%/275,000 jobs' is two figures).
VERSION_KEY = ["measure_id", "authority", "breakdown", "scope", "period", "value_type", "unit"]
FIRST_PRINTED = ["meeting_date", "paper_id", "source_line", "figure_id"]


def versions(figures: list[dict], check_id: str, kind: str, description: str) -> dict:
    """Every figure against the first: one check, with the worst verdict (the first of the
    most serious, largest differences). Each tolerance is both figures' precision; a first
    figure printed as a bound ("over 10,500") is also tested the other way round.

    >>> figures = [{"figure_id": f"p.p{i}", "paper_id": "p", "measure_id": "m", "value": v,
    ...             "printed_value": v, "precision": 0.5, "qualifier": "", "unit": "count",
    ...             "raw": f"{v:.0f}", "period": "2023/24", "source_file": "p.txt",
    ...             "source_line": i} for i, v in enumerate([868.0, 864.0], start=1)]
    >>> row = versions(figures, "versions:m", "conflicting versions", "Alerts")
    >>> row["verdict"], row["expected"], row["difference"]
    ('discrepancy', '868', -4.0)
    >>> row["explanation"].split(", a difference")
    ['Alerts: the papers print different figures (868, 864)', ' of up to 4 (0.5% of 868).']
    """
    first = figures[0]
    base, unit = float(first["value"]), first["unit"]
    judged = [(Outcome("ok", 0.0), float(first["precision"]))]
    for r in figures[1:]:
        tolerance = float(r["precision"] + first["precision"])
        outcome = judge(r["value"], base, tolerance, r["qualifier"], quantity=base, unit=unit)
        if outcome.verdict in ("ok", "inconclusive") and \
                first["qualifier"] in LOWER_BOUNDS | UPPER_BOUNDS:
            outcome = judge(base, r["value"], tolerance, first["qualifier"], quantity=base,
                            unit=unit)
        judged.append((outcome, tolerance))
    result = worst([outcome for outcome, _ in judged])
    tolerance = next(t for outcome, t in judged if outcome is result)
    shown = ", ".join(fmt(r["value"], unit, r["precision"]) for r in figures)
    text = explain(result, f"{description}: the papers agree ({shown})",
                   f"{description}: the papers print different figures ({shown}), a "
                   f"difference of up to {gap_words(result.difference, base, unit)}.", figures)
    if any(r["printed_value"] != r["value"] for r in figures):
        text += " (Compared as amounts: a table prints it as a negative figure.)"
    printed = "; ".join(f"{r['raw']} ({r['source_file']}:{r['source_line']})" for r in figures)
    return check_row(check_id, kind, figures, printed, fmt(base, unit, first["precision"]),
                     result, tolerance, base, text)


def implied_counts(ind: pd.DataFrame, checks: dict) -> pd.DataFrame:
    """The counts a percentage prints beside itself, as occurrences of the count measures that
    checks.toml's [[counts]] declares they are ('46% (796 out of 1,732)' prints 796 enquiries
    and 1,732 alerts), so that a count printed elsewhere can be compared with them."""
    frames = []
    named = ind[["measure_id", "measure_label"]].drop_duplicates()
    labels = dict(zip(named["measure_id"].tolist(), named["measure_label"].tolist(),
                      strict=True))
    for spec in checks.get("counts", []):
        rows = ind[(ind["measure_id"] == spec["measure"]) & ind["numerator"].notna()
                   & ind["denominator"].notna()]
        for column in ("numerator", "denominator"):
            if column in spec:
                frames.append(rows.assign(
                    measure_id=spec[column], value=rows[column], printed_value=rows[column],
                    measure_label=labels.get(spec[column], spec[column]), precision=0.0,
                    unit="count", qualifier="", numerator=float("nan"),
                    denominator=float("nan")))
    return pd.concat(frames, ignore_index=True) if frames else ind.iloc[0:0]


def conflicting_versions(ind: pd.DataFrame, checks: dict | None = None) -> list[dict]:
    """A ``versions`` check of every quantity printed as more than one observation by more
    than one figure, the counts beside percentages included.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "value": 868, "source_line": 5},
    ...                  {"figure_id": "p.p2", "value": 864, "source_line": 9})
    >>> [(row["locations"], row["verdict"]) for row in conflicting_versions(ind)]
    [('x.txt:5;x.txt:9', 'discrepancy')]
    """
    rows = pd.concat([ind, implied_counts(ind, checks or {})], ignore_index=True)
    # which rows are versions, decided on the key, the observation and the value
    candidates = rows.loc[is_dated_level(rows), VERSION_KEY + ["observation_id", "value",
                                                               "figure_id"]]
    # one row per observation and value: the reprints of an observation agree by definition
    candidates = candidates.drop_duplicates(VERSION_KEY + ["observation_id", "value"])
    figures = candidates.groupby(VERSION_KEY, dropna=False)["figure_id"]
    several = (figures.transform("size") > 1) & (figures.transform("nunique") > 1)
    rows = rows.loc[candidates.index[several]].sort_values(FIRST_PRINTED, kind="mergesort")
    return [versions(group, f"versions:{group[0]['measure_id']}:{group[0]['figure_id']}",
                     "conflicting versions",
                     f"{capital(who(group[0]))} ({group[0]['value_type']})")
            for group in groups(rows, VERSION_KEY)]
