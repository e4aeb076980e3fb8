"""The words and patterns a printed figure is read by: qualifiers, scales, units, direction
words, number words, and the look-alikes of a period that are not a figure.

>>> dict(QUALIFIERS)["around"], SCALES["million"], UNIT_HINTS["£000"]
('approximately', 1000000.0, ('gbp', 1000.0))
"""

from __future__ import annotations

import re

# A unit_hint names the unit and the scale a figure's context states (a £000 table, a % column).
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
MONEY_HINTS = ("£000", "£m", "£")

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
    ("upwards of", "over"), ("as much as", "up to"), ("as many as", "up to"),
    ("no more than", "at most"), ("not more than", "at most"), ("no less than", "at least"),
    ("not less than", "at least"), ("a minimum of", "at least"),
    ("<=", "at most"), ("≤", "at most"), (">=", "at least"), ("≥", "at least"),
    ("<", "less than"), (">", "more than"),
]
QUALIFIER_OF = dict(QUALIFIERS)
# The qualifier ending a text: a longer phrase ends the text wherever a shorter one it ends with
# does, and precedes it in QUALIFIERS, so the longest match is the first in the list; a word
# qualifier must start a word ('some' is not read in 'handsome').
QUALIFIER_AT_END = re.compile("(?:" + "|".join(
    ("(?<![^\\W_])" if phrase[0].isalpha() else "") + re.escape(phrase)
    for phrase, _ in QUALIFIERS) + r")\Z")
# Qualifiers that say a figure is not exact, and so rounded at its last non-zero digit.
APPROXIMATE = {"approximately", "estimated", "over", "under", "more than", "less than", "nearly",
               "up to", "at least", "at most"}
BELOW = ("less than", "under", "at most", "up to")   # the figure is an upper bound
ABOVE = ("over", "more than", "at least")             # the figure is a lower bound
# A bound printed after its figure ('41% and above', '65 or more'): the figure is its bound.
TRAILING_QUALIFIERS = {"and above": "at least", "and over": "at least", "or more": "at least",
                       "or above": "at least", "or over": "at least", "and more": "at least",
                       "and below": "at most", "and under": "at most", "or less": "at most",
                       "or fewer": "at most", "or below": "at most", "or under": "at most"}
TRAILING_QUALIFIER = re.compile(r"^(?P<words>" + "|".join(TRAILING_QUALIFIERS)
                                + r")(?![a-z])", re.I)

DOWN_WORDS = (r"decreas\w*|reduc\w*|fall\w*|fell|fallen|down|drop\w*|declin\w*|lower|less|fewer|"
              r"cut|saving")
UP_WORDS = r"increas\w*|ris\w*|rose|up|grow\w*|grew|higher|more|additional|extra|growth"
DIRECTION = re.compile(rf"\b(?:(?P<down>{DOWN_WORDS})|(?P<up>{UP_WORDS}))\b")
# A bound is a qualifier, not a direction: 'up to 5', 'more than 14,000', 'no less than 28'.
BOUND_PHRASES = re.compile(r"\b(?:up to|(?:no |not )?(?:more|less|fewer) than)\b")

WORD_FRACTIONS = {
    "a quarter": 25.0, "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0,
    "three-quarters": 75.0, "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3,
    "two thirds": 200 / 3, "two-thirds": 200 / 3, "half": 50.0, "a half": 50.0,
    "one half": 50.0, "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0,
}
# Longest phrase first ('one half' before 'half'), each a whole word ('a third' is not read in
# 'a thirdly').
FRACTIONS_LONGEST_FIRST = sorted(WORD_FRACTIONS, key=len, reverse=True)
FRACTION = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, FRACTIONS_LONGEST_FIRST))
                      + r")(?![\w-])")
WORD_PRECISION = 5.0  # 'a quarter', 'over half': read as within five percentage points
WORD_NUMBERS = {
    w: float(i) for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
}
WORD_NUMBERS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0,
                     "a hundred": 100.0, "a thousand": 1000.0})
LETTERS = re.compile(r"[a-z]+")

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A plural is the same scale: Devon's papers print '£5.3 millions' throughout.
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9,
          "billion": 1e9, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
SCALE = r"(?:\s*(?P<scale>k|K|m|M|(?i:mn|bn|thousands?|millions?|billions?))(?![A-Za-z]))?"
CORE = re.compile(
    r"(?P<sign>[-+]\s*)?(?P<currency>£\s*)?(?P<sign2>[-+]\s*)?(?P<number>" + NUMBER + r")"
    r"(?P<trunc>,(?!\d))?" + SCALE + r"(?:\s*(?P<percent>%|per\s*cent\b|percent\b))?"
)
# Words that read as a scale but are not one of SCALES: the number must not silently lose it.
# After a sum of money, 'mill' or 'bill' is a scale cut short ('£3.4 mill'); after a bare
# number it may be a noun ('3 mills').
SCALE_LIKE = re.compile(r"^\s*(?P<word>[a-z]*illions?|thousands|hundreds?|lakhs?|crores?|mil|"
                        r"mln|bil|bln|trn|thou)(?![a-z])", re.I)
MONEY_SCALE_LIKE = re.compile(r"^\s*(?P<word>mil+s?|mil+i?o?ns?|bil+s?|bil+i?o?ns?|mio|mm|b|"
                              r"tr?n|thous?)(?![a-z])", re.I)
WORD_HYPHEN = re.compile(r"\w-$")  # 'year-' before a number is a word's hyphen, not a minus
# The upper end of a range may print the scale for both ends ('£5-7m') or its own ('£500k-£1m').
RANGE = re.compile(r"^(?:-|to)\s*£?\s*(?P<hi>" + NUMBER + r")" + SCALE + r"\s*(?P<pct>%)?")
RATE = re.compile(r"^(?:[a-z]+\s+){0,3}per\s*(?:100k|100,000|100 000)(?![\d,])"
                  r"(?:\s*(?:pop(?:ulation)?\.?|adults|people))?", re.I)
UNIT_WORDS = [
    (re.compile(r"^(?:pence|p)\b", re.I), "pence"),
    (re.compile(r"^(?:years?|yrs?)(?:\s+old)?\b", re.I), "years"),
    (re.compile(r"^days?\b", re.I), "days"),
    (re.compile(r"^(?:hours?|hrs?)\b", re.I), "hours"),
    (re.compile(r"^(?:minutes?|mins?)\b", re.I), "minutes"),
    (re.compile(r"^weeks?\b", re.I), "weeks"),
]
DAYS_IN = {"weeks": 7.0}  # a span printed in weeks is stored in days, as the catalogue measures it

# Figures attached to the main one: '(1,206 out of 1,414)', '/1,700 jobs', '6.16/10'.
OUT_OF = re.compile(r"^\(?\s*(?P<num>" + NUMBER + r")\s*(?:out of|of the|of)\s*(?P<den>"
                    + NUMBER + r")\s*\)?")
BRACKET = re.compile(r"^\((?P<inner>[^()]*)(?:\)|$)")
SLASH = re.compile(r"^(?:/|or\b(?:\s+just)?)\s*(?P<inner>[-+]?\s*£?\s*(?:" + NUMBER + r").*)$")
SCORE = re.compile(r"^/\s*(?P<den>" + NUMBER + r")\s*$")

NOT_PUBLISHED = re.compile(r"^(?:due|to be published|awaiting|will next run)\b|next run|"
                           r"to be published|not yet", re.I)
NOT_AVAILABLE = {"n/a", "na", "-", "--", "---", "tbc", "tbd", "n.a.", "nil return", "not available",
                 "*", ""}
DECADE_WORDS = re.compile(r"\b\d*0s\b")  # 'high 30s'

_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
PERIOD_WORDS = (
    r"\b\d{1,2}\s*(?:st|nd|rd|th)?\s+" + _MON + r"(?:,?\s+\d{4})?"  # 31 st Mar 2024, 11th May, 2019
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
NUMBER_PAIR = re.compile(r"(\d{2,4})\s*([/-])\s*(\d{1,4})")
DIGIT = re.compile(r"\d")

ORDINALS = {w: float(i) for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth".split())}
RANK_WORDS = re.compile(r"\b(?:ranked\s+)?(?:the\s+)?(?P<ord>" + "|".join(ORDINALS) + r")?\s*"
                        r"(?P<end>highest|lowest|best|worst|largest|smallest)\b", re.I)
QUARTILE_WORDS = re.compile(r"\b(?P<pos>top|bottom|upper|lower|first|second|third|fourth)"
                            r"(?:\s+(?:national|england))?\s+(?:quartile\b|25\s*%)", re.I)
# A quartile in words by its place from the top; a measure numbered from the bottom
# (measures.csv quartile_order 'bottom_first') counts the other way.
QUARTILE_POSITIONS = {"top": 1, "upper": 1, "first": 1, "second": 2, "third": 3, "bottom": 4,
                      "lower": 4, "fourth": 4}
QUARTILE_ORDERS = ("top_first", "bottom_first")
ONE_IN = re.compile(r"^(?:\w+\s+){0,2}?(?P<num>\d{1,2}|one|two|three|four|five|six|seven|"
                    r"eight|nine)\s+in\s+(?:every\s+)?"
                    r"(?P<den>\d{1,3}|two|three|four|five|six|ten)\b(?!\s*[/-]\s*\d)", re.I)
QUARTILE = re.compile(r"^Q([1-4])\b")
