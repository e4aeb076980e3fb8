"""Scoring the candidate finder on papers no one here wrote: a folder of plain-text papers from
other councils with a hand-curated answer list.

The folder holds ``texts/*.txt``, ``answers.csv`` (one row per figure: file, council, line, raw,
value, unit, period, authority, value_type, measure, note), ``councils.csv`` (the councils'
kind, region and aliases, registered for the run only) and, optionally, ``halves.csv`` (council,
half) splitting the councils into a development and a test half.

Each answer is matched to the candidate on its line that overlaps its printed text, preferring
one that reads its value and unit; period, authority, value type and measure are then scored on
that candidate. A figure no candidate overlaps is wrong on every count. A proposed row that
overlaps no answer is a proposal that is not a figure; the answers record no number words
('two', 'a quarter'), so the share is also given for the rows that print digits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..parse.authorities import Authorities
from ..parse.periods import Period, parse_period
from ..sources.papers import read_paper_text
from ..sources.registers import load_councils
from ..tables_io import read_csv_checked
from .spans import printed_at

ANSWER_COLUMNS = ["file", "council", "kind", "region", "source_url", "line", "raw", "value",
                  "unit", "period", "authority", "value_type", "measure", "note"]
# The answer list's unit words, as the indicator table names them.
UNIT_ALIASES = {"pounds": "gbp", "rate_per_100k": "per_100k"}
CHANGE_UNITS = {"percent_change", "percentage_points"}  # a percent in a change
SCORE_COLUMNS = ["file", "council", "half", "line", "raw", "found", "value_right",
                 "period_right", "authority_right", "value_type_right", "measure_known",
                 "measure_right", "wanted", "proposed"]
METRICS = {  # metric: (the figures counted, the figures right)
    "value and unit": ("answers", "value_right"), "period": ("answers", "period_right"),
    "authority": ("answers", "authority_right"), "value type": ("answers", "value_type_right"),
    "measure among three": ("measure_known", "measure_right"),
}
TARGETS = {"value and unit": 98.0, "period": 90.0, "authority": 95.0, "value type": 90.0,
           "measure among three": 85.0, "not figures": 5.0}  # issue 26 (the last at most)


@dataclass(frozen=True)
class Folder:
    """A held-out folder read: each text's lines, the answers, the councils and the halves."""

    texts: dict[str, tuple[str, ...]]
    answers: pd.DataFrame
    councils: pd.DataFrame
    halves: dict[str, str]


def read_folder(folder: Path) -> Folder:
    """The texts, answers, councils and halves of ``folder``; an answer naming a text that is
    not there, or a line past its end, is a DataError."""
    folder = Path(folder)
    answers = read_csv_checked(folder / "answers.csv", ANSWER_COLUMNS)
    texts = {p.name: read_paper_text(p) for p in sorted((folder / "texts").glob("*.txt"))}
    for row in answers.itertuples():
        if row.file not in texts:
            raise DataError(folder / "answers.csv", f"names '{row.file}', which is not in "
                            f"{folder / 'texts'}", column="file",
                            fix="Put the text there or drop its answers.")
        if not 1 <= int(row.line) <= len(texts[row.file]):
            raise DataError(folder / "answers.csv", f"line {row.line} is past the end of "
                            f"{row.file}", column="line", fix="Give the line the figure is on.")
    halves_csv = folder / "halves.csv"
    halves = {} if not halves_csv.is_file() else dict(
        read_csv_checked(halves_csv, ["council", "half"]).itertuples(index=False))
    return Folder(texts, answers, load_councils(folder / "councils.csv"), halves)


Finder = Callable[[tuple[str, ...], str, str], pd.DataFrame]


def score_folder(folder: Folder, find: Finder, catalogue: set[str], authorities: Authorities
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per answer with what was right, one row per proposed row with whether it is a
    figure). ``find(lines, paper_id, council)`` drafts a text's candidates; ``catalogue`` is
    the measure ids the catalogue has (an answer's measure outside it is not scored)."""
    scores, proposals = [], []
    for file, lines in folder.texts.items():
        mine = folder.answers.loc[folder.answers["file"] == file]
        if mine.empty:
            continue
        council = mine["council"].iloc[0]
        drafts = find(lines, Path(file).stem, council)
        half = folder.halves.get(council, "")
        scored, figure_rows = score_text(lines, drafts, mine, catalogue, authorities)
        scores.append(scored.assign(file=file, council=council, half=half))
        proposals.append(drafts.assign(file=file, council=council, half=half,
                                       is_figure=figure_rows))
    return (pd.concat(scores, ignore_index=True)[SCORE_COLUMNS],
            pd.concat(proposals, ignore_index=True))


def score_text(lines, drafts: pd.DataFrame, answers: pd.DataFrame, catalogue: set[str],
               authorities: Authorities) -> tuple[pd.DataFrame, list[bool]]:
    """Each answer of one text scored against its candidates, and for each draft row whether
    it overlaps an answer."""
    rows = drafts.to_dict("records")
    used = [False] * len(rows)
    out = []
    for answer in answers.to_dict("records"):
        n = int(answer["line"])
        spots = printed_at(lines[n - 1], answer["raw"])
        hits = [i for i, r in enumerate(rows) if int(r["line"]) == n and any(
            s < int(r["position"]) + len(r["raw"]) and int(r["position"]) < e for s, e in spots)]
        for i in hits:
            used[i] = True
        right = [i for i in hits if _value_right(rows[i], answer)]
        best = rows[(right or hits)[0]] if hits else None
        known = answer["measure"] in catalogue
        out.append({
            "line": n, "raw": answer["raw"], "found": bool(hits), "value_right": bool(right),
            "period_right": best is not None and _period_right(best["proposed_period"],
                                                               answer["period"]),
            "authority_right": best is not None and best["proposed_authority"] == (
                authorities.canonical(answer["authority"], answer["council"])
                or answer["authority"]),
            "value_type_right": best is not None and best["proposed_value_type"] == answer[
                "value_type"],
            "measure_known": known,
            "measure_right": known and best is not None and answer["measure"] in {
                best[f"proposed_measure_{k}"] for k in (1, 2, 3)},
            "wanted": " | ".join(str(answer[c]) for c in (
                "value", "unit", "period", "authority", "value_type", "measure")),
            "proposed": "" if best is None else (
                f"{best['raw']} = {best['proposed_value']} {best['proposed_unit']} | "
                f"{best['proposed_period']} | {best['proposed_authority']} | "
                f"{best['proposed_value_type']} | {best['proposed_measure_1']}"),
        })
    return pd.DataFrame(out), used


def _value_right(row: dict, answer: dict) -> bool:
    """The candidate's value and unit are the answer's; a change is recorded by its printed
    magnitude, and a percent in a change may be a percent change or points."""
    unit = UNIT_ALIASES.get(answer["unit"], answer["unit"])
    proposed_unit = row["proposed_unit"]
    if unit == "percent" and proposed_unit in CHANGE_UNITS:
        proposed_unit = "percent"
    try:
        value, proposed = float(answer["value"]), float(row["proposed_value"])
    except (TypeError, ValueError):
        return False
    # the answers record a range by its lower end, the build by its midpoint and bounds
    lower = _number(row.get("lower")) if row.get("proposed_qualifier") == "between" else None
    close = any(math.isclose(value, p, rel_tol=1e-9, abs_tol=1e-9) for p in (proposed, lower)
                if p is not None) or (answer["value_type"] == "change" and math.isclose(
                    abs(value), abs(proposed), rel_tol=1e-9, abs_tol=1e-9))
    return close and proposed_unit == unit


def _number(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _span(text: str):
    found = parse_period(text) if text else None
    return (found.start, found.end) if isinstance(found, Period) else str(text or "").strip()


def _period_right(proposed: str, answer: str) -> bool:
    """The same period however written ('Q1 2019/20' is '2019/20 Q1', '12 months to Mar
    2019' is '2018/19'); no period printed is right only when none is proposed."""
    return _span(proposed) == _span(answer)


def summary(scores: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """Per half and overall: each metric's percentage and what it counts, beside its target."""
    rows = []
    halves = sorted(h for h in scores["half"].unique() if h) + ["all"]
    for half in halves:
        s = scores if half == "all" else scores.loc[scores["half"] == half]
        p = proposals if half == "all" else proposals.loc[proposals["half"] == half]
        counts = {"answers": pd.Series(True, index=s.index), "measure_known": s["measure_known"]}
        for metric, (base, right) in METRICS.items():
            counted = s.loc[counts[base]]
            rows.append({"half": half, "metric": metric, "right": int(counted[right].sum()),
                         "of": len(counted), "target": TARGETS[metric]})
        rows.append({"half": half, "metric": "not figures", "right": int((~p["is_figure"]).sum()),
                     "of": len(p), "target": TARGETS["not figures"]})
        digits = p.loc[p["raw"].str.contains(r"\d", regex=True)]
        rows.append({"half": half, "metric": "not figures, number words aside",
                     "right": int((~digits["is_figure"]).sum()), "of": len(digits),
                     "target": TARGETS["not figures"]})
    table = pd.DataFrame(rows)
    table["pct"] = (100 * table["right"] / table["of"].where(table["of"] > 0)).round(1)
    met = table["pct"] >= table["target"]
    table["met"] = met.where(~table["metric"].str.startswith("not figures"),
                             table["pct"] <= table["target"])
    return table[["half", "metric", "pct", "target", "met", "right", "of"]]
