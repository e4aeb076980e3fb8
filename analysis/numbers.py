"""A printed figure to value + unit + qualifier, or a reason it cannot be read.

>>> parse_figure("85.3% (1,206 out of 1,414)")
Figure(value=85.3, unit='percent', qualifier=None, numerator=1206.0, denominator=1414.0, lower=None, upper=None, direction=0, flags=())
>>> parse_figure("(1,780)", unit_hint="£000").value
-1780000.0
>>> parse_figure("Due May -17")
Rejection(reason='not yet published (due May -17)')
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str | None = None
    qualifier: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None
    direction: int = 0
    flags: tuple[str, ...] = ()


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

DOWN_WORDS = r"decreas\w*|reduc\w*|fall\w*|fell|fallen|down|drop\w*|declin\w*|lower|less|cut|saving"
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
    r"(?:\s*(?P<scale>k|K|m|M|mn|bn|thousand|million|billion)(?![A-Za-z]))?"
    r"(?:\s*(?P<percent>%|per\s*cent\b|percent\b))?"
)
OUT_OF = re.compile(r"^\(?\s*(?P<num>" + NUMBER + r")\s*(?:out of|of)\s*(?P<den>" + NUMBER
                    + r")\s*\)?")
RATE = re.compile(r"^per\s*(?:100k|100,000|100 000)\b(?:\s*pop(?:ulation)?\.?)?", re.I)
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
PERIOD_TOKEN = re.compile(r"\b(?:19|20)?\d{2}/\d{1,2}\b|\b[A-Z][a-z]{2}\s?-\s?\d{2}\b")
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
TAIL_PERIODS = re.compile(
    r"\b\d{1,2}\s*(?:st|nd|rd|th)?\s+" + _MON + r"(?:\s+\d{4})?"  # 31 st Mar 2024
    r"|\b" + _MON + r"\s*-?\s*'?\d{2,4}\b"                           # Nov-24, November 2024
    r"|\b(?:19|20)?\d{2}\s*/\s*\d{1,2}\b"                            # 2024/25, 23/24
    r"|\b(?:19|20)\d{2}\b"                                          # 2024
    r"|\b\d{2}-\d{2}\b",                                           # 22-23
    re.I)
QUARTILE = re.compile(r"^Q([1-4])\b")


def normalise_text(raw: str) -> str:
    """Strip HTML tags and entities, unify dashes and spaces."""
    text = re.sub(r"<[^>]+>", " ", str(raw))
    text = html.unescape(text)
    text = (text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
            .replace("\xa0", " ").replace("\u202f", " "))
    return re.sub(r"\s+", " ", text).strip()


def _to_float(number: str) -> float:
    return float(number.replace(",", ""))


def _leading_qualifier(prefix: str) -> tuple[str | None, str]:
    """The qualifier at the end of ``prefix`` and what is left before it."""
    low = prefix.lower().rstrip()
    for phrase, canonical in QUALIFIERS:
        if low.endswith(phrase):
            before = low[: len(low) - len(phrase)]
            if phrase[0].isalpha() and before and before[-1].isalnum():
                continue
            return canonical, prefix.rstrip()[: len(before)]
    return None, prefix


def _direction(text: str) -> int:
    low = text.lower()
    down = re.search(rf"\b(?:{DOWN_WORDS})\b", low)
    up = re.search(rf"\b(?:{UP_WORDS})\b", low)
    if down and not up:
        return -1
    if up and not down:
        return 1
    if up and down:
        return -1 if down.start() < up.start() else 1
    return 0


def _word_figure(text: str) -> Figure | None:
    low = text.lower()
    for phrase, value in sorted(WORD_FRACTIONS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", low):
            return Figure(value=round(value, 6), unit="percent", flags=(f"from words: {phrase}",))
    words = re.findall(r"[a-z]+", low)
    for word in words[:2]:
        if word in WORD_NUMBERS:
            return Figure(value=WORD_NUMBERS[word], flags=(f"from words: {word}",))
    return None


def _scaled(fig: Figure, unit: str, factor: float) -> Figure:
    def mul(x):
        return None if x is None else x * factor
    return Figure(fig.value * factor, unit, fig.qualifier, fig.numerator, fig.denominator,
                  mul(fig.lower), mul(fig.upper), fig.direction, fig.flags)


def _apply_hint(fig: Figure, unit_hint: str | None, *, printed_scale: bool) -> Figure | Rejection:
    """Give a bare figure the unit and scale its context states (a £000 table, a % column)."""
    if not unit_hint:
        return fig
    if unit_hint not in UNIT_HINTS:
        return Rejection(f"unknown unit_hint '{unit_hint}' (use one of {', '.join(UNIT_HINTS)})")
    unit, factor = UNIT_HINTS[unit_hint]
    if fig.unit is None:
        return _scaled(fig, unit, factor)
    if fig.unit != unit:
        return Rejection(f"printed as {fig.unit} but unit_hint says {unit_hint}")
    if unit == "gbp" and not printed_scale and factor != 1.0:
        return _scaled(fig, unit, factor)  # "£2.7" in a column headed £m
    return fig


def parse_figure(raw: str, unit_hint: str | None = None, *,
                 accounting: bool = False) -> Figure | Rejection:
    """Read one printed figure. Never guesses: anything ambiguous is a Rejection with a reason.

    A figure wholly in brackets is negative when it is money or ``accounting`` is set (a budget
    table); elsewhere brackets are just punctuation: "(880)" beside a comparator is 880.
    """
    if raw is None:
        return Rejection("empty cell")
    text = normalise_text(raw)
    low = text.lower()
    if low in NOT_AVAILABLE:
        return Rejection(f"no figure printed ('{text}')" if text else "empty cell")
    if NOT_PUBLISHED.search(text):
        return Rejection(f"not yet published ({text})")
    wrapped = text.startswith("(") and text.endswith(")") and text.count("(") == 1
    body = text[1:-1].strip() if wrapped else text
    flags: list[str] = []

    without_periods = PERIOD_TOKEN.sub(" ", body)
    if re.search(r"\d", body) and not re.search(r"\d", without_periods):
        return Rejection(f"no figure printed, only a period ('{text}')")
    q = QUARTILE.match(body)
    if q:
        return Figure(float(q.group(1)), "quartile", flags=("quartile",))

    match = CORE.search(body)
    if match is None:
        word = _word_figure(body)
        if word is not None:
            return _apply_hint(
                Figure(word.value, word.unit, None, direction=_direction(body), flags=word.flags),
                unit_hint, printed_scale=False)
        return Rejection(f"no figure printed ('{text}')")

    prefix, rest = body[: match.start()], body[match.end():]
    qualifier, prefix_left = _leading_qualifier(prefix)
    word = _word_figure(prefix_left) if re.search(r"[a-z]", prefix_left.lower()) else None
    value = _to_float(match.group("number"))
    unit: str | None = None
    if match.group("trunc") and not rest.strip(" ,.;"):
        flags.append("truncated")
    elif match.group("trunc") and re.match(r"^\s*in\b", rest):
        flags.append("truncated")
    scale = match.group("scale")
    if scale:
        value *= SCALES[scale.lower()]
    if match.group("currency"):
        unit = "gbp"
    if match.group("percent"):
        if unit == "gbp":
            return Rejection(f"both £ and % in '{text}'")
        unit = "percent"
    negative = bool(match.group("sign") and match.group("sign").strip() == "-") or bool(
        match.group("sign2") and match.group("sign2").strip() == "-")
    if prefix_left.rstrip().endswith("-") and not re.search(r"\w-$", prefix_left.rstrip()):
        negative = True
    if value == 0 and negative:
        flags.append("negative zero")
        negative = False

    numerator = denominator = lower = upper = None
    rest = rest.strip()
    # A range: 58-62%, 11-15%, 5 to 9
    range_m = re.match(r"^(?:-|to)\s*(?P<hi>" + NUMBER + r")\s*(?P<pct>%)?", rest)
    if range_m and not negative and not match.group("sign"):
        hi = _to_float(range_m.group("hi")) * (SCALES[scale.lower()] if scale else 1)
        lower, upper = value, hi
        if range_m.group("pct"):
            unit = "percent"
        value = (lower + upper) / 2
        qualifier = "between"
        flags.append("range midpoint")
        rest = rest[range_m.end():].strip()
    if unit is None:
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
    secondary = None
    bracket = re.match(r"^\((?P<inner>[^()]*)\)", rest)
    if bracket:
        inner = bracket.group("inner").strip()
        out_of = OUT_OF.match(inner)
        if out_of and unit == "percent":
            numerator, denominator = _to_float(out_of.group("num")), _to_float(out_of.group("den"))
            rest = rest[bracket.end():].strip()
        elif re.search(r"\d", inner):
            inner_fig = parse_figure(inner)
            if isinstance(inner_fig, Figure) and inner_fig.unit in ("percent", "gbp", None):
                secondary = inner_fig
                rest = rest[bracket.end():].strip()
            elif re.fullmatch(r"\d{2}/\d{2}|\d{4}/\d{2}|[A-Za-z]{3}-\d{2}", inner):
                rest = rest[bracket.end():].strip()  # a period in brackets, e.g. (14/15)
                flags.append(f"period in text: {inner}")
    if re.search(r"\d", rest):
        tail_digits = TAIL_PERIODS.sub(" ", rest)
        if re.search(r"\d", tail_digits):
            return Rejection(f"more than one figure in '{text}': record each figure in its own "
                             "row")
        flags.append(f"period in text: {rest}")
    hinted_money = unit_hint in ("£000", "£m", "£")
    if wrapped and (accounting or unit == "gbp" or hinted_money):
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
    if secondary is not None and unit_hint == "%" and secondary.unit == "percent" \
            and unit != "percent":
        fig = Figure(secondary.value, "percent", qualifier, direction=_direction(text),
                     flags=tuple(flags + ["bracketed percentage"]))
        return fig
    if qualifier in ("less than", "under", "at most", "up to") and lower is None:
        upper = value
    elif qualifier in ("over", "more than", "at least") and lower is None:
        lower = value
    fig = Figure(value, unit, qualifier, numerator, denominator, lower, upper,
                 _direction(prefix_left + " " + rest) or _direction(text), tuple(flags))
    return _apply_hint(fig, unit_hint, printed_scale=bool(scale))
