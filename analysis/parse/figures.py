"""A printed figure to value + unit + qualifier, or a reason it cannot be read.

>>> fig = parse_figure("85.3% (1,206 out of 1,414)")
>>> fig.value, fig.unit, fig.numerator, fig.denominator
(85.3, 'percent', 1206.0, 1414.0)
>>> parse_figure("(1,780)", unit_hint="£000").value
-1780000.0
>>> parse_figure("Due May -17")
Rejection(reason='not yet published (Due May -17)')
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

UNIT_HINTS = {
    "£000": ("gbp", 1_000.0),
    "£m": ("gbp", 1_000_000.0),
    "£": ("gbp", 1.0),
    "%": ("percent", 1.0),
    "count": ("count", 1.0),
    "per 100k": ("per_100k", 1.0),
    "years": ("years", 1.0),
    "days": ("days", 1.0),
    "hours": ("hours", 1.0),
    "minutes": ("minutes", 1.0),
}


class Figure(NamedTuple):
    """A printed figure as read. Immutable; a named tuple because half a million are made in
    a large build and a tuple is made several times faster than a frozen dataclass."""

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


_FIGURE_FIELDS = frozenset(Figure._fields)


def replaced(fig: Figure, **changes) -> Figure:
    """``fig`` with ``changes`` (a TypeError names a field it does not have).

    >>> replaced(Figure(2.0, "count", precision=0.5), precision=0.0)
    Figure(value=2.0, unit='count', qualifier=None, numerator=None, denominator=None, \
lower=None, upper=None, direction=0, flags=(), precision=0.0)
    """
    if not changes.keys() <= _FIGURE_FIELDS:
        raise TypeError(f"Figure has no field(s) {sorted(changes.keys() - _FIGURE_FIELDS)}")
    return fig._replace(**changes)


@dataclass(frozen=True)
class Rejection:
    reason: str


# Longest phrases first so "just over" wins over "over".
QUALIFIERS = [
    ("approximately", "approximately"), ("approx.", "approximately"), ("approx", "approximately"),
    ("around", "approximately"), ("about", "approximately"), ("circa", "approximately"),
    ("c.", "approximately"), ("roughly", "approximately"), ("some", "approximately"),
    ("an estimated", "estimated"), ("estimated", "estimated"),
    ("just over", "over"), ("well over", "over"), ("over", "over"), ("more than", "more than"),
    ("above", "over"), ("in excess of", "over"),
    ("just under", "under"), ("under", "under"), ("less than", "less than"),
    ("fewer than", "less than"), ("below", "under"), ("nearly", "nearly"), ("almost", "nearly"),
    ("up to", "up to"), ("at least", "at least"), ("a maximum of", "up to"),
    ("<=", "at most"), ("≤", "at most"), (">=", "at least"), ("≥", "at least"),
    ("<", "less than"), (">", "more than"),
]
# The qualifiers by their last character, each list in QUALIFIERS' order (the first that fits
# wins): a prefix is compared only with the phrases it could end with.
QUALIFIERS_ENDING = {}
for _phrase, _canonical in QUALIFIERS:
    QUALIFIERS_ENDING.setdefault(_phrase[-1], []).append((_phrase, _canonical))

DOWN_WORDS = (r"decreas\w*|reduc\w*|fall\w*|fell|fallen|down|drop\w*|declin\w*|lower|less|fewer|"
              r"cut|saving")
UP_WORDS = r"increas\w*|ris\w*|rose|up|grow\w*|grew|higher|more|additional|extra|growth"

WORD_FRACTIONS = {
    "a quarter": 25.0, "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0,
    "three-quarters": 75.0, "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3,
    "two thirds": 200 / 3, "two-thirds": 200 / 3, "half": 50.0, "a half": 50.0,
    "one half": 50.0, "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0,
}
WORD_NUMBERS = {
    w: float(i) for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
}
WORD_NUMBERS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0,
                     "a hundred": 100.0, "a thousand": 1000.0})

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9,
          "billion": 1e9}
CORE = re.compile(
    r"(?P<sign>[-+]\s*)?(?P<currency>£\s*)?(?P<sign2>[-+]\s*)?(?P<number>" + NUMBER + r")"
    r"(?P<trunc>,(?!\d))?"
    r"(?:\s*(?P<scale>k|K|m|M|(?i:mn|bn|thousand|million|billion))(?![A-Za-z]))?"
    r"(?:\s*(?P<percent>%|per\s*cent\b|percent\b))?"
)
# Words that read as a scale but are not one of SCALES: the number must not silently lose it.
SCALE_LIKE = re.compile(r"^\s*(?P<word>[a-z]*illions?|thousands|hundreds?|lakhs?|crores?|mil|"
                        r"mln|bil|bln|trn|thou)(?![a-z])", re.I)
OUT_OF = re.compile(r"^\(?\s*(?P<num>" + NUMBER + r")\s*(?:out of|of the|of)\s*(?P<den>"
                    + NUMBER + r")\s*\)?")
RATE = re.compile(r"^(?:[a-z]+\s+){0,3}per\s*(?:100k|100,000|100 000)(?![\d,])"
                  r"(?:\s*(?:pop(?:ulation)?\.?|adults|people))?", re.I)
UNIT_WORDS = [
    (re.compile(r"^(?:pence|p)\b", re.I), "pence"),
    (re.compile(r"^(?:years?|yrs?)(?:\s+old)?\b", re.I), "years"),
    (re.compile(r"^days?\b", re.I), "days"),
    (re.compile(r"^(?:hours?|hrs?)\b", re.I), "hours"),
    (re.compile(r"^(?:minutes?|mins?)\b", re.I), "minutes"),
]
NOT_PUBLISHED = re.compile(r"^(?:due|to be published|awaiting|will next run)\b|next run|"
                           r"to be published|not yet", re.I)
NOT_AVAILABLE = {"n/a", "na", "-", "--", "---", "tbc", "tbd", "n.a.", "nil return", "not available",
                 "*", ""}
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
PERIOD_WORDS = (
    r"\b\d{1,2}\s*(?:st|nd|rd|th)?\s+" + _MON + r"(?:\s+\d{4})?"  # 31 st Mar 2024
    r"|\b" + _MON + r"\s*-?\s*'?\d{2,4}\b"                           # Nov-24, November 2024
    r"|\b(?:19|20)\d{2}\s*[/-]\s*\d{2,4}\b"                        # 2024/25, 2022-23
    r"|\b\d{2}\s*/\s*\d{1,2}\b"                                    # 23/24
    r"|\b\d{2}-\d{2}\b"                                             # 22-23
)
FY_OR_MONTH = re.compile(PERIOD_WORDS, re.I)
TAIL_PERIODS = re.compile(
    PERIOD_WORDS
    + r"|\b(?:19|20)\d{2}\b"                                          # 2024
    + r"|\b\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+)?\s*(?:months?|years?|weeks?|days?|hours?)\b"
    + r"|\b(?:aged?|over|under)\s+\d{2}\b|\b\d{2}\s*-\s*\d{2}\b|\b\d{2}\+",  # ages, bands
    re.I)
ORDINALS = {w: float(i) for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth".split())}
RANK_WORDS = re.compile(r"\b(?:ranked\s+)?(?:the\s+)?(?P<ord>" + "|".join(ORDINALS) + r")?\s*"
                        r"(?P<end>highest|lowest|best|worst|largest|smallest)\b", re.I)
QUARTILE_WORDS = re.compile(r"\b(?P<pos>top|bottom|upper|lower|first|second|third|fourth)"
                            r"(?:\s+(?:national|england))?\s+(?:quartile\b|25\s*%)", re.I)
ONE_IN = re.compile(r"^(?:\w+\s+){0,2}?(?P<num>\d{1,2}|one|two|three)\s+in\s+"
                    r"(?P<den>\d{1,3}|two|three|four|five|six|ten)\b(?!\s*[/-]\s*\d)", re.I)
QUARTILE = re.compile(r"^Q([1-4])\b")


TAG = re.compile(r"<[^>]+>")
# A bare number and nothing else ('1,206', '85.3'): no sign, unit, scale, qualifier or period.
PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# A number with only a minus, a pound sign, a scale or a per cent sign, nothing between
# ('-5', '£1.2m', '-£400k', '£-3bn', '12.5%', '-0.4%'): another quarter of the cells.
SIMPLE_FIGURE = re.compile(
    r"(?P<sign>-)?(?:(?P<currency>£)(?P<sign2>-)?(?P<money>" + PLAIN_NUMBER.pattern
    + r")(?P<scale>k|m|bn)?|(?P<number>" + PLAIN_NUMBER.pattern + r")(?P<percent>%)?)")
SPACES = re.compile(r"\s+")
# The patterns read_printed uses, compiled once (re's own cache costs a lookup per call).
DIGIT = re.compile(r"\d")
LETTER = re.compile(r"[a-z]")
LETTERS = re.compile(r"[a-z]+")
NUMBER_PAIR = re.compile(r"(\d{2,4})\s*([/-])\s*(\d{1,4})")
BRACKET = re.compile(r"^\((?P<inner>[^()]*)(?:\)|$)")
SLASH = re.compile(r"^(?:/|or\b(?:\s+just)?)\s*(?P<inner>[-+]?\s*£?\s*(?:" + NUMBER + r").*)$")
SCORE = re.compile(r"^/\s*(?P<den>" + NUMBER + r")\s*$")
DECADE_WORDS = re.compile(r"\b\d*0s\b")
WORD_HYPHEN = re.compile(r"\w-$")
RANGE = re.compile(r"^(?:-|to)\s*(?P<hi>" + NUMBER + r")\s*(?P<pct>%)?")
UP_TO = re.compile(r"\bup to\b")
DOWN = re.compile(rf"\b(?:{DOWN_WORDS})\b")
UP = re.compile(rf"\b(?:{UP_WORDS})\b")


def _visible(text: str) -> str:
    """``text`` without invisible characters (NUL, zero-width spaces, soft hyphens, other
    Unicode format and control characters), which would otherwise split a figure from its
    scale word; whitespace controls (tab, newline) stay, as spaces are unified later."""
    if text.isascii() and text.isprintable():  # most text: no control or format character
        return text
    return "".join(ch for ch in text if not (unicodedata.category(ch) in ("Cf", "Cc")
                                             and not ch.isspace()))


def normalise_text(raw: str) -> str:
    r"""Strip invisible characters, HTML tags and entities; unify dashes and spaces.

    >>> normalise_text("around 1.84\u200b million\x00 posts")
    'around 1.84 million posts'
    """
    text = _visible(str(raw))
    if "<" in text or "&" in text:
        text = _visible(html.unescape(TAG.sub(" ", text)))
    text = text.replace("**", "")
    if not text.isascii():
        text = (text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
                .replace("\xa0", " ").replace("\u202f", " "))
    return SPACES.sub(" ", text).strip()


def _to_float(number: str) -> float:
    return float(number.replace(",", ""))


def _leading_qualifier(prefix: str) -> tuple[str | None, str]:
    """The qualifier at the end of ``prefix`` and what is left before it."""
    low = prefix.lower().rstrip()
    if not low:  # most figures: nothing printed before the number
        return None, prefix
    for phrase, canonical in QUALIFIERS_ENDING.get(low[-1], ()):
        if low.endswith(phrase):
            before = low[: len(low) - len(phrase)]
            if phrase[0].isalpha() and before and before[-1].isalnum():
                continue
            return canonical, prefix.rstrip()[: len(before)]
    return None, prefix


def _direction(text: str) -> int:
    low = text.lower()
    if not LETTER.search(low):  # '(43%)', '1,206 (12%)': no word to give a direction
        return 0
    if "up to" in low:
        low = UP_TO.sub(" ", low)
    down = DOWN.search(low)
    up = UP.search(low)
    if down and not up:
        return -1
    if up and not down:
        return 1
    if up and down:
        return -1 if down.start() < up.start() else 1
    return 0


@functools.cache
def _fraction_patterns() -> list[tuple[str, float, re.Pattern]]:
    """WORD_FRACTIONS longest phrase first, each as a whole-word pattern."""
    return [(phrase, value, re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"))
            for phrase, value in sorted(WORD_FRACTIONS.items(), key=lambda kv: -len(kv[0]))]


def _word_figure(text: str) -> Figure | None:
    low = text.lower()
    for phrase, value, pattern in _fraction_patterns():
        if phrase in low and pattern.search(low):
            return Figure(value=round(value, 6), unit="percent", flags=(f"from words: {phrase}",),
                          precision=WORD_PRECISION)
    words = LETTERS.findall(low)
    for k, word in enumerate(words[:2]):
        if word in WORD_NUMBERS:
            value = WORD_NUMBERS[word]
            following = words[k + 1] if k + 1 < len(words) else ""
            scale = SCALES.get(following) or (100.0 if following == "hundred" else None)
            if following in ("hundred", "thousand", "million", "billion"):
                return Figure(value=value * scale, flags=(f"from words: {word} {following}",),
                              precision=0.5 * scale)
            return Figure(value=value, flags=(f"from words: {word}",), precision=0.5)
    return None


APPROXIMATE = {"approximately", "estimated", "over", "under", "more than", "less than", "nearly",
               "up to", "at least", "at most"}
WORD_PRECISION = 5.0  # 'a quarter', 'over half': read as within five percentage points


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
    """Give a bare figure the unit and scale its context states (a £000 table, a % column)."""
    if not unit_hint:
        return fig
    if unit_hint not in UNIT_HINTS:
        return Rejection(f"unknown unit_hint '{unit_hint}' (use one of {', '.join(UNIT_HINTS)})")
    unit, factor = UNIT_HINTS[unit_hint]
    if fig.unit is None:
        scaled = _scaled(fig, unit, factor)
        if unit_hint == "£":  # whole-pound table cells: ±£1 (pence rounding either way)
            scaled = replaced(scaled, precision=max(scaled.precision, 1.0))
        return scaled
    if fig.unit != unit:
        return Rejection(f"printed as {fig.unit} but unit_hint says {unit_hint}")
    if unit == "gbp" and not printed_scale and factor != 1.0:
        return _scaled(fig, unit, factor)  # "£2.7" in a column headed £m
    return fig


def is_period(token: str, after: str) -> bool:
    """False for look-alikes of a period: '18-22%' is a range, '4/5' a score."""
    pair = NUMBER_PAIR.fullmatch(token.strip())
    if pair is None:
        return True
    if after.lstrip().startswith("%"):
        return False
    first, second = int(pair.group(1)), pair.group(3)
    return int(second) == (first + 1) % (10 ** len(second)) or (
        len(second) == 4 and int(second) == (first % 100) + 2001)


def _mask(text: str, pattern: re.Pattern) -> str:
    """``text`` with every period-like match of ``pattern`` blanked out, keeping positions."""
    return pattern.sub(lambda m: " " * len(m.group(0)) if is_period(
        m.group(0), text[m.end():]) else m.group(0), text)


def _special_figure(body: str) -> Figure | None:
    """Ranks, quartiles and 'one in four': figures not written as plain numbers."""
    q = QUARTILE.match(body)
    if q:
        return Figure(float(q.group(1)), "quartile", flags=("quartile",))
    # Each search only where its words could be: re.I also matches a few non-ASCII letters.
    low = body.lower() if body.isascii() else None
    qw = QUARTILE_WORDS.search(body) if low is None or "quartile" in low or "25" in low \
        else None
    if qw:
        position = {"top": 1, "upper": 1, "first": 1, "second": 2, "third": 3, "bottom": 4,
                    "lower": 4, "fourth": 4}[qw.group("pos").lower()]
        return Figure(float(position), "quartile", flags=(f"from words: {qw.group(0)}",))
    if not DIGIT.search(body):
        rank = RANK_WORDS.search(body)
        if rank:
            n = ORDINALS[rank.group("ord").lower()] if rank.group("ord") else 1.0
            return Figure(n, "rank", flags=(f"from words: {rank.group(0).strip()}",))
    one_in = ONE_IN.search(body) if low is None or "in" in low else None
    if one_in:
        def num(s):
            return WORD_NUMBERS[s.lower()] if s.lower() in WORD_NUMBERS else float(s)
        a, b = num(one_in.group("num")), num(one_in.group("den"))
        if not 0 < a < b:
            return None
        return Figure(round(100 * a / b, 6), "percent", numerator=a, denominator=b,
                      flags=(f"from words: {one_in.group(0)}",), precision=WORD_PRECISION)
    return None


Attached = tuple[Figure | None, tuple[float | None, float] | None, str, list[str]]


def _secondary(rest: str, unit: str | None, prose: bool = False) -> Attached:
    """A figure attached to the main one: '(1,206 out of 1,414)', '(43%)', '/1,700 jobs'."""
    flags: list[str] = []
    bracket = BRACKET.match(rest)
    slash = SLASH.match(rest)
    score = SCORE.match(rest)
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
    if score and unit is None:
        return None, (None, _to_float(score.group("den"))), "", ["score out of "
                                                                  + score.group("den")]
    if slash:
        inner_fig = parse_figure(slash.group("inner"), prose=prose)
        if isinstance(inner_fig, Figure):
            return inner_fig, None, "", flags
    return None, None, rest, flags


def parse_figure(raw: str, unit_hint: str | None = None, *, accounting: bool = False,
                 prose: bool = False) -> Figure | Rejection:
    """Read one printed figure. Never guesses: anything ambiguous is a Rejection with a reason.

    In a table, a figure wholly in brackets is negative when it is money or ``accounting`` is set
    (a budget table). In running text (``prose``) brackets are punctuation: "the BCF grant
    programme (£19.4m)" is £19.4m, and only a printed minus makes a figure negative; elsewhere
    "(880)" beside a comparator is 880. A figure
    printed with a second one attached ('14,353 (43%)', '10.8%/1,700 jobs') gives the one whose
    unit matches ``unit_hint``, else the first.
    """
    if raw is None:
        return Rejection("empty cell")
    text = normalise_text(raw)
    if PLAIN_NUMBER.fullmatch(text):  # a quarter of all cells: what the full reading gives them
        value, precision = read_bare_number(text, prose)
        return apply_unit_hint(Figure(value, precision=precision), unit_hint, printed_scale=False)
    simple = SIMPLE_FIGURE.fullmatch(text)
    if simple:
        return _simple_figure(simple, unit_hint, prose)
    return read_printed(text, unit_hint, accounting=accounting, prose=prose)


def _simple_figure(match: re.Match, unit_hint: str | None, prose: bool) -> Figure | Rejection:
    """What ``read_printed`` gives a SIMPLE_FIGURE, without its search for words, brackets,
    periods and attached figures, none of which such a figure can hold (a property test and
    every real figure check the two agree)."""
    number, scale = match.group("money") or match.group("number"), match.group("scale")
    factor = SCALES[scale] if scale else 1.0
    value, precision = read_bare_number(number, prose)
    value *= factor
    unit = "gbp" if match.group("currency") else "percent" if match.group("percent") else None
    negative = bool(match.group("sign") or match.group("sign2"))
    flags: tuple[str, ...] = ()
    if value == 0 and negative:
        flags, negative = ("negative zero",), False
    fig = Figure(-value if negative else value, unit, flags=flags,
                 precision=precision * factor)
    return apply_unit_hint(fig, unit_hint, printed_scale=bool(scale))


def read_bare_number(number: str, prose: bool = False) -> tuple[float, float]:
    """The value of a number printed bare ('1,206', '85.3'), and half a unit of its last
    printed digit (see ``printed_precision``).

    >>> read_bare_number("1,206"), read_bare_number("12,000", prose=True)
    ((1206.0, 0.5), (12000.0, 500.0))
    """
    return _to_float(number), printed_precision(number, None, prose)


def read_printed(text: str, unit_hint: str | None = None, *, accounting: bool = False,
                 prose: bool = False) -> Figure | Rejection:
    """``parse_figure``'s full reading of a normalised ``text`` (plain numbers included)."""
    low = text.lower()
    if low in ("nil", "none"):
        return apply_unit_hint(Figure(0.0, flags=(f"printed as '{text}'",)), unit_hint,
                           printed_scale=False)
    if low in NOT_AVAILABLE:
        return Rejection(f"no figure printed ('{text}')" if text else "empty cell")
    if (not text.isascii() or "due" in low or "publish" in low or "awaiting" in low
            or "next run" in low or "not yet" in low) and NOT_PUBLISHED.search(text):
        return Rejection(f"not yet published ({text})")
    wrapped = text.startswith("(") and text.endswith(")") and text.count("(") == 1
    body = text[1:-1].strip() if wrapped else text
    flags: list[str] = []

    if "0s" in body and DECADE_WORDS.search(body):
        return Rejection(f"'{text}' describes a range loosely (like 'high 30s'), not a figure")
    masked = _mask(body, FY_OR_MONTH)
    if DIGIT.search(body) and not DIGIT.search(masked):
        return Rejection(f"no figure printed, only a period ('{text}')")
    special = _special_figure(body)
    if special is not None:
        return apply_unit_hint(special, unit_hint if special.unit is None else None,
                           printed_scale=False)

    match = CORE.search(masked)
    if match is None:
        word = _word_figure(body)
        if word is not None:
            qualifier, _ = _leading_qualifier(body.lower().split(word.flags[0].split(": ")[1])[0])
            return apply_unit_hint(
                Figure(word.value, word.unit, qualifier, direction=_direction(body),
                       flags=word.flags, precision=word.precision), unit_hint,
                printed_scale=False)
        return Rejection(f"no figure printed ('{text}')")
    match = CORE.match(body, match.start())

    prefix, rest = body[: match.start()], body[match.end():]
    unknown = None if not rest or match.group("scale") or match.group("percent") \
        else SCALE_LIKE.match(rest)
    if unknown:
        return Rejection(f"'{unknown.group('word')}' after {match.group('number')} in '{text}' "
                         "reads as a scale but is not one (k, thousand, m, million, mn, bn, "
                         "billion): check the figure or write the scale plainly")
    qualifier, prefix_left = _leading_qualifier(prefix)
    word = _word_figure(prefix_left) if LETTER.search(prefix_left.lower()) else None
    number = match.group("number")
    value = _to_float(number)
    unit: str | None = None
    if match.group("trunc") and "," not in number and value < 1000:
        flags.append("truncated")  # "around 15, in 2023/24"
    scale = match.group("scale")
    if scale:
        value *= SCALES[scale.lower()]
    if match.group("currency"):
        unit = "gbp"
    if match.group("percent"):
        if unit == "gbp":
            return Rejection(f"both £ and % in '{text}'")
        unit = "percent"
    signs = ((match.group("sign") or "").strip(), (match.group("sign2") or "").strip())
    negative = "-" in signs
    if prefix_left.rstrip().endswith("-") and not WORD_HYPHEN.search(prefix_left.rstrip()):
        negative = True
    if "+" in signs:
        flags.append("plus sign")
    if value == 0 and negative:
        flags.append("negative zero")
        negative = False

    numerator = denominator = lower = upper = None
    rest = rest.strip()
    range_m = RANGE.match(rest)
    if range_m and not negative:
        hi = _to_float(range_m.group("hi")) * (SCALES[scale.lower()] if scale else 1)
        if hi < value:
            return Rejection(f"the range in '{text}' runs backwards; check the figure")
        lower, upper = value, hi
        if range_m.group("pct"):
            unit = "percent"
        value = (lower + upper) / 2
        qualifier = "between"
        flags.append("range midpoint")
        rest = rest[range_m.end():].strip()
    if unit is None and rest:
        rate = RATE.match(rest)
        if rate:
            unit = "per_100k"
            rest = rest[rate.end():].strip()
        else:
            for pattern, name in UNIT_WORDS:
                um = pattern.match(rest)
                if um:
                    rest = rest[um.end():].strip()
                    if name == "pence":
                        value, unit = value / 100, "gbp"
                    else:
                        unit = name
                    break
    secondary, ratio, more_flags = None, None, []
    if rest:
        secondary, ratio, rest, more_flags = _secondary(rest, unit, prose)
        flags += more_flags
    if ratio is not None:
        numerator, denominator = ratio
        if numerator is None:  # a score: 6.16/10
            numerator = value
    if DIGIT.search(rest):
        if DIGIT.search(_mask(rest, TAIL_PERIODS)):
            return Rejection(f"more than one figure in '{text}': record each figure in its own "
                             "row")
        flags.append(f"context in text: {rest}")
    hinted_money = unit_hint in ("£000", "£m", "£")
    if wrapped and not prose and (accounting or unit == "gbp" or hinted_money):
        if negative:
            flags.append("bracketed negative")
        else:
            negative = True
            flags.append("accounting negative")
    if negative:
        value = -value
        lower, upper = (None if upper is None else -upper), (None if lower is None else -lower)
    if word is not None and word.unit == "percent" and unit == "percent":
        flags.append(word.flags[0].replace("from words", "printed with words"))
    direction = _direction(prefix_left + " " + rest) or _direction(text)
    if secondary is not None and unit_hint in UNIT_HINTS:
        hinted_unit = UNIT_HINTS[unit_hint][0]
        if (secondary.unit == hinted_unit and unit != hinted_unit) or (
                unit not in (None, hinted_unit) and secondary.unit is None):
            chosen = Figure(secondary.value, secondary.unit, qualifier, secondary.numerator,
                            secondary.denominator, direction=direction,
                            flags=tuple(flags + ["attached figure chosen by unit_hint"]),
                            precision=secondary.precision)
            return apply_unit_hint(chosen, unit_hint, printed_scale=False)
    if qualifier in ("less than", "under", "at most", "up to") and lower is None:
        upper = value
    elif qualifier in ("over", "more than", "at least") and lower is None:
        lower = value
    precision = printed_precision(number, qualifier, prose) * (
        SCALES[scale.lower()] if scale else 1)
    if unit == "gbp" and "pence" in text.lower():
        precision /= 100
    if lower is not None and upper is not None:
        precision = (upper - lower) / 2
    fig = Figure(value, unit, qualifier, numerator, denominator, lower, upper, direction,
                 tuple(flags), precision)
    return apply_unit_hint(fig, unit_hint, printed_scale=bool(scale))
