"""The rules that turn one raw figure row into an indicator row, or into the reason it cannot be
used: ``clean_row`` applies them in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import DataError
from ..parse.authorities import Authorities
from ..parse.figures import Figure, Rejection, parse_figure
from ..parse.periods import Period, financial_year, parse_period, to_date, undated
from ..sources.minutes import reported_at
from .catalogue import COMPATIBLE_UNITS
from .schemas import MAGNITUDE_SIGNS

OBSERVED = ("actual", "benchmark")
# Units a figure prints with its sign: a bare number is one of them only by its context's hint.
SIGNED_UNITS = {"percent": "%", "gbp": "£", "gbp_per_hour": "£"}
# A year ending within a month of its meeting is reported as that year (a March committee's
# 2016/17 survey results); beyond that, an observed figure can only be the period to date.
TO_DATE_GRACE_DAYS = 31


@dataclass(frozen=True)
class Correction:
    """A correction as read from corrections.csv, with its file and row for error messages."""
    corrected: str
    reason: str
    row: int
    path: Path


@dataclass(frozen=True)
class Lookups:
    """What cleaning a row needs besides the row: papers and measures by id (as dicts, each
    paper with its meeting as a date under '_meeting'), the corrections by (figure id, field),
    the councils whose papers are registered, and the authorities' registers."""
    papers: dict
    measures: dict
    corrections: dict
    registered: frozenset
    authorities: Authorities


def clean_row(row, look: Lookups) -> dict | str:
    """One raw figure row (with the fields of ``FIGURE_COLUMNS``) cleaned: its indicator row,
    the columns of ``INDICATOR_COLUMNS`` but ``observation_id``, and ``_sentence_period`` (for
    :mod:`.observations`); or the reason it cannot be used."""
    paper, measure = look.papers[row.paper_id], look.measures[row.measure_id]
    prose = from_prose(row.figure_id)
    read = corrected_figure(row, look.corrections, prose, measure["quartile_order"])
    if isinstance(read, str):
        return read
    fig, flags = read
    shown = shown_as(fig, row.value_type, measure | {"measure_id": row.measure_id},
                     bool(row.unit_hint))
    if isinstance(shown, str):
        return shown
    fig, value_type, unit, relabel = shown
    # a figure in the minutes of an earlier meeting was reported at that meeting
    meeting = reported_at(paper["_minutes"], int(row.line)) or paper["_meeting"]
    dated = period_of_row(row, meeting, look.corrections, value_type)
    if isinstance(dated, str):
        return dated
    period, period_flags = dated
    printed = float(fig.value)
    fig, sign_flag = sign_convention(printed, fig, measure["sign"], value_type)
    value_type, projected = projected_change(value_type, period, meeting)
    flags += period_flags + [f for f in (relabel, projected, sign_flag) if f] + list(fig.flags)
    authority = row_authority(row, paper, look.authorities)
    return {
        "figure_id": row.figure_id, "paper_id": row.paper_id, "council": paper["council"],
        "meeting_date": paper["meeting_date"], "source_file": paper["file_name"],
        "source_line": int(row.line), "locator": row.locator, "authority": authority,
        "footprint": footprint(authority, look.registered), "theme": measure["theme"],
        "measure_id": row.measure_id, "measure_label": measure["label"],
        "breakdown": row.breakdown, "scope": row.scope or measure["scope"],
        "period": period.label, "period_start": period.start, "period_end": period.end,
        "period_kind": period.kind, "value_type": value_type, "value": float(fig.value),
        "printed_value": printed, "precision": float(fig.precision), "unit": unit,
        "lower": fig.lower, "upper": fig.upper, "numerator": fig.numerator,
        "denominator": fig.denominator,
        # A level is never qualified by the direction words around it ('rose to 87%').
        "qualifier": fig.qualifier or "", "raw": row.raw, "flags": "; ".join(flags),
        "note": row.note,
        "_sentence_period": row.period_source == "printed" and (
            prose or "states its own period" in row.note),
    }


def row_authority(row, paper: dict, authorities: Authorities) -> str:
    """The canonical name of the authority a row's figure is about (``check_references`` has
    made sure there is one)."""
    return authorities.canonical(row.authority, paper["council"])


def from_prose(figure_id: str) -> bool:
    """Whether the figure was printed in running text (a '.p' locator), not in a table; a paper
    id holds no '.' (formats.ID), so the test reads the locator alone.

    >>> from_prose("leicester-2025-04-30.p0001"), from_prose("leicester-2025-04-30.t0491c1")
    (True, False)
    """
    return ".p" in figure_id


def corrected_figure(row, corrections: dict, prose: bool,
                     quartile_order: str = "") -> tuple[Figure, list[str]] | str:
    """The row's figure as printed, or as corrected in corrections.csv (flagged, with the
    printed value and the reason), or the reason it cannot be read. Brackets mean a negative
    amount only in a budget table, never in running text; a quartile is numbered in its
    measure's ``quartile_order``, and cannot be read for a measure that states none.

    A correction that cannot be read is an error in corrections.csv, not a reject."""
    accounting = row.value_type == "budget" and not prose
    hint = row.unit_hint or None
    read = {"accounting": accounting, "prose": prose,
            "quartile_order": quartile_order or "top_first"}
    fig = parse_figure(row.raw, hint, **read)
    if isinstance(fig, Figure) and fig.unit == "quartile" and not quartile_order:
        return (f"a quartile ('{row.raw}') for {row.measure_id}, whose catalogue entry does not "
                "say which way its quartiles run: set quartile_order in measures.csv")
    correction = corrections.get((row.figure_id, "value"))
    if correction is None:
        return (fig, []) if isinstance(fig, Figure) else fig.reason
    corrected = parse_figure(correction.corrected, hint, **read)
    if isinstance(corrected, Rejection):
        raise DataError(correction.path, f"corrected value '{correction.corrected}' "
                        f"for figure {row.figure_id} cannot be read ({corrected.reason})",
                        row=correction.row, column="corrected",
                        fix="Write the value as a plain figure.")
    was = "unreadable" if isinstance(fig, Rejection) else f"{fig.value:g}"
    flags = [f"corrected (printed {was}: {correction.reason})"]
    if isinstance(fig, Figure):
        flags += [f for f in fig.flags if f == "truncated"]
    return corrected, flags


def shown_as(fig: Figure, value_type: str, measure: dict,
             hinted: bool = False) -> tuple[Figure, str, str, str] | str:
    """The figure with the value type and the unit of its indicator row, and the flag when the
    printed figure relabels the row's value type; or the reason it does not fit its measure
    (``measure`` is its catalogue row with its ``measure_id``; ``hinted`` whether the row has a
    unit_hint).

    >>> shown_as(Figure(3.0, "percent", direction=1), "actual", {"unit": "count"})[1:]
    ('change', 'percent_change', 'value type: change (a percentage change, curated as actual)')
    """
    if value_type == "change":
        fig = signed_change(fig)
        if isinstance(fig, Rejection):
            return fig.reason
    value_type, relabel = value_type_shown(value_type, fig.unit or "")
    if fig.unit is None and measure["unit"] in SIGNED_UNITS and not hinted:
        return (f"a bare number ('{fig.value:g}', no {SIGNED_UNITS[measure['unit']]} sign) for "
                f"{measure.get('measure_id')}, which is measured in {measure['unit']}: add the "
                "unit_hint its context states, or check the measure id")
    unit, why = indicator_unit(fig, measure["unit"], value_type, measure.get("measure_id"))
    if unit is None:
        return why
    if not relabel:
        value_type, relabel = value_type_shown(value_type, unit)
    if unit == "count" and not fig.qualifier and fig.precision == 0.5 and fig.lower is None \
            and float(fig.value).is_integer():
        fig = fig._replace(precision=0.0)  # a whole number of people or things is exact
    if value_type == "change" and relabel:
        fig = signed_change(fig)
        if isinstance(fig, Rejection):
            return f"{relabel}: {fig.reason}"
    return fig, value_type, unit, relabel


def signed_change(fig: Figure) -> Figure | Rejection:
    """A change signed by its direction word, or by the sign printed on it (-33%, +25%).

    >>> signed_change(Figure(50.0, direction=-1)).value
    -50.0
    """
    direction = fig.direction
    if direction == 0 and fig.value < 0:
        direction = -1
    elif direction == 0 and "plus sign" in fig.flags:
        direction = 1
    if direction == 0:
        return Rejection("a change with no direction word (increase, reduction, fall, up, down) "
                         "and no sign")
    return fig._replace(value=abs(fig.value) * direction)


def indicator_unit(fig: Figure, measure_unit: str, value_type: str,
                   measure_id: str | None = None) -> tuple[str | None, str]:
    """The unit of the indicator row, or None and the reason it does not fit the measure."""
    if fig.unit in ("quartile", "rank"):
        if value_type == "rank" or measure_unit == fig.unit:
            return fig.unit, ""
        return None, f"a {fig.unit} needs value_type 'rank' or a measure measured in {fig.unit}s"
    if fig.unit == "percent" and measure_unit != "percent" and (
            value_type == "change" or fig.direction != 0):
        return "percent_change", ""  # "a 3% increase" on a count
    if value_type == "change" and fig.unit == "percent" and measure_unit == "percent":
        return "percentage_points", ""
    if fig.unit is None:
        return measure_unit, ""
    if fig.unit in COMPATIBLE_UNITS.get(measure_unit, set()):
        return measure_unit, ""
    return None, (f"printed in {fig.unit} but measure {measure_id or ''} is in {measure_unit}; "
                  "check the measure id or the unit_hint").replace("  ", " ")


def value_type_shown(value_type: str, unit: str) -> tuple[str, str]:
    """The value type the printed figure itself shows: a rank or quartile is a rank, and a
    percentage change printed on a count is a stated change, whatever the row says."""
    if unit in ("rank", "quartile") and value_type in ("actual", "benchmark"):
        return "rank", f"value type: rank (printed as a {unit}, curated as {value_type})"
    if unit == "percent_change" and value_type in ("actual", "benchmark"):
        return "change", f"value type: change (a percentage change, curated as {value_type})"
    return value_type, ""


def projected_change(value_type: str, period: Period, meeting: date) -> tuple[str, str]:
    """A stated change over a span that ends after the financial year of its paper's meeting
    is a projection, never an observed change ('will increase by 18% ... by 2025' in a 2017
    paper); one ending within that year rests on the year's forecast and stays a change. The
    value type, and the flag when it is relabelled.

    >>> from analysis.parse.periods import parse_period
    >>> [projected_change("change", parse_period(p), date(2017, 3, 7))[0]
    ...  for p in ("2015 to 2025", "2016/17")]
    ['projection', 'change']
    """
    year = financial_year(meeting.year if meeting.month >= 4 else meeting.year - 1)
    if value_type != "change" or period.end <= year.end:
        return value_type, ""
    return "projection", (f"value type: projection (a change to {period.end:%b %Y}, after the "
                          "year of the paper's meeting; curated as change)")


def period_of_row(row, meeting: date, corrections: dict,
                  value_type: str) -> tuple[Period, list[str]] | str:
    """The period of a row's figure, as printed or as corrected (flagged), with the flags that
    say how it was found; or the reason it cannot be read."""
    correction = corrections.get((row.figure_id, "period"))
    if correction is None:
        return period_of(row.period, meeting, row.period_source, value_type)
    dated = period_of(correction.corrected, meeting, row.period_source, value_type)
    if isinstance(dated, str):
        return dated
    flag = f"period corrected (printed '{row.period}': {correction.reason})"
    return dated[0], [flag] + dated[1]


def period_of(text: str, meeting: date, period_source: str,
              value_type: str) -> tuple[Period, list[str]] | str:
    """The period a figure covers, with the flags that say how it was found, or the reason it
    cannot be read. ``text`` is the period as printed (or corrected), ``meeting`` the date of
    the meeting that reported it.

    >>> period, flags = period_of("2024/25", date(2025, 1, 20), "context", "actual")
    >>> period.label, period.kind, flags[0]
    ('2024/25, to 20 Jan 2025', 'range', 'inferred period')
    """
    flags = []
    if text.strip().lower() == "earlier":  # the 'from' of 'from 19 to 6 minutes'
        period = undated(meeting, earlier=True)
        flags.append("undated: an earlier level the paper gives without its period")
    elif text.strip():
        period = parse_period(text, reported=meeting)
        if not isinstance(period, Period):
            return f"period: {period.reason}"
    else:
        period = undated(meeting)
        flags.append("undated: the paper prints no period")
    if period_source == "context" and period.kind != "undated":
        flags.append("inferred period")
    if value_type in OBSERVED and (period.end - meeting).days > TO_DATE_GRACE_DAYS:
        period = to_date(period, meeting)  # an observed figure cannot cover a future month
        flags.append("to date: the period runs past the paper's meeting, so the figure covers "
                     "only part of it")
    return period, flags


FOOTPRINT_OF = {"England": "benchmark", "East Midlands": "benchmark", "Peer group": "benchmark",
                "Single tier and county councils": "benchmark", "Rutland": "other council"}


def footprint(authority: str, councils: frozenset[str]) -> str:
    """'council' for a registered council, 'benchmark' for England, regions and peer groups,
    'wider footprint' for partnerships such as LLR: only a council's own figures are compared.

    >>> footprint("LLR", frozenset({"Leicester"})), footprint("Leicester", frozenset({"Leicester"}))
    ('wider footprint', 'council')
    """
    if authority in councils:
        return "council"
    return FOOTPRINT_OF.get(authority, "wider footprint")


def sign_convention(value: float, fig: Figure, sign: str, value_type: str) -> tuple[Figure, str]:
    """The figure in its measure's sign convention (measures.csv ``sign``: a magnitude
    convention is for money only), and a flag when the printed sign was changed. Stated
    changes, and the measures whose sign is 'signed' or 'as printed', keep their sign.

    >>> sign_convention(-0.36, Figure(-0.36, "percent"), "as printed", "actual")
    (Figure(value=-0.36, unit='percent', qualifier=None, numerator=None, denominator=None, \
lower=None, upper=None, direction=0, flags=(), precision=0.0), '')
    """
    if value_type == "change" or sign not in MAGNITUDE_SIGNS or value == 0:
        return fig, ""
    if (sign == "positive") == (value > 0):
        return fig, ""
    flipped = fig._replace(value=-fig.value,
                           lower=None if fig.upper is None else -fig.upper,
                           upper=None if fig.lower is None else -fig.lower)
    word = "positive" if sign == "positive" else "negative"
    return flipped, f"sign: printed {'negative' if value < 0 else 'positive'}, stored as a " \
        f"{word} amount (this measure's convention)"
