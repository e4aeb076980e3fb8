"""Do the papers agree with themselves? Arithmetic and consistency checks over the indicators.

Every check compares a printed figure with what the arithmetic of other printed figures gives.
Tolerance rule (no false alarms from rounding): each printed figure carries its own precision,
half a unit of its last printed digit (85.3% is ±0.05; "around 15,000" ±500; a £000 cell
±£500; a whole-pound cell ±£1). A check's tolerance is the precision of the printed figure plus
the precision the inputs carry into the arithmetic. A difference within it is
``ok (rounding)``; beyond it, ``discrepancy``. A figure printed as a bound ("over 10,500",
"<773") is consistent with anything on the right side of the bound.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..dataset.units import fmt
from ..errors import AnalysisError
from ..read.periods import Period, parse_period

KINDS = ["percent vs counts", "table arithmetic", "split", "parts vs whole", "change vs levels",
         "conflicting versions", "rate x base", "garbled figure", "period out of context"]
AUDIT_COLUMNS = ["check_id", "kind", "figure_ids", "locations", "papers", "measure_id",
                 "printed", "expected", "difference", "tolerance", "verdict", "explanation"]
LOWER_BOUNDS = {"over", "more than", "at least"}
UPPER_BOUNDS = {"less than", "under", "up to", "at most"}
LEVEL_TYPES = {"actual", "benchmark"}


class AuditSpecError(AnalysisError):
    """data/raw/checks.toml names a figure or measure that does not exist."""


@dataclass(frozen=True)
class Outcome:
    verdict: str
    difference: float


def judge(printed: float, expected: float, tolerance: float, qualifier: str = "") -> Outcome:
    """The verdict for a printed figure against the arithmetic's ``expected`` value."""
    difference = printed - expected
    scale = max(1.0, abs(expected), abs(printed))
    if qualifier in LOWER_BOUNDS:
        ok = expected >= printed - tolerance
        return Outcome("ok" if ok else "discrepancy", 0.0 if ok else difference)
    if qualifier in UPPER_BOUNDS:
        ok = expected <= printed + tolerance
        return Outcome("ok" if ok else "discrepancy", 0.0 if ok else difference)
    if abs(difference) <= 1e-9 * scale:
        return Outcome("ok", 0.0)
    if abs(difference) <= tolerance + 1e-9 * scale:
        return Outcome("ok (rounding)", difference)
    return Outcome("discrepancy", difference)


def _loc(rows: pd.DataFrame) -> str:
    return ";".join(f"{f}:{n}" for f, n in zip(rows["source_file"], rows["source_line"],
                                                   strict=True))


def _row(check_id: str, kind: str, rows: pd.DataFrame, printed: str, expected: str,
         outcome: Outcome, tolerance: float, explanation: str) -> dict:
    return {
        "check_id": check_id, "kind": kind,
        "figure_ids": ";".join(rows["figure_id"]), "locations": _loc(rows),
        "papers": ";".join(dict.fromkeys(rows["paper_id"])),
        "measure_id": ";".join(dict.fromkeys(rows["measure_id"])),
        "printed": printed, "expected": expected, "difference": float(outcome.difference),
        "tolerance": float(tolerance), "verdict": outcome.verdict, "explanation": explanation,
    }


def _who(row: pd.Series) -> str:
    what = row["measure_label"][0].lower() + row["measure_label"][1:]
    part = f" ({row['breakdown']})" if row["breakdown"] else ""
    return f"{row['authority']}'s {what}{part} for {row['period']}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tail(outcome: Outcome) -> str:
    return {"ok": "", "ok (rounding)": ", within rounding"}.get(outcome.verdict, "")


# ---------------------------------------------------------------- percent vs counts
def percent_vs_counts(ind: pd.DataFrame) -> list[dict]:
    """A printed percentage against its own printed numerator and denominator."""
    rows = ind[(ind["unit"] == "percent") & ind["numerator"].notna() & ind["denominator"].notna()
               & (ind["denominator"] > 0) & ~ind["flags"].str.contains("from words")]
    out = []
    for _, r in rows.iterrows():
        expected = 100 * r["numerator"] / r["denominator"]
        outcome = judge(r["value"], expected, r["precision"], r["qualifier"])
        printed, exp = fmt(r["value"], "percent", r["precision"]), fmt(expected, "percent",
                                                                           r["precision"])
        counts = f"{r['numerator']:,.0f} out of {r['denominator']:,.0f}"
        if outcome.verdict == "discrepancy":
            text = f"The paper gives {printed}, but {counts} is {exp}."
        else:
            text = f"{printed} matches {counts} ({exp}{_tail(outcome)})."
        out.append(_row(f"percent:{r['figure_id']}", "percent vs counts", rows.loc[[_]],
                        f"{printed} ({counts})", exp, outcome, r["precision"], text))
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


def table_arithmetic(ind: pd.DataFrame, checks: dict, known: set[str],
                     not_run: list[str] | None = None) -> list[dict]:
    """Declared sums and equalities: totals, column identities, cross-table agreement. A check
    naming a figure that was rejected in cleaning is not run and is listed in ``not_run``."""
    not_run = [] if not_run is None else not_run
    by_id = ind.set_index("figure_id", drop=False)
    out = []
    for spec in checks.get("sum", []):
        triples = _grid(spec) if "paper_id" in spec else [
            (spec["total"], list(spec["parts"]), "")]
        absolute = spec.get("absolute", False)
        for total_id, part_ids, label in triples:
            if "paper_id" in spec and total_id not in known:
                continue  # an empty total cell: nothing printed to check
            if "paper_id" in spec:
                part_ids = [i for i in part_ids if i in known]  # empty cells print nothing
            parts = _lookup(by_id, [total_id] + part_ids, spec["id"], known, not_run)
            if parts is None:
                continue
            parts = parts.iloc[1:]
            total = by_id.loc[total_id]
            values = parts["value"].abs() if absolute else parts["value"]
            expected = float(values.sum())
            printed_value = abs(total["value"]) if absolute else total["value"]
            tolerance = float(total["precision"] + parts["precision"].sum())
            outcome = judge(printed_value, expected, tolerance, total["qualifier"])
            unit = total["unit"]
            printed = fmt(printed_value, unit, total["precision"])
            exp = fmt(expected, unit, min([total["precision"]] + list(parts["precision"])))
            where = f" ({label})" if label else ""
            if outcome.verdict == "discrepancy":
                text = (f"{spec['description']}{where}: the paper prints {printed}, but the "
                        f"parts add up to {exp}, a difference of "
                        f"{fmt(abs(outcome.difference), unit)}.")
            else:
                text = f"{spec['description']}{where}: {printed} = {exp}{_tail(outcome)}."
            rows = pd.concat([by_id.loc[[total_id]], parts])
            suffix = f":{label.replace(' ', '')}" if label else ""
            out.append(_row(f"sum:{spec['id']}{suffix}", "table arithmetic", rows, printed, exp,
                            outcome, tolerance, text))
    for spec in checks.get("equal", []):
        rows = _lookup(by_id, spec["figures"], spec["id"], known, not_run)
        if rows is None:
            continue
        out.append(_versions(rows, f"equal:{spec['id']}", "table arithmetic",
                             spec["description"], absolute=spec.get("absolute", False)))
    return out


def _versions(rows: pd.DataFrame, check_id: str, kind: str, description: str,
              absolute: bool = False) -> dict:
    """Every row against the first: the same quantity printed in several places."""
    opposite_signs = rows["unit"].iloc[0] == "gbp" and (rows["value"] > 0).any() and (
        rows["value"] < 0).any()
    # savings and income are positive amounts in text but negative in tables
    absolute = absolute or opposite_signs
    values = rows["value"].abs() if absolute else rows["value"]
    first = rows.iloc[0]
    base = float(values.iloc[0])
    worst, worst_tol = Outcome("ok", 0.0), float(first["precision"])
    rank = ["ok", "ok (rounding)", "discrepancy"]
    for v, precision, qualifier in zip(values.iloc[1:], rows["precision"].iloc[1:],
                                       rows["qualifier"].iloc[1:], strict=True):
        tol = float(precision + first["precision"])
        outcome = judge(v, base, tol, qualifier)
        if outcome.verdict == "ok" and first["qualifier"] in LOWER_BOUNDS | UPPER_BOUNDS:
            outcome = judge(base, v, tol, first["qualifier"])
        if rank.index(outcome.verdict) > rank.index(worst.verdict) or (
                outcome.verdict == worst.verdict and abs(outcome.difference)
                > abs(worst.difference)):
            worst, worst_tol = outcome, tol
    printed = "; ".join(f"{raw} ({f}:{n})" for raw, f, n in zip(
        rows["raw"], rows["source_file"], rows["source_line"], strict=True))
    unit = first["unit"]
    shown = ", ".join(fmt(v, unit, p) for v, p in zip(values, rows["precision"], strict=True))
    if worst.verdict == "discrepancy":
        text = (f"{description}: the papers print different figures ({shown}), a difference "
                f"of up to {fmt(abs(worst.difference), unit)}.")
    else:
        text = f"{description}: the papers agree ({shown}){_tail(worst)}."
    if opposite_signs:
        text += " (Compared as amounts: one place prints it as a negative figure.)"
    return _row(check_id, kind, rows, printed, fmt(base, unit, first["precision"]), worst,
                worst_tol, text)


# ---------------------------------------------------------------- splits and parts
def _dimension(breakdown: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = breakdown.str.split(": ", n=1, expand=True)
    if parts.shape[1] == 1:
        parts[1] = ""
    return parts[0].where(breakdown != "", ""), parts[1].fillna("")


GROUP = ["paper_id", "source_line", "authority", "period", "value_type"]


def splits(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """Shares of one whole printed together must add to 100%."""
    out = []
    for spec in checks.get("split", []):
        rows = ind[ind["measure_id"] == spec["measure"]].copy()
        rows["dimension"], rows["category"] = _dimension(rows["breakdown"])
        rows = rows[rows["dimension"] != ""]
        for key, group in rows.groupby(GROUP + ["dimension"], sort=True):
            cats = set(group["category"])
            if "categories" in spec and cats != set(spec["categories"]):
                continue
            if len(group) < spec.get("min_parts", 2):
                continue
            total = float(group["value"].sum())
            tolerance = float(group["precision"].sum())
            outcome = judge(total, 100.0, tolerance)
            first = group.iloc[0]
            terms = " + ".join(fmt(v, "percent", p) for v, p in zip(
                group["value"], group["precision"], strict=True))
            subject = f"{first['authority']}'s {first['measure_label'][0].lower()}" \
                f"{first['measure_label'][1:]} for {first['period']} (by {key[-1]})"
            shown = fmt(total, "percent", group["precision"].min())
            if outcome.verdict == "discrepancy":
                text = f"{subject} add up to {shown} ({terms}), not 100%."
            else:
                text = f"{subject} add up to {shown}{_tail(outcome)}."
            check_id = f"split:{spec['measure']}:{first['figure_id']}"
            out.append(_row(check_id, "split", group, f"{terms} = {shown}", "100%", outcome,
                            tolerance, text))
    return out


def parts_vs_whole(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """Counts by category printed with their whole must add up to it."""
    out = []
    for spec in checks.get("parts", []):
        rows = ind[ind["measure_id"] == spec["measure"]].copy()
        rows["dimension"], rows["category"] = _dimension(rows["breakdown"])
        for _, group in rows.groupby(GROUP, sort=True):
            parts = group[(group["dimension"] == spec["dimension"])
                          & ~group["category"].isin(spec.get("exclude", []))]
            wholes = group[group["dimension"] != spec["dimension"]]
            if len(parts) < spec.get("min_parts", 2) or wholes.empty:
                continue
            wholes = wholes.sort_values("breakdown", key=lambda s: s != "", kind="mergesort")
            whole = wholes.iloc[0]
            expected = float(parts["value"].sum())
            tolerance = float(whole["precision"] + parts["precision"].sum())
            outcome = judge(whole["value"], expected, tolerance, whole["qualifier"])
            unit = whole["unit"]
            printed = f"{whole['raw']}"
            exp = fmt(expected, unit)
            subject = _who(whole)
            if outcome.verdict == "discrepancy":
                text = (f"The paper gives {subject} as {fmt(whole['value'], unit)}, but its "
                        f"parts by {spec['dimension']} add up to {exp}.")
            else:
                text = (f"{_capital(subject)}: the parts by {spec['dimension']} "
                        f"add up to {exp}, consistent with {whole['raw']}{_tail(outcome)}.")
            all_rows = pd.concat([group.loc[[whole.name]], parts])
            out.append(_row(f"parts:{spec['measure']}:{whole['figure_id']}", "parts vs whole",
                            all_rows, printed, exp, outcome, tolerance, text))
    return out


# ---------------------------------------------------------------- formulas (rate x base)
def _levels(ind: pd.DataFrame, measure: str) -> pd.DataFrame:
    return ind[(ind["measure_id"] == measure) & ind["value_type"].isin(LEVEL_TYPES)
               & (ind["breakdown"] == "")]


def _nearest(candidates: pd.DataFrame, line: int) -> pd.Series | None:
    """The candidate printed closest to ``line`` (the same sentence first)."""
    if candidates.empty:
        return None
    distance = (candidates["source_line"] - line).abs()
    order = candidates.assign(_d=distance).sort_values(["_d", "source_line", "figure_id"])
    return order.iloc[0]


def formulas(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """Every printed rate, product or sum against the printed figures it is made of, taking
    each input from the same paper, authority and period, printed nearest to the result."""
    out = []
    key = ["paper_id", "authority", "period", "value_type"]
    by_id = ind.set_index("figure_id", drop=False)
    for spec in checks.get("formula", []):
        inputs = [{k: g for k, g in _levels(ind, m).groupby(key, sort=False)}
                  for m in spec["inputs"]]
        for _, r in _levels(ind, spec["result"]).iterrows():
            where = tuple(r[key])
            picked = [_nearest(groups[where], r["source_line"]) if where in groups else None
                      for groups in inputs]
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
            outcome = judge(r["value"], expected, tolerance, r["qualifier"])
            unit = r["unit"]
            printed, exp = fmt(r["value"], unit, r["precision"]), fmt(expected, unit,
                                                                      r["precision"])
            shown = ", ".join(p["raw"] for p in picked)
            subject = _who(r)
            if outcome.verdict == "discrepancy":
                text = (f"The paper gives {subject} as {printed}, but {spec['description']} "
                        f"from the figures it prints ({shown}) gives {exp}.")
            else:
                text = (f"{_capital(subject)}: {printed} agrees with "
                        f"{spec['description']} ({shown} gives {exp}){_tail(outcome)}.")
            ids = [r["figure_id"]] + [p["figure_id"] for p in picked]
            rows = by_id.loc[ids]
            out.append(_row(f"formula:{spec['result']}:{r['figure_id']}", "rate x base", rows,
                            printed, exp, outcome, tolerance, text))
    return out


# ---------------------------------------------------------------- change vs levels
SERIES = ["measure_id", "authority", "breakdown"]


def _pick(levels: pd.DataFrame, change: pd.Series) -> pd.Series | None:
    if levels.empty:
        return None
    same = levels[levels["paper_id"] == change["paper_id"]]
    pool = same if not same.empty else levels
    return pool.sort_values(["meeting_date", "source_line", "figure_id"]).iloc[0]


def changes_vs_levels(ind: pd.DataFrame) -> list[dict]:
    """A stated change against the two printed levels it connects."""
    out = []
    changes = ind[ind["value_type"] == "change"]
    wanted = set(changes[SERIES].itertuples(index=False, name=None))
    all_levels = ind[ind["value_type"].isin(LEVEL_TYPES)]
    all_levels = all_levels[[k in wanted for k in all_levels[SERIES].itertuples(
        index=False, name=None)]]
    by_series = {k: g for k, g in all_levels.groupby(SERIES, sort=False)}
    by_id = ind.set_index("figure_id", drop=False)
    empty = all_levels.iloc[0:0]
    for _, c in changes.iterrows():
        levels = by_series.get(tuple(c[SERIES]), empty)
        span = c["period"].split(" to ", 1)
        if len(span) == 2 and all(isinstance(parse_period(x), Period) for x in span):
            a_label, b_label = span
            before = _pick(levels[levels["period"] == a_label], c)
            after = _pick(levels[levels["period"] == b_label], c)
        else:
            start = c["period_start"] - pd.DateOffset(years=1)
            end = c["period_end"] - pd.DateOffset(years=1)
            before = _pick(levels[(levels["period_start"] == start)
                                  & (levels["period_end"] == end)], c)
            after = _pick(levels[levels["period"] == c["period"]], c)
        if before is None or after is None:
            continue
        a, b, pa, pb = before["value"], after["value"], before["precision"], after["precision"]
        if c["unit"] == "percent_change":
            if a == 0:
                continue
            expected = 100 * (b - a) / a
            carried = 100 * (pb / abs(a) + abs(b) * pa / a ** 2)
        else:
            expected, carried = b - a, pa + pb
        tolerance = float(c["precision"] + carried)
        outcome = judge(c["value"], expected, tolerance, c["qualifier"])
        unit = c["unit"]
        printed, exp = fmt(c["value"], unit, c["precision"]), fmt(expected, unit, c["precision"])
        levels_text = (f"{fmt(a, after['unit'], pa)} ({before['period']}) to "
                       f"{fmt(b, after['unit'], pb)} ({after['period']})")
        subject = _who(after)
        if outcome.verdict == "discrepancy":
            text = (f"The paper states a change of {printed} ('{c['raw']}') in {subject}, but "
                    f"the printed levels, {levels_text}, give {exp}.")
        else:
            text = (f"The stated change of {printed} in {subject} matches the printed levels, "
                    f"{levels_text}{_tail(outcome)}.")
        rows = by_id.loc[[c["figure_id"], before["figure_id"], after["figure_id"]]]
        out.append(_row(f"change:{c['figure_id']}", "change vs levels", rows, printed, exp,
                        outcome, tolerance, text))
    return out


# ---------------------------------------------------------------- conflicting versions
def conflicting_versions(ind: pd.DataFrame) -> list[dict]:
    """The same measure, authority, breakdown, period and type printed in several places."""
    key = ["measure_id", "authority", "breakdown", "period", "value_type"]
    rows = ind[ind["value_type"] != "change"]
    rows = rows[rows.groupby(key)["figure_id"].transform("size") > 1]
    rows = rows.sort_values(["meeting_date", "paper_id", "source_line", "figure_id"])
    out = []
    for k, group in rows.groupby(key, sort=True):
        first = group.iloc[0]
        description = f"{_capital(_who(first))} ({k[4]})"
        out.append(_versions(group, f"versions:{first['figure_id']}", "conflicting versions",
                             description))
    return out


# ---------------------------------------------------------------- garbled figures, periods
def garbled(ind: pd.DataFrame) -> list[dict]:
    """Figures the cleaner found truncated or garbled and corrected with evidence."""
    out = []
    flagged = ind[ind["flags"].str.contains(r"\btruncated\b|\bcorrected\b", regex=True)]
    for i, r in flagged.iterrows():
        text = (f"The paper prints '{r['raw']}' at {r['source_file']}:{r['source_line']}, which "
                f"is garbled or truncated; the dataset uses {fmt(r['value'], r['unit'])}, "
                "corrected with the evidence recorded in data/raw/corrections.csv."
                ) if "corrected" in r["flags"] else (
            f"The paper prints '{r['raw']}' at {r['source_file']}:{r['source_line']}, which looks "
            "truncated, and no correction has been recorded.")
        out.append(_row(f"garbled:{r['figure_id']}", "garbled figure", flagged.loc[[i]],
                        r["raw"], fmt(r["value"], r["unit"]), Outcome("discrepancy", 0.0), 0.0,
                        text))
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
                        Outcome("discrepancy", 0.0), 0.0, text))
    return out


# ---------------------------------------------------------------- the audit
def raw_figure_ids() -> set[str]:
    """Every figure id in the raw figures files (rejected ones included)."""
    from ..read.formats import figure_files, load_figures
    files = figure_files()
    return set(load_figures(files)["figure_id"]) if files else set()


def audit(ind: pd.DataFrame, checks: dict | None = None,
          known_ids: set[str] | None = None) -> pd.DataFrame:
    """Every check over the indicator table; one row per check, deterministic order."""
    checks = load_checks() if checks is None else checks
    known = raw_figure_ids() | set(ind["figure_id"]) if known_ids is None else known_ids
    ind = ind.sort_values("figure_id", kind="mergesort").reset_index(drop=True)
    not_run: list[str] = []
    rows = (percent_vs_counts(ind) + table_arithmetic(ind, checks, known, not_run)
            + splits(ind, checks)
            + parts_vs_whole(ind, checks) + changes_vs_levels(ind) + conflicting_versions(ind)
            + formulas(ind, checks) + garbled(ind) + periods_out_of_context(ind))
    df = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    df["kind"] = pd.Categorical(df["kind"], categories=KINDS, ordered=True)
    df = df.sort_values(["kind", "check_id"], kind="mergesort").reset_index(drop=True)
    df["kind"] = df["kind"].astype(str)
    dupes = df.loc[df["check_id"].duplicated(), "check_id"].tolist()
    if dupes:
        raise AuditSpecError(f"check ids {dupes[:3]} occur twice; make the ids in checks.toml "
                             "unique.")
    df.attrs["not_run"] = not_run
    return df


def summary(audit_df: pd.DataFrame) -> str:
    """A few lines for the terminal: checks run, discrepancies by paper and kind."""
    lines = [f"{len(audit_df)} checks run: "
             + ", ".join(f"{n} {v}" for v, n in audit_df["verdict"].value_counts()
                         .reindex(["ok", "ok (rounding)", "discrepancy"], fill_value=0).items())]
    bad = audit_df[audit_df["verdict"] == "discrepancy"]
    if not bad.empty:
        first_paper = bad["papers"].str.split(";").str[0]
        table = bad.assign(paper=first_paper).groupby(["paper", "kind"]).size()
        lines.append("Discrepancies by paper and kind:")
        for (paper, kind), n in table.items():
            lines.append(f"  {paper:28s} {kind:22s} {n}")
    for note in audit_df.attrs.get("not_run", []):
        lines.append(f"Not run: {note}")
    return "\n".join(lines)
