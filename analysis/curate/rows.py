"""The draft rows of one paper line: each figure read in its sentence (prose) or its row and
column (a table), with its authority, period, value type and scope proposed.

>>> from analysis.parse.authorities import Authorities
>>> a = Authorities.of([{"council": "Devon", "kind": "county", "region": "South West",
...                      "aliases": "the county"}])
>>> reader = Reader.of("devon-x", "Devon", a)
>>> line = "In 2022/23, 62% were at home, up from 61% in 2021/22, against 58% in the region."
>>> drafted = line_rows(line, 1, reader, Context())
>>> [(r["raw"], r["period"], r["authority"], r["value_type"]) for r, _, _ in drafted]
[('62%', '2022/23', 'Devon', 'actual'), ('from 61%', '2021/22', 'Devon', 'actual'), \
('58%', '2022/23', 'South West', 'benchmark')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..parse.authorities import Authorities
from ..parse.figures import Figure, Rejection, parse_figure
from ..parse.periods import Period
from ..sources.figure_files import FIGURE_COLUMNS
from .authority_cues import AuthorityCues
from .contexts import LineContext, first_period, year_named
from .measure_match import words
from .period_cues import financial_year_of, read_periods
from .sentences import sentence_of, sentence_starts, sentences
from .spans import Span, line_spans
from .value_cues import PART_OF_LAST, lead_in_type, value_types

REVIEW_COLUMNS = [
    "decision", "position", "context", "proposed_value", "proposed_unit", "proposed_qualifier",
    "numerator", "denominator", "lower", "upper", "unreadable", "proposed_period",
    "proposed_period_source", "period_from", "proposed_authority", "proposed_value_type",
    "proposed_measure_1", "measure_score_1", "proposed_measure_2", "measure_score_2",
    "proposed_measure_3", "measure_score_3", "proposed_theme",
]
DRAFT_COLUMNS = FIGURE_COLUMNS + REVIEW_COLUMNS
UNIT_HINT_OF = {"percent": "%", "gbp": "£", "per_100k": "per 100k", "years": "years",
                "days": "days", "hours": "hours", "minutes": "minutes"}
CHILDREN = re.compile(r"\bchildren['’]?s?['’]?\s+(?:services|social\s+care|workforce|"
                      r"safeguarding|social\s+work)|\bchild\s+protection\b|\blooked[- ]after\b|"
                      r"\bchildren\s+(?:looked\s+after|in\s+care)\b|\bcare\s+leavers?\b|"
                      r"\bchildren\s+and\s+young\s+people\b", re.I)
CHILDRENS_SCOPE = "children's services"


@dataclass(frozen=True)
class Reader:
    """What reads one paper's figures: whose paper it is and how its authorities are named."""

    paper_id: str
    council: str
    cues: AuthorityCues
    kind_of: Callable[[str], str]

    @classmethod
    def of(cls, paper_id: str, council: str, authorities: Authorities) -> Reader:
        return cls(paper_id, council, AuthorityCues.of(authorities, council),
                   authorities.kind_of)

    def kind(self, authority: str) -> str:
        """'council' for the paper's own, 'partnership' for a partnership it is in, else
        'benchmark' (England, a region, a peer group, another council)."""
        if authority == self.council:
            return "council"
        return "partnership" if self.kind_of(authority) == "partnership" else "benchmark"


@dataclass(frozen=True)
class Context:
    """What is in force at the line: its heading and header, the period set above, and the
    list lead-in or space-printed table header it continues."""

    line: LineContext = field(default_factory=lambda: LineContext("", 0, None, 0, []))
    in_force: Period | None = None
    in_force_from: str = ""
    document: Period | None = None
    reported: Period | None = None
    lead_in: str = ""
    lead_period: Period | None = None
    table_header: str = ""
    authority: str = ""  # a list's heading names it: 'East of England:' above '- 2020-2021: 25.5%'
    current_year: Period | None = None  # the financial year the paper calls its own
    current_year_from: str = ""
    carried: str = ""  # the start of the sentence a wrapped paragraph's line above printed
    referent: str = ""  # the sentence 'This is ...' or 'It is ...' refers back to


def header_hint(header_cell: str) -> str:
    cell = header_cell.replace("’", "'")
    if re.search(r"£\s?'?000|£k\b|\(£000\)", cell):
        return "£000"
    if re.search(r"£\s?m\b|£\s?million", cell, re.I):
        return "£m"
    if "£" in cell:
        return "£"
    if "%" in cell:
        return "%"
    return ""


def _header_cell(line: str, span: Span, header: list[str]) -> str:
    """The header cell over the span's column; a header with fewer cells than the row is
    aligned on the right (row labels and codes sit left of the figures)."""
    cells = line.split("\t")
    column = line[: span.start].count("\t")
    if header and len(header) < len(cells):
        column -= len(cells) - len(header)
    return header[column] if 0 <= column < len(header) else ""


def parses(raw: str, hint: str, table: bool, money_table: bool) -> list[tuple[str, Figure |
                                                                             Rejection]]:
    """One parse per figure the span prints: two for '14,353 (43%)' (a count and a percent),
    each with the unit_hint that picks it, as the curation rules ask."""
    first = parse_figure(raw, hint or None, accounting=money_table, prose=not table)
    out = [(hint, first)]
    if hint or not isinstance(first, Figure):
        return out
    for other in ("%", "count"):
        alt = parse_figure(raw, other, prose=not table)
        if isinstance(alt, Figure) and "attached figure chosen by unit_hint" in alt.flags:
            primary = "count" if first.unit is None else UNIT_HINT_OF.get(first.unit, "")
            return [(primary, first), (other, alt)]
    return out


def proposed_value(fig: Figure, value_type: str) -> float:
    """The value as the cleaner would give it: a change signed by its words or sign."""
    if value_type == "change":
        direction = fig.direction or (-1 if fig.value < 0 else 1 if "plus sign" in fig.flags
                                      else 0)
        if direction:
            return abs(fig.value) * direction
    return fig.value


def context_phrase(line: str, span: Span, ctx: LineContext, width: int = 90) -> str:
    """The words around the span: its clause in prose; row label, column header and heading in a
    table."""
    if "\t" in line:
        cells = line.split("\t")
        index = line[: span.start].count("\t")
        label = next((c for c in cells if re.search(r"[A-Za-z]{3}", c)), "")
        column = ctx.header[index] if index < len(ctx.header) else ""
        parts = [p.strip() for p in (label, column, ctx.heading) if p and p.strip()]
        return " | ".join(dict.fromkeys(parts))
    s, e = sentence_of(line, span.start, span.end)
    left = line[max(s, span.start - width): span.start]
    right = line[span.end: min(e, span.end + width // 2)]
    if span.start - width > s:
        left = left.split(" ", 1)[-1]
    return re.sub(r"\s+", " ", (left + line[span.start:span.end] + right)).strip()


def _signed(fig: Figure | None, raw: str) -> bool:
    return fig is not None and fig.unit == "percent" and bool(re.match(r"\(?\s*[-+]\s?\d", raw))


def line_rows(line: str, n: int, reader: Reader, ctx: Context, spans: list[Span] | None = None
              ) -> list[tuple[dict, Figure | None, dict]]:
    """(draft row, parsed figure, what the unit is read from) for each figure of the line."""
    spans = [s for s in (line_spans(line) if spans is None else spans) if not s.reason]
    if "\t" in line or ctx.table_header:
        return [r for span in spans for r in _cell_rows(line, n, span, reader, ctx)]
    out = []
    groups: dict[tuple[int, int], list[Span]] = {}
    for span in spans:
        groups.setdefault(sentence_of(line, span.start, span.end), []).append(span)
    last = 0
    for (s, e), group in groups.items():
        named = year_named(line[last:s])
        if named is not None:  # 'To set a balanced budget in 2025-2026, ...' then its figures
            ctx = replace(ctx, in_force=named, in_force_from=NAMED_BEFORE)
        last = e
        carried = ctx.carried if s == 0 else ""
        ctx = replace(ctx, referent=referent(line, s))
        rows = _sentence_rows(line, n, carried + line[s:e], s - len(carried), group, reader, ctx)
        if out and rows and rows[0][0]["proposed_value_type"] == "actual" \
                and out[-1][0]["proposed_value_type"] in ("forecast", "budget") \
                and PART_OF_LAST.match(line[group[0].end:]):
            # '£7.6m overspend. £5.8m of this is due to ...': a part shares its whole's kind
            kind = out[-1][0]["proposed_value_type"]
            rows[0][0].update(value_type=kind, proposed_value_type=kind)
        printed = [p for p in printed_periods(rows) if p is not None]
        if printed:  # the next sentence of the paragraph continues in this one's period
            latest = max(printed, key=lambda p: (p.end, p.start))
            ctx = replace(ctx, in_force=latest, in_force_from="the sentence before")
        out += rows
    return out


def printed_periods(rows: list[tuple[dict, Figure | None, dict]]) -> list[Period | None]:
    """The periods printed beside the rows' figures (not those read from 'last year' or the
    context): what the next sentence or paragraph continues in."""
    return [first_period(r["period"]) for r, _, _ in rows
            if r["period_from"] in ("proposed from the sentence", f"proposed from {NAMED_BEFORE}")
            and r["period"]]


NAMED_BEFORE = "a sentence before it that names the year"


def _row(reader: Reader, n: int, span: Span, ctx: Context, phrase: str, **fields) -> dict:
    row = {c: "" for c in DRAFT_COLUMNS}
    row.update({"paper_id": reader.paper_id, "line": n, "raw": span.raw,
                "position": span.start, "context": phrase,
                "locator": ctx.line.heading[:80] or f"line {n}"}, **fields)
    row.update({"proposed_period": row["period"], "proposed_period_source": row["period_source"],
                "proposed_authority": row["authority"],
                "proposed_value_type": row["value_type"]})
    return row


def _figure_fields(fig: Figure | Rejection, value_type: str) -> dict:
    if not isinstance(fig, Figure):
        return {"unreadable": fig.reason}
    return {"proposed_value": proposed_value(fig, value_type),
            "proposed_qualifier": fig.qualifier or "", "numerator": fig.numerator,
            "denominator": fig.denominator, "lower": fig.lower, "upper": fig.upper}


def _in_force(ctx: Context, lead: bool = False, annual: bool = False, yearly: bool = False
              ) -> tuple[str, str, str]:
    """(label, source, where) of the period the context gives a figure with none of its own;
    a budget is for a financial year, so a quarter in force gives its year. A forecast with no
    period in force, or a budget, is for the financial year the paper calls current, else the
    meeting's (``yearly``)."""
    if lead and ctx.lead_period is not None:
        period, where = ctx.lead_period, "the list's lead-in"
    elif ctx.in_force is not None:
        period, where = ctx.in_force, ctx.in_force_from
    elif yearly and ctx.current_year is not None:
        period, where = ctx.current_year, ctx.current_year_from
    elif yearly and ctx.reported is not None:
        period, where = financial_year_of(ctx.reported), "the financial year of the meeting's date"
    else:
        return "", "context", "no period found: give one"
    if annual and period.kind in ("quarter", "month", "date", "range"):
        period, where = financial_year_of(period), f"{where}, its financial year"
    return period.label, "context", f"proposed from {where}"


def _scope(text: str, ctx: Context) -> str:
    heading = ctx.line.heading
    if CHILDREN.search(text) or (CHILDREN.search(heading) and not re.search(
            r"\badults?\b", heading, re.I)):
        return CHILDRENS_SCOPE
    return ""


def _sentence_rows(line: str, n: int, text: str, offset: int, spans: list[Span],
                   reader: Reader, ctx: Context) -> list[tuple[dict, Figure | None, dict]]:
    """The rows of the figures of one prose sentence, read together so that each cue word
    belongs to one figure."""
    at = [(sp.start - offset, sp.end - offset) for sp in spans]
    parsed = [parses(sp.raw, "", False, False) for sp in spans]
    primary = [p[0][1] if isinstance(p[0][1], Figure) else None for p in parsed]
    units = [f.unit if f is not None else None for f in primary]
    authorities = reader.cues.authorities(text, at, ctx.authority)
    kinds = [reader.kind(a) for a in authorities]
    types = value_types(text, at, units, kinds, [_signed(f, sp.raw) for f, sp in zip(
        primary, spans, strict=True)], [sp.raw for sp in spans])
    lead = bool(ctx.lead_in)
    # a list's lead-in: the line above ending ':', or this line's clause before ';' that
    # prints no figure ('significant growth was planned; £5.6m within ... and £2.3m ...')
    lead_text = ctx.lead_in or (clause_before(line, offset) if offset > 0 else "")
    if lead_text:
        types = [(lead_in_type(lead_text, u == "gbp") or t) if t == "actual" else t
                 for t, u in zip(types, units, strict=True)]
    types = bracketed_shares(text, at, units, types)
    types = council_tax_proposals(text, lead_text, units, types)
    roles = ["earlier" if re.match(r"from\b", sp.raw, re.I) and changes_from(text, at[i]) else
             "level" if t in ("change", "target") else "benchmark" if t == "benchmark" else
             "earlier" if COMPARED_WITH.search(text[max(0, at[i][0] - 30):at[i][0]]) else ""
             for i, (sp, t) in enumerate(zip(spans, types, strict=True))]
    periods = read_periods(text, at, roles, ctx.in_force, ctx.document, ctx.reported)
    scope = _scope(text, ctx)
    compared = compared_units(text, at, units)
    if ctx.referent and PER_100K.search(ctx.referent) and COMPARING.search(text):
        # '... a rate of 19.4 per 100,000 ... This is lower than the rate for 2019-20 (21.9).'
        compared = [c or ("per_100k" if u is None else "") for c, u in zip(
            compared, units, strict=True)]
    out = []
    for i, span in enumerate(spans):
        found, label, where = periods[i]
        year = financial_year_of(found) if types[i] in ("forecast", "budget") and \
            found is not None and found.kind in ("date", "month", "range", "quarter") else None
        if label and year is not None and year.start <= found.start:
            # 'the monitoring position at the end of December 2006 shows an underspend of
            # £835,000 against the latest budget': a forecast outturn or a budget read at a
            # point or a part of the year (P3, year to date) is the financial year's
            period, source = year.label, "printed"
            where = f"proposed from {where}, the financial year of {label}"
        elif label:
            period, source, where = label, "printed", f"proposed from {where}"
        elif where:
            period, source, where = "", "context", where
        else:
            period, source, where = _in_force(ctx, lead, annual=types[i] in ("budget", "forecast"),
                                              yearly=types[i] in ("forecast", "budget"))
        phrase = context_phrase(line, span, ctx.line)
        s, e = at[i]
        unit_from = {"after": text[e:e + 40], "before": text[max(0, s - 30):s],
                     "clause": _clause_after(text, e), "context": ctx.line.heading,
                     "sentence": text[max(0, s - 120):e + 120], "raw": span.raw,
                     "topic": _prose_topic(text, s, e, replace(ctx, lead_in=lead_text)),
                     "compared": compared[i]}
        for hint, fig in parsed[i]:
            row = _row(reader, n, span, ctx, phrase, authority=authorities[i], period=period,
                       period_source=source, period_from=where, value_type=types[i],
                       unit_hint=hint, scope=scope, **_figure_fields(fig, types[i]))
            out.append((row, fig if isinstance(fig, Figure) else None, unit_from))
    return out


COUNCIL_TAX = re.compile(r"\bcouncil\s+tax\b|\bprecept\b", re.I)
PROPOSAL = re.compile(r"\bpropos\w*|\brecommend\w*|\bapprov\w*|^\W*(?:\(\w{1,4}\)\s*)?that\b",
                      re.I)


def council_tax_proposals(text: str, lead_in: str, units: Sequence[str | None],
                          types: Sequence[str]) -> list[str]:
    """A council tax rise proposed or recommended, and the income it raises, are budget
    figures, even printed as an increase ('We propose to increase core Council Tax by 2.99%,
    which will increase income by £4.2 million'; 'That the level of Council Tax be increased
    by a further 2.0%').

    >>> council_tax_proposals("We propose to increase Council Tax by 2.99%.", "",
    ...                       ["percent"], ["change"])
    ['budget']
    """
    if not COUNCIL_TAX.search(text) or not (PROPOSAL.search(text) or PROPOSAL.search(lead_in)):
        return list(types)
    return ["budget" if u in ("percent", "gbp") and t in ("actual", "change", "target") else t
            for u, t in zip(units, types, strict=True)]


def bracketed_shares(text: str, at: Sequence[tuple[int, int]], units: Sequence[str | None],
                     types: Sequence[str]) -> list[str]:
    """A percentage in brackets after an amount is the amount's share of something, and of
    its kind: Somerset's '£14.9m adverse variance against their budget (8% of service
    budget)' is a forecast as the £14.9m is.

    >>> bracketed_shares("a £14.9m variance against budget (8% of budget)", [(2, 8), (34, 36)],
    ...                  ["gbp", "percent"], ["forecast", "actual"])
    ['forecast', 'forecast']
    """
    out = list(types)
    for i in range(1, len(at)):
        between = text[at[i - 1][1]:at[i][0]]
        if units[i] == "percent" and units[i - 1] == "gbp" and out[i - 1] != "actual" \
                and re.fullmatch(r"[^.;()]{0,60}\(", between):
            out[i] = out[i - 1]
    return out


CHANGE_WORDS = re.compile(r"\b(?:rose|rise[sn]?|rising|fell|fall(?:en|s|ing)?|increas\w*|"
                          r"decreas\w*|reduc\w*|improv\w*|up|down|grow\w*|grew|drop\w*|"
                          r"declin\w*|chang\w*|mov\w*|went|gone|compared)\b", re.I)


# '1345 Alerts compared to 977 in 2013/14 - an increase of 27%': the level compared with is an
# earlier one, so the change after it describes the figure before it, not this one.
COMPARED_WITH = re.compile(r"\b(?:compared\s+(?:to|with)|as\s+against)\s+(?:the\s+|a\s+)?$",
                           re.I)


def clause_before(line: str, offset: int) -> str:
    """The clause of ``line`` that ends with ';' just before the sentence at ``offset``, when it
    prints no number; '' otherwise.

    >>> clause_before("Growth was planned; £5.6m for A and £2.3m for B.", 20)
    'Growth was planned;'
    """
    before = line[:offset].rstrip()
    if not before.endswith(";"):
        return ""
    clause = re.split(r"(?<=[.;!?])\s+", before[:-1])[-1] + ";"
    return "" if re.search(r"\d", clause) else clause


def changes_from(text: str, at: tuple[int, int]) -> bool:
    """Whether a 'from' figure is the level a change started at ('fell from 1,234 to 876',
    'up from 9.8%'), not a source ('beds from 145 homes').

    >>> changes_from("Waits fell from 1,234 to 876.", (11, 21))
    True
    >>> changes_from("It buys 2,300 beds from 145 homes.", (19, 27))
    False
    """
    s, e = at
    return bool(CHANGE_WORDS.search(text[max(0, s - 40):s])
                or re.match(r"\s*(?:\S+\s+){0,4}?to\s+[£(]?\d", text[e:e + 50]))


COMPARING = re.compile(r"\b(?:compared|against|than|versus|vs|target|average|national(?:ly)?|"
                       r"regional(?:ly)?|England|neighbours|last\s+year|previous)\b|\(", re.I)
RATE_UNITS = {"per_100k"}
PER_100K = re.compile(r"\bper\s+100,?000\b|\bper\s+100k\b", re.I)


def compared_units(text: str, at: list[tuple[int, int]], units: list[str | None]) -> list[str]:
    """For each bare number, the rate unit of the figure before it in the sentence that it is
    compared with ('14.3 per 100,000 ..., compared with 13.3 for England'), else ''.

    >>> text = "It was 14.3 per 100,000, compared with 13.3 for England."
    >>> compared_units(text, [(7, 23), (39, 43)], ["per_100k", None])
    ['', 'per_100k']
    """
    out, last = [], None
    for (s, _), unit in zip(at, units, strict=True):
        out.append(last[1] if unit is None and last is not None
                   and COMPARING.search(text[last[0]:s]) else "")
        if unit is not None:
            last = (at[len(out) - 1][1], unit) if unit in RATE_UNITS else None
    return out


def _prose_topic(text: str, s: int, e: int, ctx: Context) -> tuple[tuple[str, float], ...]:
    """What a prose figure's measure is looked up by: the words nearest it count most, then
    the rest of its sentence, the sentence it refers back to, its list's lead-in, its heading
    and the paper's title."""
    return ((text[max(0, s - 45):e + 30], 1.0), (text[max(0, s - 150):max(0, s - 45)], 0.5),
            (text[e + 30:e + 90], 0.4), (ctx.referent, 0.9), (ctx.lead_in, 0.7),
            (ctx.line.heading, 0.5), (ctx.line.title, 0.5))


# 'The proportion ... was 39.5% in 2020-21. This is lower than last year (43%) and higher than
# our comparator authorities' average (30.9%)': a sentence that opens by pointing back.
POINTS_BACK = re.compile(r"(?:This|That|It|These|Those|Both|The\s+(?:equivalent|same)"
                         r"(?:\s+(?:measure|figure|rate))?)\b(?!\s+(?:is|was)\s+(?:the|a)\s+"
                         r"(?:proportion|number|rate|percentage)\b)")


def referent(line: str, start: int) -> str:
    """The sentence of ``line`` that the sentence at ``start`` refers back to, when it opens
    with 'This', 'It' or 'The equivalent measure', or names no measure words (past any others
    that do), else ''.

    >>> line = "Direct payments were 39.5%. This is lower than 43%. It is higher than 30.9%."
    >>> referent(line, line.index("It"))
    'Direct payments were 39.5%.'
    """
    bounds = sentences(line)
    i = bisect.bisect_right(sentence_starts(line), start) - 1
    if i < 0 or not _points_back(line, *bounds[i]):
        return ""
    for j in range(i - 1, max(-1, i - 6), -1):  # a few sentences back at most
        if not _points_back(line, *bounds[j]):
            return line[bounds[j][0]:bounds[j][1]]
    return ""


def _points_back(line: str, start: int, end: int) -> bool:
    """Whether the sentence line[start:end] opens by pointing back, or names nothing a
    measure could be found by ('National (2015/16) 5.8 percent.')."""
    return bool(POINTS_BACK.match(line, start)) or len(words(line[start:end])) < 2


def _clause_after(text: str, end: int) -> str:
    """The rest of the figure's clause: a list of figures shares one 'per 100,000'."""
    rest = text[end:end + 160]
    stop = re.search(r"[;.](?:\s|$)|\b(?:compared|against|whereas|while|but)\b|%", rest)
    return rest[: stop.start()] if stop else rest


def _cell_rows(line: str, n: int, span: Span, reader: Reader, ctx: Context
               ) -> list[tuple[dict, Figure | None, dict]]:
    """The rows of one figure in a table: its row label, column header and heading say what
    it is, and its cell or row whose it is."""
    table = "\t" in line
    header_cell = _header_cell(line, span, ctx.line.header) if table else ctx.table_header
    cell_start, cell_end = sentence_of(line, span.start, span.end) if table else (0, len(line))
    cell = line[cell_start:cell_end]
    at = span.start - cell_start
    lone = table and cell.strip() == span.raw.strip()
    hint = header_hint(header_cell) if lone else ""
    if lone and not hint and ctx.line.header:
        units = {header_hint(c) for c in ctx.line.header} - {""}
        hint = units.pop() if len(units) == 1 else ""  # every column in the same unit
    money_table = table and (hint in ("£000", "£m", "£") or "£" in line or any(
        header_hint(c).startswith("£") for c in ctx.line.header))
    phrase = context_phrase(line, span, ctx.line) if table else \
        f"{line.strip()} | {ctx.table_header}"
    authority = reader.cues.authorities(cell, [(at, at + len(span.raw))])[0]
    period, source, where = _table_period(line, header_cell, ctx)
    out = []
    # the row label and the column's own header say what a cell is, not the other columns'
    cued = " | ".join(p for p in (_row_label(line), header_cell) if p) if table else phrase
    labels = " ".join(c for c in line.split("\t") if re.search(r"[A-Za-z]{3}", c)
                      and c is not cell) if table else line
    topic = ((header_cell, 1.5), (labels, 1.0), (ctx.line.heading, 0.3), (ctx.line.title, 0.3))
    if table and len(cell.split()) > 12:  # a cell of prose: the words around the figure
        topic += ((cell[max(0, at - 90): at + len(span.raw) + 45], 1.0),)
    for unit_hint, fig in parses(span.raw, hint, table, money_table):
        figure = fig if isinstance(fig, Figure) else None
        value_type = value_types(cued, [(0, len(cued))], [
            "gbp" if money_table or (figure and figure.unit == "gbp") else
            (figure.unit if figure else None)], [reader.kind(authority)],
            [_signed(figure, span.raw)], [span.raw], table=True)[0]
        if value_type == "actual" and money_table:
            value_type = "budget"
        if value_type == "budget" and table and figure is not None and figure.unit != "gbp":
            # the build reads budget rows as accounts: '(11.0%)' is minus 11%
            refig = parse_figure(span.raw, unit_hint or None, accounting=True, prose=False)
            fig = refig if isinstance(refig, Figure) else fig
        row = _row(reader, n, span, ctx, phrase, authority=authority, period=period,
                   period_source=source, period_from=where, value_type=value_type,
                   unit_hint=unit_hint, scope=_scope(phrase, ctx),
                   **_figure_fields(fig, value_type))
        out.append((row, fig if isinstance(fig, Figure) else None,
                    {"after": "", "before": "", "clause": phrase, "context": "",
                     "sentence": phrase, "raw": span.raw, "topic": topic}))
    return out


def _row_label(line: str) -> str:
    return next((c.strip() for c in line.split("\t") if re.search(r"[A-Za-z]{3}", c)), "")


def _table_period(line: str, header_cell: str, ctx: Context) -> tuple[str, str, str]:
    for text, where in ((header_cell, "the column header"), (line, "the table row")):
        found = first_period(text) if text else None
        if found is not None:
            return found.label, "printed" if where == "the table row" else "context", \
                f"proposed from {where}"
    if ctx.line.period is not None:
        return ctx.line.period.label, "context", \
            f"proposed from the heading on line {ctx.line.period_line}"
    return _in_force(ctx)
