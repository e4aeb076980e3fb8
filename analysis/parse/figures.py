"""A printed figure to value + unit + qualifier, or a reason it cannot be read.

``parse_figure`` is the one reading. It runs its stages in order, each a small function named
by what it reads: the visible text (:mod:`.printed_text`); a cell that prints no figure; a
figure that is not a number, such as a rank, a quartile, 'one in four' or 'a quarter'
(:mod:`.word_figures`); then the number itself: its leading qualifier, its sign and scale, a
range, a unit word, a figure attached to it, the text left after it, and the direction its
words give. The figure's precision and its unit hint are in :mod:`.reading`, the words and
patterns in :mod:`.figure_words`.

>>> fig = parse_figure("85.3% (1,206 out of 1,414)")
>>> fig.value, fig.unit, fig.numerator, fig.denominator
(85.3, 'percent', 1206.0, 1414.0)
>>> parse_figure("(1,780)", unit_hint="£000").value
-1780000.0
>>> parse_figure("Due May -17")
Rejection(reason='not yet published (Due May -17)')
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import figure_words as words
from .figure_words import FY_OR_MONTH, QUALIFIERS
from .printed_text import is_period, mask_periods, normalise_text
from .reading import Figure, Rejection, apply_unit_hint, bounds, hinted, printed_precision, scaled
from .word_figures import (
    direction_of,
    figure_in_words,
    fraction_in,
    leading_qualifier,
    special_figure,
)

# What the rest of the package reads from here (the curator's tools among them).
__all__ = ["FY_OR_MONTH", "QUALIFIERS", "Figure", "Rejection", "is_period", "normalise_text",
           "parse_figure"]


def parse_figure(raw: str, unit_hint: str | None = None, *, accounting: bool = False,
                 prose: bool = False, quartile_order: str = "top_first") -> Figure | Rejection:
    """Read one printed figure. Never guesses: anything ambiguous is a Rejection with a reason.

    In a table, a figure wholly in brackets is negative when it is money or ``accounting`` is set
    (a budget table). In running text (``prose``) brackets are punctuation: "the BCF grant
    programme (£19.4m)" is £19.4m, and only a printed minus makes a figure negative; elsewhere
    "(880)" beside a comparator is 880. A figure printed with a second one attached
    ('14,353 (43%)', '10.8%/1,700 jobs') gives the one whose unit matches ``unit_hint``, else
    the first. A quartile in words is numbered in ``quartile_order``, its measure's
    ('top_first': 1 is the top quartile; 'bottom_first': 1 is the bottom one).

    >>> parse_figure("(£19.4m)", prose=True).value, parse_figure("(£19.4m)").value
    (19400000.0, -19400000.0)
    """
    if raw is None:
        return Rejection("empty cell")
    text = normalise_text(raw)
    nothing = _nothing_printed(text)
    if nothing is not None:
        return hinted(nothing, unit_hint)
    wrapped = text.startswith("(") and text.endswith(")") and text.count("(") == 1
    body = text[1:-1].strip() if wrapped else text
    masked = mask_periods(body, FY_OR_MONTH)
    loose = _loose_figure(body, masked, text)
    if loose is not None:
        return loose
    special = special_figure(body, quartile_order)
    if special is not None:
        return special
    found = words.CORE.search(masked)
    if found is None:
        return hinted(figure_in_words(body, text), unit_hint)
    return _read_number(body, words.CORE.match(body, found.start()), text, unit_hint,
                        in_brackets=wrapped, accounting=accounting, prose=prose)


# ---------------------------------------------------------------- cells that print no figure
def _nothing_printed(text: str) -> Figure | Rejection | None:
    """A cell that says there is nothing ('Nil'), no figure ('N/A') or none yet; None for any
    other text.

    >>> _nothing_printed("Nil"), _nothing_printed("N/A")
    (Figure(value=0.0, unit=None, qualifier=None, numerator=None, denominator=None, \
lower=None, upper=None, direction=0, flags=("printed as 'Nil'",), precision=0.0), \
Rejection(reason="no figure printed ('N/A')"))
    >>> _nothing_printed("Survey is biennial and will next run in October 2025").reason
    'not yet published (Survey is biennial and will next run in October 2025)'
    """
    low = text.lower()
    if low in ("nil", "none"):
        return Figure(0.0, flags=(f"printed as '{text}'",))
    if low in words.NOT_AVAILABLE:
        return Rejection(f"no figure printed ('{text}')" if text else "empty cell")
    if words.NOT_PUBLISHED.search(text):
        return Rejection(f"not yet published ({text})")
    return None


def _loose_figure(body: str, masked: str, text: str) -> Rejection | None:
    """The rejection of a loose decade ('high 30s') or of a cell whose only digits are a period
    (``masked`` is ``body`` with its periods blanked out).

    >>> text = "Maintain 15/16"
    >>> _loose_figure(text, mask_periods(text, FY_OR_MONTH), text)
    Rejection(reason="no figure printed, only a period ('Maintain 15/16')")
    """
    if words.DECADE_WORDS.search(body):
        return Rejection(f"'{text}' describes a range loosely (like 'high 30s'), not a figure")
    if words.DIGIT.search(body) and not words.DIGIT.search(masked):
        return Rejection(f"no figure printed, only a period ('{text}')")
    return None


# ---------------------------------------------------------------- the number and what is around it
class Number(NamedTuple):
    """The number printed, read with its sign, currency, per cent sign and scale."""

    digits: str          # as printed: '1,206', '1.84'
    value: float         # scaled: 1840000.0 for '1.84 million', not yet negated
    scale: float         # the printed scale (1.0 when none is printed)
    unit: str | None     # 'gbp' after a pound sign, 'percent' before a per cent sign
    negative: bool
    flags: tuple[str, ...]


def _number(match: re.Match, before: str, after: str, text: str,
            money: bool = False) -> Number | Rejection:
    """The number ``match`` (a ``words.CORE`` match) found, with ``before`` the text left before it
    once its qualifier is read and ``after`` the text after it; ``money`` when its context
    (a £ unit hint) says it is a sum of money.

    >>> _number(words.CORE.search("-£1.8m"), "", "", "-£1.8m")
    Number(digits='1.8', value=1800000.0, scale=1000000.0, unit='gbp', negative=True, flags=())
    >>> _number(words.CORE.search("around 15,"), "", "", "around 15,").flags
    ('truncated',)
    >>> _number(words.CORE.search("3.2 mil"), "", " mil", "3.2 mil").reason[:25]
    "'mil' after 3.2 in '3.2 m"
    """
    digits, scale_word = match.group("number"), match.group("scale")
    if not (scale_word or match.group("percent")):
        unknown = _unknown_scale(digits, after, text,
                                 money=money or bool(match.group("currency")))
        if unknown is not None:
            return unknown
    value = _to_float(digits)
    flags = []
    if match.group("trunc") and "," not in digits and value < 1000:
        flags.append("truncated")  # "around 15, in 2023/24"
    scale = words.SCALES[scale_word.lower()] if scale_word else 1.0
    unit = "gbp" if match.group("currency") else None
    if match.group("percent"):
        if unit == "gbp":
            return Rejection(f"both £ and % in '{text}'")
        unit = "percent"
    signs = ((match.group("sign") or "").strip(), (match.group("sign2") or "").strip())
    negative = "-" in signs or (before.rstrip().endswith("-")
                                and not words.WORD_HYPHEN.search(before.rstrip()))
    if "+" in signs:
        flags.append("plus sign")
    if value == 0 and negative:
        flags.append("negative zero")
        negative = False
    return Number(digits, value * scale, scale, unit, negative, tuple(flags))


def _unknown_scale(digits: str, after: str, text: str, money: bool) -> Rejection | None:
    """The rejection of a number followed by a word that reads as a scale but is not one of
    ``words.SCALES`` ('1.84 zillions', '£3.4 mill'); None when ``after`` starts otherwise.

    >>> _unknown_scale("3.4", " Mill", "£3.4 Mill", money=True).reason[:31]
    "'Mill' after 3.4 in '£3.4 Mill'"
    >>> _unknown_scale("3", " mills", "3 mills", money=False) is None
    True
    """
    found = words.SCALE_LIKE.match(after) or (money and words.MONEY_SCALE_LIKE.match(after))
    if not found:
        return None
    return Rejection(f"'{found.group('word')}' after {digits} in '{text}' reads as a scale but "
                     "is not one (k, thousand, m, million, mn, bn, billion): check the figure "
                     "or write the scale plainly")


def _to_float(number: str) -> float:
    return float(number.replace(",", ""))


Span = tuple[float, float, bool, str, float]


def _range(rest: str, number: Number, text: str) -> Span | Rejection | None:
    """A range printed on from the number ('58-62%'): its bounds, whether it ends in a per
    cent sign, the text after it and the scale of its lower end. A scale printed once, after
    the upper end, is the scale of both ends ('£5-7m'); an end printing its own scale keeps
    it ('£500k-£1m').

    >>> _range("-62%", Number("58", 58.0, 1.0, None, False, ()), "58-62%")
    (58.0, 62.0, True, '', 1.0)
    >>> _range("-7m", Number("5", 5.0, 1.0, "gbp", False, ()), "£5-7m")
    (5000000.0, 7000000.0, False, '', 1000000.0)
    """
    found = words.RANGE.match(rest)
    if not found:
        return None
    after = rest[found.end():]
    hi_scale = found.group("scale")
    if not hi_scale:
        unknown = _unknown_scale(found.group("hi"), after, text, money=number.unit == "gbp")
        if unknown is not None:
            return unknown
    hi_factor = words.SCALES[hi_scale.lower()] if hi_scale else number.scale
    lo_factor = hi_factor if number.scale == 1.0 else number.scale
    lo, hi = number.value * lo_factor / number.scale, _to_float(found.group("hi")) * hi_factor
    if hi < lo:
        return Rejection(f"the range in '{text}' runs backwards; check the figure")
    return lo, hi, bool(found.group("pct")), after.strip(), lo_factor


def _unit_word(rest: str) -> tuple[str | None, str]:
    """A unit printed in words after the number ('per 100k Pop.', 'years old', 'pence'), and
    the text after it.

    >>> _unit_word("per 100k Pop. 23/24 Nat. Ave"), _unit_word("years old")
    (('per_100k', '23/24 Nat. Ave'), ('years', ''))
    """
    rate = words.RATE.match(rest)
    if rate:
        return "per_100k", rest[rate.end():].strip()
    for pattern, name in words.UNIT_WORDS:
        found = pattern.match(rest)
        if found:
            return name, rest[found.end():].strip()
    return None, rest


Attached = tuple[Figure | None, tuple[float | None, float] | None, str, list[str]]


def _attached(rest: str, unit: str | None, prose: bool = False) -> Attached:
    """A figure attached to the main one: '(1,206 out of 1,414)', '(43%)', '/1,700 jobs'. Gives
    the attached figure, or the counts of a percentage (numerator, denominator), the text left,
    and flags.

    >>> _attached("(1,206 out of 1,414)", "percent")
    (None, (1206.0, 1414.0), '', [])
    >>> _attached("/1,700 jobs", "percent")[0].value
    1700.0
    """
    flags: list[str] = []
    bracket = words.BRACKET.match(rest)
    if bracket:
        inner = bracket.group("inner").strip()
        if not bracket.group(0).endswith(")"):
            flags.append("unclosed bracket")
        after = rest[bracket.end():].strip()
        out_of = words.OUT_OF.match(inner)
        if out_of and unit == "percent":
            return None, (_to_float(out_of.group("num")), _to_float(out_of.group("den"))), \
                after, flags
        if words.DIGIT.search(inner):
            if not words.DIGIT.search(mask_periods(inner, FY_OR_MONTH)):
                return None, None, after, flags + [f"period in text: {inner}"]
            inner_fig = parse_figure(inner, prose=prose)
            if isinstance(inner_fig, Figure):
                return inner_fig, None, after, flags
        return None, None, rest, flags
    score = words.SCORE.match(rest)
    if score and unit is None:
        return None, (None, _to_float(score.group("den"))), "", ["score out of "
                                                                  + score.group("den")]
    slash = words.SLASH.match(rest)
    if slash:
        inner_fig = parse_figure(slash.group("inner"), prose=prose)
        if isinstance(inner_fig, Figure):
            return inner_fig, None, "", flags
    return None, None, rest, flags


def _trailing_context(rest: str, text: str) -> list[str] | Rejection:
    """The text left after the figure: a flag when it holds digits that only date or describe
    the figure ('in 2022/23', 'aged 18-64'), a rejection when it holds another figure.

    >>> _trailing_context("in 2022/23", "62% in 2022/23")
    ['context in text: in 2022/23']
    """
    if not words.DIGIT.search(rest):
        return []
    if words.DIGIT.search(mask_periods(rest, words.TAIL_PERIODS)):
        return Rejection(f"more than one figure in '{text}': record each figure in its own row")
    return [f"context in text: {rest}"]


def _chosen_by_hint(attached: Figure, unit: str | None, unit_hint: str | None) -> bool:
    """Whether the unit hint asks for the attached figure rather than the main one.

    >>> _chosen_by_hint(Figure(1700.0), "percent", "count")
    True
    """
    if unit_hint not in words.UNIT_HINTS:
        return False
    hinted = words.UNIT_HINTS[unit_hint][0]
    return (attached.unit == hinted and unit != hinted) or (
        unit not in (None, hinted) and attached.unit is None)


def _read_number(body: str, match: re.Match, text: str, unit_hint: str | None, *,
                 in_brackets: bool, accounting: bool, prose: bool) -> Figure | Rejection:
    """The figure whose number ``match`` found in ``body``, read with what is printed around it
    (``text`` is the whole cell, named in rejections)."""
    qualifier, before = leading_qualifier(body[: match.start()])
    number = _number(match, before, body[match.end():], text, unit_hint in words.MONEY_HINTS)
    if isinstance(number, Rejection):
        return number
    value, unit, negative, flags = number.value, number.unit, number.negative, list(number.flags)
    lower = upper = numerator = denominator = attached = None
    rest = body[match.end():].strip()
    span = None if negative else _range(rest, number, text)
    if isinstance(span, Rejection):
        return span
    if span is not None:
        lower, upper, percent, rest, scale = span
        number = number._replace(scale=scale)
        unit = "percent" if percent else unit
        value, qualifier = (lower + upper) / 2, "between"
        flags.append("range midpoint")
    if unit is None and rest:
        unit, rest = _unit_word(rest)
        if unit == "pence":
            value, unit = value / 100, "gbp"
    qualifier, rest = _trailing_qualifier(qualifier, rest)
    if rest:
        attached, counts, rest, more = _attached(rest, unit, prose)
        flags += more
        if counts is not None:
            numerator, denominator = counts
            numerator = value if numerator is None else numerator  # a score: 6.16/10
    context = _trailing_context(rest, text)
    if isinstance(context, Rejection):
        return context
    flags += context
    money = unit == "gbp" or unit_hint in words.MONEY_HINTS
    if in_brackets and not prose and (accounting or money):
        flags.append("bracketed negative" if negative else "accounting negative")
        negative = True
    if negative:
        value, lower, upper = -value, _negated(upper), _negated(lower)
    fraction = fraction_in(before.lower())
    if fraction is not None and unit == "percent":  # 'around half (51%)'
        flags.append(f"printed with words: {fraction}")
    direction = direction_of(before + " " + rest) or direction_of(text)
    if attached is not None and _chosen_by_hint(attached, unit, unit_hint):
        # the qualifier before the main figure is its own: 'just over 2,000 (9%)' is 9%
        chosen = attached._replace(direction=direction, flags=tuple(
            flags + ["attached figure chosen by unit_hint"]))
        return apply_unit_hint(chosen, unit_hint, printed_scale=False)
    lower, upper = bounds(qualifier, value, lower, upper)
    pence = unit == "gbp" and "pence" in text.lower()
    fig = Figure(value, unit, qualifier, numerator, denominator, lower, upper, direction,
                 tuple(flags), _precision(number, qualifier, prose, pence, lower, upper))
    if unit in words.DAYS_IN:  # '12.6 weeks' is 88.2 days
        fig = scaled(fig, "days", words.DAYS_IN[unit])._replace(
            flags=fig.flags + (f"printed in {unit}: {number.digits} {unit}",))
    return apply_unit_hint(fig, unit_hint, printed_scale=number.scale != 1.0)


def _negated(x: float | None) -> float | None:
    return None if x is None else -x


def _trailing_qualifier(qualifier: str | None, rest: str) -> tuple[str | None, str]:
    """The qualifier printed after the figure ('41% and above'), when none is printed before
    it, and the text left.

    >>> _trailing_qualifier(None, "and above"), _trailing_qualifier("over", "people")
    (('at least', ''), ('over', 'people'))
    """
    found = words.TRAILING_QUALIFIER.match(rest)
    if found is None or qualifier is not None:
        return qualifier, rest
    return words.TRAILING_QUALIFIERS[found.group("words").lower()], rest[found.end():].strip()


def _precision(number: Number, qualifier: str | None, prose: bool, pence: bool,
               lower: float | None, upper: float | None) -> float:
    """Half a unit of the number's last printed digit, in the value's units (pounds for a
    figure printed in pence), or half the width of a range.

    >>> _precision(Number("1.84", 1840000.0, 1e6, None, False, ()), "approximately", True,
    ...            False, None, None)
    5000.0
    """
    if lower is not None and upper is not None:
        return (upper - lower) / 2
    precision = printed_precision(number.digits, qualifier, prose) * number.scale
    return precision / 100 if pence else precision


