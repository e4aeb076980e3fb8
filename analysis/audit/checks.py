"""Do the papers agree with themselves? The families of checks over the indicators.

Every check compares a printed figure with what the arithmetic of other printed figures gives,
and takes its verdict from :mod:`analysis.audit.rule`. Table arithmetic (declared sums) works
on the figures as their table prints them (``printed_value``: income negative where the table
prints it so); every other check compares values in each measure's sign convention, so a saving
printed as £400k in the text and (400) in a table agrees.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..dataset.units import fmt
from ..errors import AnalysisError
from ..parse.periods import Period, parse_period
from .rule import LOWER_BOUNDS, UPPER_BOUNDS, VERDICTS, Outcome, judge, judge_many

KINDS = ["percent vs counts", "table arithmetic", "split", "parts vs whole", "change vs levels",
         "conflicting versions", "conflicting periods", "rate x base", "corrected figure",
         "period out of context"]
CHECK_COLUMNS = ["check_id", "kind", "figure_ids", "locations", "papers", "measure_id",
                 "printed", "expected", "difference", "tolerance", "quantity", "verdict",
                 "explanation"]
LEVEL_TYPES = {"actual", "benchmark"}


class AuditSpecError(AnalysisError):
    """data/raw/checks.toml names a figure or measure that does not exist."""


# ---------------------------------------------------------------- sentences
Rows = pd.DataFrame | list[dict]


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, column by column: the same values, many times faster on
    Arrow string columns (which to_dict boxes one cell at a time).

    >>> records(pd.DataFrame({"a": ["x", "y"], "b": [1.5, 2.0]}))
    [{'a': 'x', 'b': 1.5}, {'a': 'y', 'b': 2.0}]
    """
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True))
            for values in zip(*(frame[c].tolist() for c in columns), strict=True)]


def _records(rows: Rows) -> list[dict]:
    return records(rows) if isinstance(rows, pd.DataFrame) else rows


def _row(check_id: str, kind: str, rows: Rows, printed: str, expected: str,
         outcome: Outcome, tolerance: float, quantity: float, explanation: str) -> dict:
    recs = _records(rows)
    return {
        "check_id": check_id, "kind": kind,
        "figure_ids": ";".join(r["figure_id"] for r in recs),
        "locations": ";".join(f"{r['source_file']}:{r['source_line']}" for r in recs),
        "papers": ";".join(dict.fromkeys(r["paper_id"] for r in recs)),
        "measure_id": ";".join(dict.fromkeys(r["measure_id"] for r in recs)),
        "printed": printed, "expected": expected, "difference": float(outcome.difference),
        "tolerance": float(tolerance), "quantity": float(abs(quantity)),
        "verdict": outcome.verdict, "explanation": explanation,
    }


def _who(row: pd.Series | dict) -> str:
    what = row["measure_label"][0].lower() + row["measure_label"][1:]
    part = f" ({row['breakdown']})" if row["breakdown"] else ""
    return f"{row['authority']}'s {what}{part} for {row['period']}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tail(outcome: Outcome) -> str:
    return ", within rounding" if outcome.verdict == "ok (rounding)" else ""


def _nearest(precision: float, unit: str) -> str:
    """'the nearest 1,000' for a figure printed as ±500."""
    step = 2 * precision
    if unit in ("percent", "percent_change", "percentage_points"):
        return f"the nearest {step:g} percentage point{'s' if step != 1 else ''}"
    return f"the nearest {fmt(step, unit if unit != 'percent' else 'count')}"


def _coarsest(rows: Rows) -> str:
    """Which printed input is too rounded to decide the check, in words."""
    recs = _records(rows)
    if not recs:
        return "the printed figures are rounded"
    r = max(recs, key=lambda x: x["precision"])  # the first of the coarsest, as idxmax
    return f"'{r['raw']}' ({r['period']}) is rounded to {_nearest(r['precision'], r['unit'])}"


def _explain(outcome: Outcome, agree: str, differ: str, rows: Rows) -> str:
    """The sentence for a verdict: ``agree`` (without its full stop) when the arithmetic holds,
    ``differ`` when it does not."""
    if outcome.verdict == "inconclusive":
        # the figures agree, or differ by less than the rounding: either way no test at all
        said = agree if abs(outcome.difference) < 1e-9 else differ.rstrip(".")
        return (f"{said}; but {_coarsest(rows)}, so the check could not have failed and "
                "confirms nothing: ask for the unrounded figures.")
    if outcome.verdict == "immaterial":
        return f"{differ.rstrip('.')}: an immaterial difference (under 0.01% of the figure)."
    if outcome.verdict == "discrepancy":
        return differ
    return f"{agree}{_tail(outcome)}."


# ---------------------------------------------------------------- percent vs counts
def percent_vs_counts(ind: pd.DataFrame) -> list[dict]:
    """A printed percentage against its own printed numerator and denominator."""
    rows = ind[(ind["unit"] == "percent") & ind["numerator"].notna() & ind["denominator"].notna()
               & (ind["denominator"] > 0) & ~ind["flags"].str.contains("from words")]
    out = []
    for r in records(rows):
        expected = 100 * r["numerator"] / r["denominator"]
        outcome = judge(r["value"], expected, r["precision"], r["qualifier"], unit="percent")
        printed, exp = fmt(r["value"], "percent", r["precision"]), fmt(expected, "percent",
                                                                           r["precision"])
        counts = f"{r['numerator']:,.0f} out of {r['denominator']:,.0f}"
        text = _explain(outcome, f"{printed} matches {counts} ({exp}",
                        f"The paper gives {printed}, but {counts} is {exp}.", [r])
        out.append(_row(f"percent:{r['figure_id']}", "percent vs counts", [r],
                        f"{printed} ({counts})", exp, outcome, r["precision"], r["value"], text))
    return out


# ---------------------------------------------------------------- table arithmetic
def load_checks(path: Path = paths.CHECKS_TOML) -> dict:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditSpecError(f"{path} is missing; restore it from git.") from None
    except tomllib.TOMLDecodeError as exc:
        raise AuditSpecError(f"{path} is not valid TOML ({exc}); fix the syntax.") from None


def _cell(paper_id: str, line: int, column: int) -> str:
    return f"{paper_id}.t{line:04d}c{column}"


def _grid(spec: dict) -> list[tuple[str, list[str], str]]:
    """(total id, part ids, label) triples for a grid-form sum."""
    paper = spec["paper_id"]
    if "total_line" in spec:
        return [(_cell(paper, spec["total_line"], c),
                 [_cell(paper, n, c) for n in spec["part_lines"]], f"column {c}")
                for c in spec["columns"]]
    first, last = spec["lines"]
    return [(_cell(paper, n, spec["total_column"]),
             [_cell(paper, n, c) for c in spec["part_columns"]], f"line {n}")
            for n in range(first, last + 1)]


def _sum_triples(spec: dict, known: set[str]) -> list[tuple[str, list[str], str]]:
    """The (total, parts, label) of a sum spec; in a grid, empty cells print nothing."""
    if "paper_id" not in spec:
        return [(spec["total"], list(spec["parts"]), "")]
    return [(total, [i for i in parts if i in known], label)
            for total, parts, label in _grid(spec) if total in known]


def _lookup(ind: pd.DataFrame, ids: list[str], check_id: str, known: set[str],
            not_run: list[str]) -> pd.DataFrame | None:
    """The rows for ``ids``; None (and a note in ``not_run``) when one was rejected in cleaning,
    since a sum or comparison without it would mislead."""
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise AuditSpecError(f"check '{check_id}' in checks.toml names figure(s) "
                             f"{', '.join(unknown)} that no raw figures file contains; fix the "
                             "id or the line and column numbers.")
    rejected = [i for i in ids if i not in ind.index]
    if rejected:
        not_run.append(f"{check_id}: {', '.join(rejected)} could not be read (see "
                       "rejects.csv)")
        return None
    return ind.loc[ids]


def summed_precision(ind: pd.DataFrame, checks: dict, known: set[str]) -> dict[str, float]:
    """Precision of every declared total as another table sees it: a printed sub-total that is
    itself the sum of rounded figures carries their rounding as well as its own (an MTFS total
    of £000 cells can be £1,500 from the exact sum of the pounds behind it)."""
    precision = dict(zip(ind["figure_id"].tolist(), ind["precision"].tolist(), strict=True))
    effective = dict(precision)
    triples = [t for spec in checks.get("sum", []) for t in _sum_triples(spec, known)]
    for _ in range(5):  # totals of totals: a few passes reach every level
        changed = False
        for total, parts, _label in triples:
            if total not in precision or any(p not in precision for p in parts):
                continue
            value = precision[total] + sum(effective[p] for p in parts)
            if value > effective[total]:
                effective[total], changed = value, True
        if not changed:
            break
    return effective


def table_arithmetic(ind: pd.DataFrame, checks: dict, known: set[str],
                     not_run: list[str] | None = None) -> list[dict]:
    """Declared sums and equalities: totals, column identities, cross-table agreement. A check
    naming a figure that was rejected in cleaning is not run and is listed in ``not_run``."""
    not_run = [] if not_run is None else not_run
    by_id = ind.set_index("figure_id", drop=False)
    out = []
    for spec in checks.get("sum", []):
        for total_id, part_ids, label in _sum_triples(spec, known):
            found = _lookup(by_id, [total_id] + part_ids, spec["id"], known, not_run)
            if found is None:
                continue
            total, parts = found.iloc[0], found.iloc[1:]
            expected = float(parts["printed_value"].sum())
            printed_value = float(total["printed_value"])
            tolerance = float(total["precision"] + parts["precision"].sum())
            unit = total["unit"]
            outcome = judge(printed_value, expected, tolerance, total["qualifier"],
                            quantity=printed_value, unit=unit)
            printed = fmt(printed_value, unit, total["precision"])
            exp = fmt(expected, unit, min([total["precision"]] + list(parts["precision"])))
            where = f" ({label})" if label else ""
            text = _explain(
                outcome, f"{spec['description']}{where}: {printed} = {exp}",
                f"{spec['description']}{where}: the paper prints {printed}, but the parts add up "
                f"to {exp}, a difference of {gap_words(outcome.difference, printed_value, unit)}.",
                found)
            suffix = f":{label.replace(' ', '')}" if label else ""
            out.append(_row(f"sum:{spec['id']}{suffix}", "table arithmetic", found, printed,
                            exp, outcome, tolerance, printed_value, text))
    effective = summed_precision(ind, checks, known)
    for spec in checks.get("equal", []):
        rows = _lookup(by_id, spec["figures"], spec["id"], known, not_run)
        if rows is None:
            continue
        rows = rows.assign(precision=[effective[i] for i in rows["figure_id"]])
        out.append(versions(rows, f"equal:{spec['id']}", "table arithmetic",
                            spec["description"]))
    return out


def gap_words(difference: float, base: float, unit: str) -> str:
    """A difference in proportion: percentage points for percentages, else the amount and its
    share of the figure ('451 (1.3% of 33,438)').

    >>> gap_words(1.6, 35.6, "percent"), gap_words(-451, 33438, "count")
    ('1.6 percentage points', '451 (1.3% of 33,438)')
    """
    if unit in ("percent", "percentage_points"):
        return f"{abs(difference):,.{1 if abs(difference) % 1 else 0}f} percentage points"
    amount = fmt(abs(difference), unit)
    if not base:
        return amount
    return f"{amount} ({abs(difference) / abs(base):.1%} of {fmt(abs(base), unit)})"


def versions(rows: pd.DataFrame, check_id: str, kind: str, description: str) -> dict:
    """Every row against the first: the same quantity printed in several places (one group of
    ``many_versions``, the one implementation of the rule)."""
    return many_versions(rows, np.array([0]), [check_id], kind, [description])[0]


def many_versions(rows: pd.DataFrame, starts: np.ndarray, check_ids: list[str], kind: str,
                  descriptions: list[str]) -> list[dict]:
    """Many groups of versions of one quantity, each row against its group's first: group ``g``
    is ``rows`` from ``starts[g]`` to the next start. Column by column, with the verdicts from
    ``judge_many``, for tens of thousands of groups; a property test holds it to the rule read
    one group and one row at a time (kept in the tests as the reference)."""
    if not len(starts):
        return []
    n = len(rows)
    starts = np.asarray(starts, dtype="int64")
    ends = np.r_[starts[1:], n]
    group = np.repeat(np.arange(len(starts)), ends - starts)
    first = starts[group]
    value, precision, printed_value = (rows[c].to_numpy("float64") for c in (
        "value", "precision", "printed_value"))
    qualifier, unit = (np.asarray(rows[c].tolist(), dtype=object) for c in ("qualifier", "unit"))
    base, first_precision = value[first], precision[first]
    first_qualifier, first_unit = qualifier[first], unit[first]
    tolerance = precision + first_precision
    verdict, difference = judge_many(value, base, tolerance, qualifier, base, first_unit)
    # a first figure printed as a bound is also tested the other way round
    again = np.isin(first_qualifier, list(LOWER_BOUNDS | UPPER_BOUNDS)) & np.isin(
        verdict, [VERDICTS.index("ok"), VERDICTS.index("inconclusive")])
    if again.any():
        v2, d2 = judge_many(base, value, tolerance, first_qualifier, base, first_unit)
        verdict, difference = np.where(again, v2, verdict), np.where(again, d2, difference)
    is_first = np.arange(n) == first
    verdict = np.where(is_first, VERDICTS.index("ok"), verdict)
    difference = np.where(is_first, 0.0, difference)
    tolerance = np.where(is_first, first_precision, tolerance)
    # worst: the most serious verdict, then the largest difference, the first such row
    order = np.lexsort((np.arange(n), -np.abs(difference), -verdict, group))
    chosen = order[np.r_[0, np.flatnonzero(np.diff(group[order])) + 1]]
    differs = np.logical_or.reduceat(printed_value != value, starts)
    col = {c: rows[c].tolist() for c in ("figure_id", "paper_id", "measure_id", "raw",
                                         "source_file", "source_line", "period")}
    where = [f"{f}:{line}" for f, line in zip(col["source_file"], col["source_line"],
                                              strict=True)]
    printed = [f"{r} ({w})" for r, w in zip(col["raw"], where, strict=True)]
    out = []
    for g, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        pick = int(chosen[g])
        result = Outcome(VERDICTS[int(verdict[pick])], float(difference[pick]))
        u, first_value = unit[a], float(base[a])
        each = [fmt(v, u, p) for v, p in zip(value[a:b].tolist(), precision[a:b].tolist(),
                                             strict=True)]
        shown = ", ".join(each)
        recs = [{"raw": col["raw"][i], "period": col["period"][i], "unit": unit[i],
                 "precision": float(precision[i])} for i in range(a, b)] \
            if result.verdict == "inconclusive" else []
        text = _explain(result, f"{descriptions[g]}: the papers agree ({shown})",
                        f"{descriptions[g]}: the papers print different figures ({shown}), a "
                        f"difference of up to {gap_words(result.difference, first_value, u)}.",
                        recs)
        if differs[g]:
            text += " (Compared as amounts: a table prints it as a negative figure.)"
        out.append({
            "check_id": check_ids[g], "kind": kind,
            "figure_ids": ";".join(col["figure_id"][a:b]), "locations": ";".join(where[a:b]),
            "papers": ";".join(dict.fromkeys(col["paper_id"][a:b])),
            "measure_id": ";".join(dict.fromkeys(col["measure_id"][a:b])),
            "printed": "; ".join(printed[a:b]),
            "expected": each[0],  # the first figure, as shown
            "difference": result.difference, "tolerance": float(tolerance[pick]),
            "quantity": abs(first_value), "verdict": result.verdict, "explanation": text,
        })
    return out


# ---------------------------------------------------------------- splits and parts
def _dimension(breakdown: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = breakdown.str.split(": ", n=1, expand=True)
    if parts.shape[1] == 1:
        parts[1] = ""
    return parts[0].where(breakdown != "", ""), parts[1].fillna("")


def _groups(rows: pd.DataFrame, key: list[str]) -> list[list[dict]]:
    """The rows of each group of ``key``, as records, in the frame's order: one pass."""
    if rows.empty:
        return []
    number = rows.groupby(key, sort=True, dropna=False).ngroup().to_numpy()
    order = np.argsort(number, kind="stable")
    recs = records(rows.iloc[order])
    bounds = np.flatnonzero(np.diff(number[order])) + 1
    starts = np.r_[0, bounds]
    ends = np.r_[bounds, len(recs)]
    return [recs[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


GROUP = ["paper_id", "source_line", "authority", "period", "value_type"]
# what the split and parts checks and their sentences read: the copies and records stay small
PART_COLUMNS = GROUP + ["figure_id", "source_file", "measure_id", "measure_label", "breakdown",
                        "value", "precision", "qualifier", "unit", "raw"]


def splits(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """Shares of one whole printed together must add to 100%."""
    out = []
    for spec in checks.get("split", []):
        rows = ind.loc[ind["measure_id"] == spec["measure"], PART_COLUMNS]
        rows["dimension"], rows["category"] = _dimension(rows["breakdown"])
        rows = rows[rows["dimension"] != ""]
        for group in _groups(rows, GROUP + ["dimension"]):
            cats = {r["category"] for r in group}
            if "categories" in spec and cats != set(spec["categories"]):
                continue
            if len(group) < spec.get("min_parts", 2):
                continue
            total = float(sum(r["value"] for r in group))
            tolerance = float(sum(r["precision"] for r in group))
            outcome = judge(total, 100.0, tolerance, quantity=100.0, unit="percent")
            first = group[0]
            terms = " + ".join(fmt(r["value"], "percent", r["precision"]) for r in group)
            subject = f"{first['authority']}'s {first['measure_label'][0].lower()}" \
                f"{first['measure_label'][1:]} for {first['period']} (by {first['dimension']})"
            shown = fmt(total, "percent", min(r["precision"] for r in group))
            text = _explain(outcome, f"{subject} add up to {shown}",
                            f"{subject} add up to {shown} ({terms}), not 100%.", group)
            check_id = f"split:{spec['measure']}:{first['figure_id']}"
            out.append(_row(check_id, "split", group, f"{terms} = {shown}", "100%", outcome,
                            tolerance, 100.0, text))
    return out


def parts_vs_whole(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """Counts by category printed with their whole must add up to it."""
    out = []
    for spec in checks.get("parts", []):
        rows = ind.loc[ind["measure_id"] == spec["measure"], PART_COLUMNS]
        rows["dimension"], rows["category"] = _dimension(rows["breakdown"])
        excluded = set(spec.get("exclude", []))
        for group in _groups(rows, GROUP):
            parts = [r for r in group if r["dimension"] == spec["dimension"]
                     and r["category"] not in excluded]
            wholes = [r for r in group if r["dimension"] != spec["dimension"]]
            if len(parts) < spec.get("min_parts", 2) or not wholes:
                continue
            whole = sorted(wholes, key=lambda r: r["breakdown"] != "")[0]
            expected = float(sum(r["value"] for r in parts))
            tolerance = float(whole["precision"] + sum(r["precision"] for r in parts))
            unit = whole["unit"]
            outcome = judge(whole["value"], expected, tolerance, whole["qualifier"],
                            quantity=whole["value"], unit=unit)
            exp = fmt(expected, unit)
            subject = _who(whole)
            all_rows = [whole] + parts
            text = _explain(
                outcome, f"{_capital(subject)}: the parts by {spec['dimension']} add up to "
                f"{exp}, consistent with {whole['raw']}",
                f"The paper gives {subject} as {fmt(whole['value'], unit)}, but its parts by "
                f"{spec['dimension']} add up to {exp}.", all_rows)
            out.append(_row(f"parts:{spec['measure']}:{whole['figure_id']}", "parts vs whole",
                            all_rows, whole["raw"], exp, outcome, tolerance, whole["value"],
                            text))
    return out


# ---------------------------------------------------------------- formulas (rate x base)
def _levels(ind: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The measure's levels, with the columns a formula check and its sentence read."""
    return ind.loc[(ind["measure_id"] == measure) & ind["value_type"].isin(LEVEL_TYPES)
                   & (ind["breakdown"] == ""), PART_COLUMNS + ["scope"]]


def _nearest_inputs(results: pd.DataFrame, inputs: pd.DataFrame, key: list[str]
                    ) -> dict[str, dict]:
    """For each result, the input printed nearest to it (the same sentence first) with the same
    key, as a record keyed by the result's figure id."""
    pairs = results[["figure_id", "source_line", *key]].merge(
        inputs, on=key, suffixes=("_result", ""))
    if pairs.empty:
        return {}
    pairs = pairs.assign(_d=(pairs["source_line"] - pairs["source_line_result"]).abs())
    pairs = pairs.sort_values(["figure_id_result", "_d", "source_line", "figure_id"],
                              kind="mergesort").drop_duplicates("figure_id_result")
    return dict(zip(pairs["figure_id_result"].tolist(), records(pairs[list(inputs.columns)]),
                    strict=True))


def formulas(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """Every printed rate, product or sum against the printed figures it is made of, taking
    each input from the same paper, authority and period, printed nearest to the result."""
    out = []
    key = ["paper_id", "authority", "scope", "period", "value_type"]
    for spec in checks.get("formula", []):
        results = _levels(ind, spec["result"])
        inputs = [_nearest_inputs(results, _levels(ind, m), key) for m in spec["inputs"]]
        for r in records(results):
            picked = [found.get(r["figure_id"]) for found in inputs]
            if any(p is None for p in picked):
                continue
            xs = [p["value"] for p in picked]
            ps = [p["precision"] for p in picked]
            if spec["kind"] == "ratio":
                if xs[1] == 0:
                    continue
                scale = spec.get("scale", 1)
                expected = scale * xs[0] / xs[1]
                carried = scale * (ps[0] / abs(xs[1]) + abs(xs[0]) * ps[1] / xs[1] ** 2)
            elif spec["kind"] == "product":
                expected = xs[0] * xs[1]
                carried = abs(xs[1]) * ps[0] + abs(xs[0]) * ps[1]
            else:
                expected, carried = sum(xs), sum(ps)
            tolerance = float(r["precision"] + carried)
            unit = r["unit"]
            outcome = judge(r["value"], expected, tolerance, r["qualifier"], quantity=r["value"],
                            unit=unit)
            uncertain = spec.get("uncertain_basis", "")
            if uncertain and outcome.verdict == "discrepancy":
                # the paper's rate may rest on another base than the figures beside it
                outcome = Outcome("inconclusive", outcome.difference)
            printed, exp = fmt(r["value"], unit, r["precision"]), fmt(expected, unit,
                                                                      r["precision"])
            shown = ", ".join(p["raw"] for p in picked)
            subject = _who(r)
            rows = [r] + picked
            differ = (f"The paper gives {subject} as {printed}, but {spec['description']} from "
                      f"the figures it prints ({shown}) gives {exp}.")
            if uncertain and outcome.verdict == "inconclusive":
                text = (f"{differ.rstrip('.')}; but {uncertain}, so the check confirms nothing:"
                        " ask which base the rate uses.")
            else:
                text = _explain(outcome, f"{_capital(subject)}: {printed} agrees with "
                                f"{spec['description']} ({shown} gives {exp})", differ, rows)
            out.append(_row(f"formula:{spec['result']}:{r['figure_id']}", "rate x base", rows,
                            printed, exp, outcome, tolerance, r["value"], text))
    return out


# ---------------------------------------------------------------- change vs levels
SERIES = ["measure_id", "authority", "breakdown", "scope"]
LEVEL_COLUMNS = SERIES + ["period", "period_start", "period_end", "figure_id", "paper_id",
                          "meeting_date", "source_file", "source_line", "measure_label", "value",
                          "precision", "unit", "raw"]


def _first_level(changes: pd.DataFrame, levels: pd.DataFrame, change_on: list[str],
                 level_on: list[str]) -> pd.DataFrame:
    """For each change, the printed level it matches on the given columns: from its own paper
    first, then the earliest printing. Indexed by the change's figure id."""
    pairs = changes[["figure_id", "paper_id", *change_on]].merge(
        levels, left_on=change_on, right_on=level_on, suffixes=("_change", ""))
    pairs = pairs.assign(_other=pairs["paper_id"] != pairs["paper_id_change"])
    pairs = pairs.sort_values(["figure_id_change", "_other", "meeting_date", "source_line",
                               "figure_id"], kind="mergesort")
    return pairs.drop_duplicates("figure_id_change").set_index("figure_id_change")


def changes_vs_levels(ind: pd.DataFrame) -> list[dict]:
    """A stated change against the two printed levels it connects: the two ends of an 'A to
    B' period, else the same period a year earlier and the change's own period."""
    changes = ind[ind["value_type"] == "change"]
    if changes.empty:
        return []
    levels = ind.loc[ind["value_type"].isin(LEVEL_TYPES), LEVEL_COLUMNS]  # what is read
    span = changes["period"].str.split(" to ", n=1)
    spans = pd.Series([len(s) == 2 and all(isinstance(parse_period(x), Period) for x in s)
                       for s in span], index=changes.index)
    changes = changes.assign(
        _from=span.str[0].where(spans, ""), _to=span.str[-1].where(spans, changes["period"]),
        _start=(changes["period_start"] - pd.DateOffset(years=1)),
        _end=(changes["period_end"] - pd.DateOffset(years=1)), _span=spans)
    before = pd.concat([
        _first_level(changes[changes["_span"]], levels, SERIES + ["_from"], SERIES + ["period"]),
        _first_level(changes[~changes["_span"]], levels, SERIES + ["_start", "_end"],
                     SERIES + ["period_start", "period_end"])])
    after = _first_level(changes, levels, SERIES + ["_to"], SERIES + ["period"])
    # what the sentences read (boxing dates is slow)
    read = [c for c in LEVEL_COLUMNS if c not in ("period_start", "period_end", "meeting_date")]
    before = dict(zip(before.index.tolist(), records(before[read]), strict=True))
    after = dict(zip(after.index.tolist(), records(after[read]), strict=True))
    out = []
    for c in records(changes[[c for c in ind.columns if c not in (
            "period_start", "period_end", "meeting_date")]]):
        b_row, a_row = before.get(c["figure_id"]), after.get(c["figure_id"])
        if b_row is None or a_row is None:
            continue
        a, b, pa, pb = b_row["value"], a_row["value"], b_row["precision"], a_row["precision"]
        if c["unit"] == "percent_change":
            if a == 0:
                continue
            expected = 100 * (b - a) / a
            carried = 100 * (pb / abs(a) + abs(b) * pa / a ** 2)
        else:
            expected, carried = b - a, pa + pb
        tolerance = float(c["precision"] + carried)
        unit = c["unit"]
        outcome = judge(c["value"], expected, tolerance, c["qualifier"], quantity=c["value"],
                        unit=unit)
        printed, exp = fmt(c["value"], unit, c["precision"]), fmt(expected, unit, c["precision"])
        levels_text = (f"{fmt(a, a_row['unit'], pa)} ({b_row['period']}) to "
                       f"{fmt(b, a_row['unit'], pb)} ({a_row['period']})")
        subject = _who(a_row)
        recs = [c, b_row | {"figure_id": _id(b_row)}, a_row | {"figure_id": _id(a_row)}]
        text = _explain(
            outcome, f"The stated change of {printed} in {subject} matches the printed levels, "
            f"{levels_text}",
            f"The paper states a change of {printed} ('{c['raw']}') in {subject}, but the "
            f"printed levels, {levels_text}, give {exp}.", recs)
        out.append(_row(f"change:{c['figure_id']}", "change vs levels", recs, printed, exp,
                        outcome, tolerance, c["value"], text))
    return out


def _id(record: dict) -> str:
    return record["figure_id"]


# ---------------------------------------------------------------- one figure, two versions
VERSION_KEY = ["measure_id", "authority", "breakdown", "scope", "period", "value_type"]
VERSION_COLUMNS = VERSION_KEY + ["figure_id", "paper_id", "meeting_date", "source_file",
                                 "source_line", "measure_label", "observation_id", "value",
                                 "printed_value", "precision", "qualifier", "unit", "raw"]


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
            if column not in spec:
                continue
            counts = rows.assign(measure_id=spec[column], value=rows[column],
                                 measure_label=labels.get(spec[column], spec[column]),
                                 printed_value=rows[column], precision=0.0, unit="count",
                                 qualifier="", numerator=None, denominator=None)
            frames.append(counts)
    return pd.concat(frames, ignore_index=True) if frames else ind.iloc[0:0]


def conflicting_versions(ind: pd.DataFrame, checks: dict | None = None) -> list[dict]:
    """The same measure, authority, breakdown, period and type printed as different
    observations (occurrences of one observation, such as a reprint, agree by definition), the
    counts beside percentages included."""
    extra = implied_counts(ind, checks or {})
    # two undated figures need not be of one period ('risen from 36% to 39%')
    # only the columns the sentences read: the copies and records stay small
    rows = ind.loc[(ind["value_type"] != "change") & (ind["period_kind"] != "undated"),
                   VERSION_COLUMNS]
    if len(extra):
        rows = pd.concat([rows, extra.loc[(extra["value_type"] != "change")
                                          & (extra["period_kind"] != "undated"),
                                          VERSION_COLUMNS]], ignore_index=True)
    rows = rows.reset_index(drop=True)
    # integer codes for the key (in the key's sorted order) and the ids: one factorisation each
    key = rows.groupby(VERSION_KEY, sort=True, dropna=False).ngroup().to_numpy()
    figure = pd.factorize(rows["figure_id"], sort=True)[0]
    # one row per observation and value (an observation's reprints agree by definition)
    kept = ~pd.DataFrame({"key": key, "observation": pd.factorize(rows["observation_id"])[0],
                          "value": rows["value"].to_numpy()}).duplicated().to_numpy()
    # a key printed more than once, by more than one figure
    size = np.bincount(key[kept], minlength=key.max() + 1 if len(key) else 0)
    pairs = np.unique(np.stack([key[kept], figure[kept]]), axis=1)
    ids = np.bincount(pairs[0], minlength=len(size))
    kept &= (size[key] > 1) & (ids[key] > 1)
    at = np.flatnonzero(kept)
    if not len(at):
        return []
    # by key; within a key by meeting, paper, line and id; ties in the rows' order
    paper = pd.factorize(rows["paper_id"], sort=True)[0]
    order = at[np.lexsort((at, figure[at], rows["source_line"].to_numpy()[at], paper[at],
                           rows["meeting_date"].to_numpy()[at], key[at]))]
    rows = rows.take(order)
    starts = np.r_[0, np.flatnonzero(np.diff(key[order])) + 1]
    firsts = records(rows.iloc[starts][["measure_id", "figure_id", "measure_label", "breakdown",
                                        "authority", "period", "value_type"]])
    return many_versions(
        rows, starts, [f"versions:{f['measure_id']}:{f['figure_id']}" for f in firsts],
        "conflicting versions", [f"{_capital(_who(f))} ({f['value_type']})" for f in firsts])


def _significant_digits(raw_value: float) -> int:
    digits = f"{abs(raw_value):.6g}".replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


DISTINCTIVE = 3  # a value printed with three significant digits rarely recurs by chance


def conflicting_periods(ind: pd.DataFrame) -> list[dict]:
    """One figure printed with two different periods in one paper (a Skills for Care estimate
    dated July 2016 in one section and July 2015 in another). Only values printed with enough
    digits that a coincidence is unlikely, on different lines, that are not already one
    observation."""
    key = ["paper_id", "measure_id", "authority", "breakdown", "scope", "value_type", "unit",
           "value"]
    rows = ind.loc[(ind["period_kind"] != "undated") & (ind["value_type"] != "change"),
                   key + ["period", "source_line", "observation_id", "figure_id", "source_file",
                          "measure_label", "precision"]]  # what is read: the copies stay small
    # each distinct value's digits once
    distinct, where = np.unique(rows["value"].to_numpy("float64"), return_inverse=True)
    digits = np.array([_significant_digits(v) for v in distinct.tolist()], dtype="int64")
    rows = rows[digits[where.reshape(-1)] >= DISTINCTIVE]
    if rows.empty:
        return []
    group = rows.groupby(key, sort=False, dropna=False).ngroup().rename("_g")
    rows = rows.assign(_g=group)
    # a table row printing one value in several years' columns is not one figure
    per_line = rows.groupby(["_g", "source_line"])["observation_id"].transform("nunique")
    rows = rows[per_line == 1].drop_duplicates(["_g", "observation_id"])
    by = rows.groupby("_g")
    enough = (by["observation_id"].transform("size") > 1) & (
        by["source_line"].transform("nunique") > 1) & (by["period"].transform("nunique") > 1)
    rows = rows[enough].sort_values(["_g", "source_line"], kind="mergesort")
    out = []
    for reps in _groups(rows, ["_g"]):
        first = reps[0]
        shown = "; ".join(f"{r['period']} at line {r['source_line']}" for r in reps)
        text = (f"The paper prints {_capital(first['measure_label'][0].lower())}"
                f"{first['measure_label'][1:]} for {first['authority']} as "
                f"{fmt(first['value'], first['unit'], first['precision'])} with different "
                f"periods ({shown}): is it one figure with two dates, or two figures?")
        out.append(_row(f"periods:{first['figure_id']}", "conflicting periods", reps,
                        " / ".join(r["period"] for r in reps), "one period",
                        Outcome("discrepancy", 0.0), 0.0, first["value"], text))
    return out


# ---------------------------------------------------------------- garbled figures, periods
def garbled(ind: pd.DataFrame) -> list[dict]:
    """Figures the cleaner found truncated or garbled and corrected with evidence."""
    out = []
    flagged = ind[ind["flags"].str.contains(r"\btruncated\b|\bcorrected\b", regex=True)]
    for r in records(flagged):
        where = f"line {r['source_line']}"
        period = re.search(r"period corrected \(printed '([^']*)'", r["flags"])
        if period:
            text = (f"On {where} the paper dates '{r['raw']}' as {period.group(1)}, but its own "
                    f"text elsewhere gives {r['period']}; the dataset uses {r['period']} (the "
                    "evidence is under Corrections applied).")
        elif "corrected" in r["flags"]:
            text = (f"The paper prints '{r['raw']}' on {where}, which is garbled or truncated; "
                    f"the dataset uses {fmt(r['value'], r['unit'])} (the evidence is under "
                    "Corrections applied).")
        else:
            text = (f"The paper prints '{r['raw']}' on {where}, which looks truncated, and no "
                    "correction has been recorded.")
        out.append(_row(f"garbled:{r['figure_id']}", "corrected figure", [r],
                        r["raw"], fmt(r["value"], r["unit"]), Outcome("discrepancy", 0.0), 0.0,
                        r["value"], text))
    return out


def periods_out_of_context(ind: pd.DataFrame) -> list[dict]:
    """An actual figure for a period that had not begun when the paper was written."""
    out = []
    rows = ind[ind["value_type"].isin(LEVEL_TYPES | {"change"})
               & (ind["period_start"] > ind["meeting_date"])]
    for i, r in rows.iterrows():
        text = (f"'{r['raw']}' is given as an outturn for {r['period']}, which had not begun "
                f"when the paper was written ({r['meeting_date']:%d %B %Y}): check the period.")
        out.append(_row(f"period:{r['figure_id']}", "period out of context", rows.loc[[i]],
                        r["period"], f"on or before {r['meeting_date']:%Y-%m-%d}",
                        Outcome("discrepancy", 0.0), 0.0, r["value"], text))
    return out
