"""A printed figure to value + unit + qualifier, or a reason it cannot be read.

``parse_figure`` is the one reading. It runs the stages below in order, each a small function
named by what it reads: the visible text, a cell that prints no figure, a figure that is not a
number (a rank, a quartile, 'one in four', 'a quarter'), then the number itself: its leading
qualifier, its sign and scale, a range, a unit word, a figure attached to it, the text left
after it, and the direction its words give. The words and patterns are in :mod:`.figure_words`.

>>> fig = parse_figure("85.3% (1,206 out of 1,414)")
>>> fig.value, fig.unit, fig.numerator, fig.denominator
(85.3, 'percent', 1206.0, 1414.0)
>>> parse_figure("(1,780)", unit_hint="£000").value
-1780000.0
>>> parse_figure("Due May -17")
Rejection(reason='not yet published (Due May -17)')
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from .figure_words import (
    ABOVE,
    APPROXIMATE,
    BELOW,
    BRACKET,
    CORE,
    DECADE_WORDS,
    DIGIT,
    DOWN,
    FRACTION_PATTERNS,
    FY_OR_MONTH,
    LETTERS,
    MONEY_HINTS,
    NOT_AVAILABLE,
    NOT_PUBLISHED,
    NUMBER_PAIR,
    ONE_IN,
    ORDINALS,
    OUT_OF,
    QUALIFIERS,
    QUARTILE,
    QUARTILE_POSITIONS,
    QUARTILE_WORDS,
    RANGE,
    RANK_WORDS,
    RATE,
    SCALE_LIKE,
    SCALES,
    SCORE,
    SLASH,
    TAIL_PERIODS,
    UNIT_HINTS,
    UNIT_WORDS,
    UP,
    UP_TO,
    WORD_FRACTIONS,
    WORD_HYPHEN,
    WORD_NUMBERS,
    WORD_PRECISION,
)

__all__ = ["FY_OR_MONTH", "QUALIFIERS", "UNIT_HINTS", "Figure", "Rejection", "apply_unit_hint",
           "is_period", "normalise_text", "parse_figure", "printed_precision"]


class Figure(NamedTuple):
    """A printed figure as read (immutable: change a field with ``fig._replace(value=...)``)."""

    value: float
    unit: str | None = None
    qualifier: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None
    direction: int = 0
    flags: tuple[str, ...] = ()
    precision: float = 0.0  # half a unit of the last printed digit, in the value's units


@dataclass(frozen=True)
class Rejection:
    reason: str


def parse_figure(raw: str, unit_hint: str | None = None, *, accounting: bool = False,
                 prose: bool = False) -> Figure | Rejection:
    """Read one printed figure. Never guesses: anything ambiguous is a Rejection with a reason.

    In a table, a figure wholly in brackets is negative when it is money or ``accounting`` is set
    (a budget table). In running text (``prose``) brackets are punctuation: "the BCF grant
    programme (£19.4m)" is £19.4m, and only a printed minus makes a figure negative; elsewhere
    "(880)" beside a comparator is 880. A figure printed with a second one attached
    ('14,353 (43%)', '10.8%/1,700 jobs') gives the one whose unit matches ``unit_hint``, else
    the first.

    >>> parse_figure("(£19.4m)", prose=True).value, parse_figure("(£19.4m)").value
    (19400000.0, -19400000.0)
    """
    if raw is None:
        return Rejection("empty cell")
    text = normalise_text(raw)
    nothing = _nothing_printed(text)
    if nothing is not None:
        return _hinted(nothing, unit_hint)
    wrapped = text.startswith("(") and text.endswith(")") and text.count("(") == 1
    body = text[1:-1].strip() if wrapped else text
    masked = _mask(body, FY_OR_MONTH)
    loose = _loose_figure(body, masked, text)
    if loose is not None:
        return loose
    special = _special_figure(body)
    if special is not None:
        return special
    found = CORE.search(masked)
    if found is None:
        return _hinted(_figure_in_words(body, text), unit_hint)
    return _read_number(body, CORE.match(body, found.start()), text, unit_hint,
                        in_brackets=wrapped, accounting=accounting, prose=prose)


# ---------------------------------------------------------------- visible text
def _visible(text: str) -> str:
    """``text`` without invisible characters (NUL, zero-width spaces, soft hyphens, other
    Unicode format and control characters), which would otherwise split a figure from its
    scale word; whitespace controls (tab, newline) stay, as spaces are unified later."""
    return "".join(ch for ch in text if ch.isspace()
                   or unicodedata.category(ch) not in ("Cf", "Cc"))


TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")
DASHES_AND_SPACES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\xa0": " ",
                                   "\u202f": " "})


def normalise_text(raw: str) -> str:
    r"""Strip invisible characters, HTML tags and entities and markdown bold; unify dashes and
    spaces.

    >>> normalise_text("66.4% <small>23/24 Nat. Ave.</small>"), normalise_text("Over **6,200**")
    ('66.4% 23/24 Nat. Ave.', 'Over 6,200')
    >>> normalise_text("around 1.84\u200b million\x00 posts")
    'around 1.84 million posts'
    """
    text = _visible(html.unescape(TAG.sub(" ", _visible(str(raw)))))
    text = text.replace("**", "").translate(DASHES_AND_SPACES)
    return SPACES.sub(" ", text).strip()


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
    if low in NOT_AVAILABLE:
        return Rejection(f"no figure printed ('{text}')" if text else "empty cell")
    if NOT_PUBLISHED.search(text):
        return Rejection(f"not yet published ({text})")
    return None


def _loose_figure(body: str, masked: str, text: str) -> Rejection | None:
    """The rejection of a loose decade ('high 30s') or of a cell whose only digits are a period
    (``masked`` is ``body`` with its periods blanked out).

    >>> _loose_figure("Maintain 15/16", _mask("Maintain 15/16", FY_OR_MONTH), "Maintain 15/16")
    Rejection(reason="no figure printed, only a period ('Maintain 15/16')")
    """
    if DECADE_WORDS.search(body):
        return Rejection(f"'{text}' describes a range loosely (like 'high 30s'), not a figure")
    if DIGIT.search(body) and not DIGIT.search(masked):
        return Rejection(f"no figure printed, only a period ('{text}')")
    return None


def is_period(token: str, after: str) -> bool:
    """False for look-alikes of a period: '18-22%' is a range, '4/5' a score.

    >>> is_period("15/16", ""), is_period("18-22", "%")
    (True, False)
    """
    pair = NUMBER_PAIR.fullmatch(token.strip())
    if pair is None:
        return True
    if after.lstrip().startswith("%"):
        return False
    first, second = int(pair.group(1)), pair.group(3)
    return int(second) == (first + 1) % (10 ** len(second)) or (
        len(second) == 4 and int(second) == (first % 100) + 2001)


def _mask(text: str, pattern: re.Pattern) -> str:
    """``text`` with every period-like match of ``pattern`` blanked out, keeping positions.

    >>> _mask("62% in 2022/23", FY_OR_MONTH)
    '62% in        '
    """
    return pattern.sub(lambda m: " " * len(m.group(0)) if is_period(
        m.group(0), text[m.end():]) else m.group(0), text)


# ---------------------------------------------------------------- figures that are not numbers
def _special_figure(body: str) -> Figure | None:
    """Ranks, quartiles and 'one in four': figures not written as plain numbers.

    >>> _special_figure("ranked the second lowest").value, _special_figure("Q4 (14/15)").unit
    (2.0, 'quartile')
    >>> _special_figure("1 in 4 people are supported").numerator
    1.0
    """
    q = QUARTILE.match(body)
    if q:
        return Figure(float(q.group(1)), "quartile", flags=("quartile",))
    qw = QUARTILE_WORDS.search(body)
    if qw:
        return Figure(float(QUARTILE_POSITIONS[qw.group("pos").lower()]), "quartile",
                      flags=(f"from words: {qw.group(0)}",))
    if not DIGIT.search(body):  # 'the highest 85%' is a percentage, not a rank
        rank = RANK_WORDS.search(body)
        if rank:
            n = ORDINALS[rank.group("ord").lower()] if rank.group("ord") else 1.0
            return Figure(n, "rank", flags=(f"from words: {rank.group(0).strip()}",))
    one_in = ONE_IN.search(body)
    if one_in:
        def num(s):
            return WORD_NUMBERS[s.lower()] if s.lower() in WORD_NUMBERS else float(s)
        a, b = num(one_in.group("num")), num(one_in.group("den"))
        if not 0 < a < b:
            return None
        return Figure(round(100 * a / b, 6), "percent", numerator=a, denominator=b,
                      flags=(f"from words: {one_in.group(0)}",), precision=WORD_PRECISION)
    return None


def _fraction(low: str) -> str | None:
    """The first fraction in words in lower-cased ``low``, longest phrase first.

    >>> _fraction("just over two-thirds"), _fraction("a thirdly")
    ('two-thirds', None)
    """
    return next((phrase for phrase, pattern in FRACTION_PATTERNS if pattern.search(low)), None)


def _word_number(low: str) -> tuple[str, float, float] | None:
    """A number in words among the first two words of lower-cased ``low``, with its scale
    word: the words, the value and half a unit of it.

    >>> _word_number("eight days per year"), _word_number("one million visits")
    (('eight', 8.0, 0.5), ('one million', 1000000.0, 500000.0))
    """
    words = LETTERS.findall(low)
    for k, word in enumerate(words[:2]):
        if word in WORD_NUMBERS:
            value = WORD_NUMBERS[word]
            following = words[k + 1] if k + 1 < len(words) else ""
            if following in ("hundred", "thousand", "million", "billion"):
                scale = 100.0 if following == "hundred" else SCALES[following]
                return f"{word} {following}", value * scale, 0.5 * scale
            return word, value, 0.5
    return None


def _figure_in_words(body: str, text: str) -> Figure | Rejection:
    """A figure printed in words only: a fraction ('three-quarters', as a percentage) or a
    number word, with its qualifier and direction.

    >>> fig = _figure_in_words("Just over two-thirds", "Just over two-thirds")
    >>> round(fig.value, 2), fig.unit, fig.qualifier, fig.flags
    (66.67, 'percent', 'over', ('from words: two-thirds',))
    """
    low = body.lower()
    phrase = _fraction(low)
    if phrase is not None:
        value, unit, precision = round(WORD_FRACTIONS[phrase], 6), "percent", WORD_PRECISION
    else:
        words = _word_number(low)
        if words is None:
            return Rejection(f"no figure printed ('{text}')")
        (phrase, value, precision), unit = words, None
    qualifier, _ = _leading_qualifier(low.split(phrase)[0])
    return Figure(value, unit, qualifier, direction=_direction(body),
                  flags=(f"from words: {phrase}",), precision=precision)


# ---------------------------------------------------------------- the number and what is around it
def _leading_qualifier(prefix: str) -> tuple[str | None, str]:
    """The qualifier at the end of ``prefix`` (the text before a number) and what is left
    before it; a word qualifier must start a word ('some' is not read in 'handsome').

    >>> _leading_qualifier("an estimated "), _leading_qualifier("a workforce of around ")
    (('estimated', ''), ('approximately', 'a workforce of '))
    """
    low = prefix.lower().rstrip()
    for phrase, canonical in QUALIFIERS:
        if low.endswith(phrase):
            before = low[: len(low) - len(phrase)]
            if phrase[0].isalpha() and before and before[-1].isalnum():
                continue
            return canonical, prefix.rstrip()[: len(before)]
    return None, prefix


class Number(NamedTuple):
    """The number printed, read with its sign, currency, per cent sign and scale."""

    digits: str          # as printed: '1,206', '1.84'
    value: float         # scaled: 1840000.0 for '1.84 million', not yet negated
    scale: float         # the printed scale (1.0 when none is printed)
    unit: str | None     # 'gbp' after a pound sign, 'percent' before a per cent sign
    negative: bool
    flags: tuple[str, ...]


def _number(match: re.Match, before: str, after: str, text: str) -> Number | Rejection:
    """The number ``match`` (a ``CORE`` match) found, with ``before`` the text left before it
    once its qualifier is read and ``after`` the text after it.

    >>> _number(CORE.search("-£1.8m"), "", "", "-£1.8m")
    Number(digits='1.8', value=1800000.0, scale=1000000.0, unit='gbp', negative=True, flags=())
    >>> _number(CORE.search("around 15,"), "", "", "around 15,").flags
    ('truncated',)
    >>> _number(CORE.search("3.2 mil"), "", " mil", "3.2 mil").reason[:25]
    "'mil' after 3.2 in '3.2 m"
    """
    digits, scale_word = match.group("number"), match.group("scale")
    unknown = None if scale_word or match.group("percent") else SCALE_LIKE.match(after)
    if unknown:
        return Rejection(f"'{unknown.group('word')}' after {digits} in '{text}' reads as a "
                         "scale but is not one (k, thousand, m, million, mn, bn, billion): "
                         "check the figure or write the scale plainly")
    value = _to_float(digits)
    flags = []
    if match.group("trunc") and "," not in digits and value < 1000:
        flags.append("truncated")  # "around 15, in 2023/24"
    scale = SCALES[scale_word.lower()] if scale_word else 1.0
    unit = "gbp" if match.group("currency") else None
    if match.group("percent"):
        if unit == "gbp":
            return Rejection(f"both £ and % in '{text}'")
        unit = "percent"
    signs = ((match.group("sign") or "").strip(), (match.group("sign2") or "").strip())
    negative = "-" in signs or (before.rstrip().endswith("-")
                                and not WORD_HYPHEN.search(before.rstrip()))
    if "+" in signs:
        flags.append("plus sign")
    if value == 0 and negative:
        flags.append("negative zero")
        negative = False
    return Number(digits, value * scale, scale, unit, negative, tuple(flags))


def _to_float(number: str) -> float:
    return float(number.replace(",", ""))


Span = tuple[float, float, bool, str]


def _range(rest: str, number: Number, text: str) -> Span | Rejection | None:
    """A range printed on from the number ('58-62%'): its bounds, whether it ends in a per
    cent sign, and the text after it.

    >>> _range("-62%", Number("58", 58.0, 1.0, None, False, ()), "58-62%")
    (58.0, 62.0, True, '')
    """
    found = RANGE.match(rest)
    if not found:
        return None
    hi = _to_float(found.group("hi")) * number.scale
    if hi < number.value:
        return Rejection(f"the range in '{text}' runs backwards; check the figure")
    return number.value, hi, bool(found.group("pct")), rest[found.end():].strip()


def _unit_word(rest: str) -> tuple[str | None, str]:
    """A unit printed in words after the number ('per 100k Pop.', 'years old', 'pence'), and
    the text after it.

    >>> _unit_word("per 100k Pop. 23/24 Nat. Ave"), _unit_word("years old")
    (('per_100k', '23/24 Nat. Ave'), ('years', ''))
    """
    rate = RATE.match(rest)
    if rate:
        return "per_100k", rest[rate.end():].strip()
    for pattern, name in UNIT_WORDS:
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
    bracket = BRACKET.match(rest)
    if bracket:
        inner = bracket.group("inner").strip()
        if not bracket.group(0).endswith(")"):
            flags.append("unclosed bracket")
        after = rest[bracket.end():].strip()
        out_of = OUT_OF.match(inner)
        if out_of and unit == "percent":
            return None, (_to_float(out_of.group("num")), _to_float(out_of.group("den"))), \
                after, flags
        if DIGIT.search(inner):
            if not DIGIT.search(_mask(inner, FY_OR_MONTH)):
                return None, None, after, flags + [f"period in text: {inner}"]
            inner_fig = parse_figure(inner, prose=prose)
            if isinstance(inner_fig, Figure):
                return inner_fig, None, after, flags
        return None, None, rest, flags
    score = SCORE.match(rest)
    if score and unit is None:
        return None, (None, _to_float(score.group("den"))), "", ["score out of "
                                                                  + score.group("den")]
    slash = SLASH.match(rest)
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
    if not DIGIT.search(rest):
        return []
    if DIGIT.search(_mask(rest, TAIL_PERIODS)):
        return Rejection(f"more than one figure in '{text}': record each figure in its own row")
    return [f"context in text: {rest}"]


def _direction(text: str) -> int:
    """-1 for words of a fall, 1 for words of a rise, 0 for neither; the first word wins when
    both are printed. 'up to' is a bound, not a rise.

    >>> _direction("decreased by 1,200 (- 7%)"), _direction("57 pence more"), _direction("up to 5")
    (-1, 1, 0)
    """
    low = UP_TO.sub(" ", text.lower())
    down = DOWN.search(low)
    up = UP.search(low)
    if down and not up:
        return -1
    if up and not down:
        return 1
    if up and down:
        return -1 if down.start() < up.start() else 1
    return 0


def _chosen_by_hint(attached: Figure, unit: str | None, unit_hint: str | None) -> bool:
    """Whether the unit hint asks for the attached figure rather than the main one.

    >>> _chosen_by_hint(Figure(1700.0), "percent", "count")
    True
    """
    if unit_hint not in UNIT_HINTS:
        return False
    hinted = UNIT_HINTS[unit_hint][0]
    return (attached.unit == hinted and unit != hinted) or (
        unit not in (None, hinted) and attached.unit is None)


def _read_number(body: str, match: re.Match, text: str, unit_hint: str | None, *,
                 in_brackets: bool, accounting: bool, prose: bool) -> Figure | Rejection:
    """The figure whose number ``match`` found in ``body``, read with what is printed around it
    (``text`` is the whole cell, named in rejections)."""
    qualifier, before = _leading_qualifier(body[: match.start()])
    number = _number(match, before, body[match.end():], text)
    if isinstance(number, Rejection):
        return number
    value, unit, negative, flags = number.value, number.unit, number.negative, list(number.flags)
    lower = upper = numerator = denominator = attached = None
    rest = body[match.end():].strip()
    span = None if negative else _range(rest, number, text)
    if isinstance(span, Rejection):
        return span
    if span is not None:
        lower, upper, percent, rest = span
        unit = "percent" if percent else unit
        value, qualifier = (lower + upper) / 2, "between"
        flags.append("range midpoint")
    if unit is None and rest:
        unit, rest = _unit_word(rest)
        if unit == "pence":
            value, unit = value / 100, "gbp"
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
    if in_brackets and not prose and (accounting or unit == "gbp" or unit_hint in MONEY_HINTS):
        flags.append("bracketed negative" if negative else "accounting negative")
        negative = True
    if negative:
        value, lower, upper = -value, _negated(upper), _negated(lower)
    fraction = _fraction(before.lower())
    if fraction is not None and unit == "percent":  # 'around half (51%)'
        flags.append(f"printed with words: {fraction}")
    direction = _direction(before + " " + rest) or _direction(text)
    if attached is not None and _chosen_by_hint(attached, unit, unit_hint):
        chosen = Figure(attached.value, attached.unit, qualifier, attached.numerator,
                        attached.denominator, direction=direction,
                        flags=tuple(flags + ["attached figure chosen by unit_hint"]),
                        precision=attached.precision)
        return apply_unit_hint(chosen, unit_hint, printed_scale=False)
    if qualifier in BELOW and lower is None:
        upper = value
    elif qualifier in ABOVE and lower is None:
        lower = value
    precision = printed_precision(number.digits, qualifier, prose) * number.scale
    if unit == "gbp" and "pence" in text.lower():
        precision /= 100
    if lower is not None and upper is not None:
        precision = (upper - lower) / 2
    fig = Figure(value, unit, qualifier, numerator, denominator, lower, upper, direction,
                 tuple(flags), precision)
    return apply_unit_hint(fig, unit_hint, printed_scale=number.scale != 1.0)


def _negated(x: float | None) -> float | None:
    return None if x is None else -x


# ---------------------------------------------------------------- precision and the unit hint
def printed_precision(number: str, qualifier: str | None = None, prose: bool = False) -> float:
    """Half a unit of the last printed digit. A whole number with a qualifier such as 'around',
    or in running text ending in two or more zeros (600, 12,000, £400,000), is taken as rounded
    at its last non-zero digit.

    >>> printed_precision("85.3"), printed_precision("15,450")
    (0.05, 0.5)
    >>> printed_precision("15,000", "approximately")
    500.0
    """
    digits = number.replace(",", "")
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    trailing = len(digits) - len(digits.rstrip("0"))
    if len(digits) > 1 and (qualifier in APPROXIMATE or (prose and trailing >= 2)):
        return 0.5 * 10 ** min(trailing, len(digits) - 1)
    return 0.5


def _scaled(fig: Figure, unit: str, factor: float) -> Figure:
    def mul(x):
        return None if x is None else x * factor
    return Figure(fig.value * factor, unit, fig.qualifier, fig.numerator, fig.denominator,
                  mul(fig.lower), mul(fig.upper), fig.direction, fig.flags,
                  fig.precision * factor)


def apply_unit_hint(fig: Figure, unit_hint: str | None, *,
                    printed_scale: bool) -> Figure | Rejection:
    """Give a bare figure the unit and scale its context states (a £000 table, a % column).

    >>> apply_unit_hint(Figure(51.5, precision=0.05), "£m", printed_scale=False).value
    51500000.0
    """
    if not unit_hint:
        return fig
    if unit_hint not in UNIT_HINTS:
        return Rejection(f"unknown unit_hint '{unit_hint}' (use one of {', '.join(UNIT_HINTS)})")
    unit, factor = UNIT_HINTS[unit_hint]
    if fig.unit is None:
        scaled = _scaled(fig, unit, factor)
        if unit_hint == "£":  # whole-pound table cells: ±£1 (pence rounding either way)
            scaled = scaled._replace(precision=max(scaled.precision, 1.0))
        return scaled
    if fig.unit != unit:
        return Rejection(f"printed as {fig.unit} but unit_hint says {unit_hint}")
    if unit == "gbp" and not printed_scale and factor != 1.0:
        return _scaled(fig, unit, factor)  # "£2.7" in a column headed £m
    return fig


def _hinted(fig: Figure | Rejection, unit_hint: str | None) -> Figure | Rejection:
    return apply_unit_hint(fig, unit_hint, printed_scale=False) if isinstance(fig, Figure) \
        else fig
