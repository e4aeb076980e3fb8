"""The simplest printed figures cleaned column by column, by the rules ``clean_row`` applies one
row at a time.

About half the cells of a large set of papers print a bare figure: a number with at most a minus,
a pound sign, a scale or a per cent sign ('1,206', '-£1.2m', '12.5%'). Such a cell holds no
words, brackets, periods or attached figures, so almost all of ``clean_row``'s work on it depends
only on what the row shares with many others: its measure, unit hint, value type, period and
paper. Here each cell's number is read with the function ``parse_figure`` uses, every other rule
is decided once per distinct combination by calling the function ``clean_row`` calls, and the
decisions are broadcast to the rows. A row whose cleaning needs more (a correction, a stated
change, a value type the figure relabels, a unit its hint contradicts, a period that cannot be
read) is left to ``clean_row``. A property test and the whole bundled dataset hold the two paths
to the same result.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..parse.authorities import canonical_authority
from ..parse.figures import (
    SCALES,
    SIMPLE_FIGURE,
    UNIT_HINTS,
    Figure,
    apply_unit_hint,
    read_bare_number,
)
from .row_rules import (
    Lookups,
    footprint,
    from_prose,
    indicator_unit,
    meeting_of,
    period_of,
    sign_convention,
    value_type_shown,
)

# Arrow's regular expressions (RE2) read \d as an ASCII digit only, unlike Python's: a cell
# printed with other digits does not match here and is cleaned by clean_row.
SIMPLE_CELL = "^(?:" + SIMPLE_FIGURE.pattern + ")$"
NEGATIVE_ZERO = "negative zero"


def _per_combination(columns: list, decide: Callable) -> tuple[np.ndarray, list]:
    """``decide(*values)`` once for each distinct combination of ``columns``' values: the
    rows' codes into the list of decisions.

    >>> codes, decided = _per_combination(
    ...     [np.array(["a", "b", "a"], dtype=object), np.array([2, 2, 2])], lambda s, n: s * n)
    >>> codes.tolist(), decided
    ([0, 1, 0], ['aa', 'bb'])
    """
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:  # codes of the combinations so far, each below the row count
        column_codes, uniques = pd.factorize(column, use_na_sentinel=False)
        codes = pd.factorize(codes * len(uniques) + column_codes)[0]
    _, first = np.unique(codes, return_index=True)
    return codes, [decide(*(column[at] for column in columns)) for at in first]


def _broadcast(codes: np.ndarray, decisions: list, pick: Callable, dtype=object) -> np.ndarray:
    """One field of each row's decision."""
    return np.array([pick(d) for d in decisions], dtype=dtype)[codes] if decisions \
        else np.empty(0, dtype=dtype)


def _text(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype=object)


def _line_numbers(lines: pd.Series) -> np.ndarray:
    """The cited lines as integers, as ``int`` reads them (pandas' cast, else ``int``)."""
    try:
        return lines.astype("int64").to_numpy()
    except (ValueError, TypeError, pa.ArrowInvalid):
        return np.fromiter(map(int, lines), dtype=np.int64, count=len(lines))


def _hint_probe(fig_unit: str, hint: str, printed_scale: bool) -> tuple[str, float, float] | None:
    """What ``apply_unit_hint`` does to a figure of ``fig_unit`` under ``hint``: the unit it gives,
    the factor it multiplies value and precision by, and the least precision it allows; None
    when it rejects the figure. Probed with two figures, as the rule is a scaling."""
    unit = fig_unit or None
    one = apply_unit_hint(Figure(1.0, unit, precision=1.0), hint or None,
                          printed_scale=printed_scale)
    if not isinstance(one, Figure):
        return None
    zero = apply_unit_hint(Figure(0.0, unit, precision=0.0), hint or None,
                           printed_scale=printed_scale)
    return one.unit or "", one.value, zero.precision


def _unit_rule(fig_unit: str, measure_unit: str, value_type: str) -> str | None:
    """The indicator unit ``clean_row`` gives a bare figure of ``fig_unit``, or None when it
    would reject or relabel it (left to clean_row)."""
    shown, relabel = value_type_shown(value_type, fig_unit)
    unit, _ = indicator_unit(Figure(1.0, fig_unit or None), measure_unit, shown)
    if unit is None or relabel:
        return None
    shown, relabel = value_type_shown(shown, unit)
    return None if relabel or shown != value_type else unit


def _flip_rule(sign: str, value_type: str, printed_sign: float) -> tuple[bool, str]:
    """Whether the measure's sign convention negates a printed value of this sign, and its
    flag."""
    converted, flag = sign_convention(printed_sign, Figure(printed_sign), sign, value_type)
    return converted.value != printed_sign, flag


def clean_simple(figures: pd.DataFrame, look: Lookups) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The positions in ``figures`` of the rows cleaned here, and their indicator fields as
    columns (named as ``clean.INDICATOR_ROW``); every other row is for ``clean_row``."""
    parts = pc.extract_regex(pa.array(figures["raw"], type=pa.string()), SIMPLE_CELL)
    if isinstance(parts, pa.ChunkedArray):
        parts = parts.combine_chunks()
    corrected = {figure_id for figure_id, _ in look.corrections}
    hints = _text(figures["unit_hint"])
    candidate = (parts.is_valid().to_numpy(zero_copy_only=False)
                 & (_text(figures["value_type"]) != "change")
                 & np.isin(hints, ["", *UNIT_HINTS])
                 & ~figures["figure_id"].isin(corrected).to_numpy())
    at = np.flatnonzero(candidate)
    if not len(at):
        return at, {}
    rows = figures.iloc[at]
    cell = {name: parts.field(name).take(pa.array(at)).to_numpy(zero_copy_only=False)
            for name in ("sign", "currency", "sign2", "money", "scale", "number", "percent")}
    figure_ids = _text(rows["figure_id"])
    prose = np.array([from_prose(f) for f in figure_ids], dtype=bool)

    numbers = np.where(cell["money"] != "", cell["money"], cell["number"])
    read = [read_bare_number(number, p) for number, p in zip(numbers, prose, strict=True)]
    factor = np.array([SCALES[s] if s else 1.0 for s in cell["scale"]], dtype=float)
    value = np.array([v for v, _ in read], dtype=float) * factor
    precision = np.array([p for _, p in read], dtype=float) * factor
    negative = (cell["sign"] != "") | (cell["sign2"] != "")
    negative_zero = negative & (value == 0)
    value = np.where(negative & ~negative_zero, -value, value)
    fig_unit = np.where(cell["currency"] != "", "gbp",
                        np.where(cell["percent"] != "", "percent", "")).astype(object)

    hint_codes, hint_rules = _per_combination([fig_unit, hints[at], cell["scale"] != ""],
                                              _hint_probe)
    keep = _broadcast(hint_codes, hint_rules, lambda r: r is not None, bool)
    fig_unit = _broadcast(hint_codes, hint_rules, lambda r: r[0] if r else "")
    scaled_by = _broadcast(hint_codes, hint_rules, lambda r: r[1] if r else 1.0, float)
    value = value * scaled_by
    precision = np.maximum(precision * scaled_by,
                           _broadcast(hint_codes, hint_rules, lambda r: r[2] if r else 0.0, float))

    paper_codes, paper_ids = pd.factorize(rows["paper_id"])
    papers = [look.papers[p] for p in paper_ids]
    measure_codes, measure_ids = pd.factorize(rows["measure_id"])
    measures = [look.measures[m] for m in measure_ids]

    def of_measure(field: str) -> np.ndarray:
        return _broadcast(measure_codes, measures, lambda m: m[field])

    def of_paper(field: str) -> np.ndarray:
        return _broadcast(paper_codes, papers, lambda p: p[field])

    value_types = _text(rows["value_type"])
    unit_codes, units = _per_combination([fig_unit, of_measure("unit"), value_types], _unit_rule)
    unit = _broadcast(unit_codes, units, lambda u: u)
    keep &= unit != None  # noqa: E711 (elementwise)
    whole = np.isfinite(value) & (np.floor(value) == value)
    # a whole number of people or things is exact
    precision = np.where((unit == "count") & (precision == 0.5) & whole, 0.0, precision)

    sources = _text(rows["period_source"])
    period_codes, periods = _per_combination(
        [_text(rows["period"]), paper_codes, sources, value_types],
        lambda text, paper, source, value_type: period_of(
            text, meeting_of(papers[paper]), source, value_type))
    keep &= _broadcast(period_codes, periods, lambda p: not isinstance(p, str), bool)

    flip_codes, flips = _per_combination([of_measure("sign"), value_types, np.sign(value)],
                                         _flip_rule)
    printed = value
    value = np.where(_broadcast(flip_codes, flips, lambda f: f[0], bool), -value, value)

    def flags_of(period: int, flip: int, negative_zero: bool) -> str:
        dated = periods[period]
        flags = (dated[1] if not isinstance(dated, str) else []) + [flips[flip][1]]
        return "; ".join([f for f in flags if f] + ([NEGATIVE_ZERO] if negative_zero else []))

    flag_codes, flag_texts = _per_combination([period_codes, flip_codes, negative_zero], flags_of)

    authority_codes, authorities = _per_combination(
        [_text(rows["authority"]), of_paper("council")],
        lambda printed, council: canonical_authority(printed, council, look.registered))
    authority = _broadcast(authority_codes, authorities, lambda a: a)
    footprints = _broadcast(authority_codes, authorities, lambda a: footprint(a, look.registered))

    def period_field(pick: Callable, dtype=object) -> np.ndarray:
        return _broadcast(period_codes, periods,
                          lambda p: pick(p[0]) if not isinstance(p, str) else pick(None), dtype)

    scope = _text(rows["scope"])
    notes = _text(rows["note"])
    n = len(at)
    columns = {
        "figure_id": figure_ids, "paper_id": _text(rows["paper_id"]),
        "source_file": of_paper("file_name"),
        "source_line": _line_numbers(rows["line"]),
        "locator": _text(rows["locator"]), "measure_id": _text(rows["measure_id"]),
        "authority": authority, "raw": _text(rows["raw"]),
        "council": of_paper("council"), "meeting_date": of_paper("meeting_date"),
        "theme": of_measure("theme"), "measure_label": of_measure("label"),
        "breakdown": _text(rows["breakdown"]),
        "scope": np.where(scope != "", scope, of_measure("scope")),
        "period": period_field(lambda p: p.label if p else ""),
        "period_start": period_field(lambda p: np.datetime64(p.start, "ns") if p else None,
                                     "datetime64[ns]"),
        "period_end": period_field(lambda p: np.datetime64(p.end, "ns") if p else None,
                                   "datetime64[ns]"),
        "period_kind": period_field(lambda p: p.kind if p else ""),
        "value_type": value_types, "value": value, "printed_value": printed,
        "precision": precision, "unit": unit,
        **{name: np.full(n, np.nan) for name in ("lower", "upper", "numerator", "denominator")},
        "qualifier": np.full(n, "", dtype=object),
        "flags": _broadcast(flag_codes, flag_texts, lambda f: f),
        "note": notes,
        "_sentence_period": (sources == "printed") & (
            prose | np.array(["states its own period" in note for note in notes], dtype=bool)),
        "footprint": footprints,
        "observation_id": np.full(n, "", dtype=object),
    }
    return at[keep], {name: column[keep] for name, column in columns.items()}
