"""The unit the indicator table would give a figure: its printed unit, else the unit word
printed with it, else one its sentence names that a suggested measure is measured in.

>>> from analysis.parse.figures import parse_figure
>>> fig = parse_figure("3,792", None, prose=True)
>>> proposed_unit(fig, "actual", " delayed days for residents", "", "", ["count"], raw="3,792")
'days'
>>> proposed_unit(fig, "actual", " reviews were completed", "", "", ["days"], raw="3,792")
'count'
"""

from __future__ import annotations

import re

from ..parse.figures import Figure

# The unit word printed right after a bare number ('3,792 delayed days', '240 reviews').
UNIT_WORD = re.compile(r"^\s*(?:(?!(?:per|next|last|this|previous|each|every|a|the)\b)[a-z]+\s+)?"
                       r"(?P<unit>days?|years?|hours?|hrs|minutes?|"
                       r"mins)\b", re.I)
OWN_UNIT = re.compile(r"\b(?P<unit>days?|years?|hours?|hrs|minutes?|mins)\s*$", re.I)
UNIT_OF_WORD = {"day": "days", "year": "years", "hour": "hours", "hrs": "hours", "minute":
                "minutes", "mins": "minutes"}
RATE = re.compile(r"per\s*100,?000|per\s*100k|per\s*100 000", re.I)
PER_HOUR_IN = re.compile(r"(?:per|an|/)\s*(?:hour|hr)\s*$", re.I)
HOURLY = re.compile(r"\bper\s+hour\b|\ban\s+hour\b|\bhourly\b|\bp/?hr\b", re.I)
PER_HOUR = re.compile(r"^\s*(?:p/?hr\b|per\s+hour\b|an\s+hour\b|/\s*hr\b|ph\b)", re.I)


UNIT_CUES = [("per_100k", r"per\s*100,?000|per\s*100k|per\s*100 000"),
             ("days", r"\bdays?\b"), ("years", r"\byears?\b|\baverage age\b|\bage of\b"),
             ("hours", r"\bhours?\b"), ("minutes", r"\bminutes?\b|\bmins\b"),
             ("ratio", r"\bratio\b|\bscore\b")]
# A unit word that belongs to another number or names a span of time: '340 in the past three
# years', 'over the last years'.
NOT_ITS_UNIT = re.compile(r"(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                          r"twelve|last|past|previous|next|few|several|many|recent|coming|"
                          r"following|a)\b)[\s-]*$", re.I)
FUNCTION_WORDS = set(
    "and or but nor the for from with within which who whom whose that this these those than "
    "was were is are had has have been being will would could should may might per across "
    "compared against into onto over under between since until while whereas when where "
    "also only just respectively its their our his her your out off via".split())
DIRECTION_END = re.compile(r"\b(?:more|fewer|less|higher|lower)\s*$", re.I)


def _unit_in_sentence(sentence: str, raw: str, measure_units: list[str]) -> str | None:
    """A unit a suggested measure is measured in, named in the figure's sentence by a word no
    other number owns ('sickness days ... was 5.2')."""
    for unit, pattern in UNIT_CUES:
        if unit not in measure_units:
            continue
        for m in re.finditer(pattern, sentence, re.I):
            if not NOT_ITS_UNIT.search(sentence[max(0, m.start() - 30):m.start()]):
                return unit
    return None


def proposed_unit(fig: Figure, value_type: str, after: str, before: str, clause: str,
                  measure_units: list[str], context: str = "", sentence: str = "",
                  raw: str = "", compared: str = "") -> str:
    """The indicator table's unit for this figure, as the build would give it. A percentage in
    a change is a percent change (or points); a bare number takes the unit word printed just
    after it ('3,792 delayed days'; another word there, '240 reviews', makes it a count), the
    unit of the 'to' figure of 'from 19 to 6 minutes', 'per 100,000' printed later in its
    clause, or a word of its sentence that a suggested measure's unit matches; else it is a
    count. ``context`` (the heading) can make a bare number a rate when the best measure is
    one; ``compared`` is the rate a bare number is compared with in its sentence, whose unit
    it takes.

    >>> from analysis.parse.figures import parse_figure
    >>> proposed_unit(parse_figure("13.3", None, prose=True), "benchmark", " for England", "",
    ...               " for England", ["count"], compared="per_100k")
    'per_100k'
    """
    if fig.unit == "percent" and value_type == "change":
        return "percentage_points" if re.match(r"\s*(?:percentage\s+)?points?\b", after, re.I) \
            or "point" in clause.lower() else "percent_change"
    if fig.unit is None and re.match(r"\s*percentage\s+points?\b", after, re.I):
        return "percentage_points"  # '3 percentage points higher than in 2022/23'
    if fig.unit is None and re.search(r"\d(?:st|nd|rd|th)$", raw.strip()):
        return "rank"  # '5th out of 152'
    if fig.unit is None:
        return _bare_unit(fig, after, before, clause, measure_units, context, sentence, raw,
                          compared)
    if fig.unit == "gbp" and (PER_HOUR.match(after) or PER_HOUR_IN.search(raw) or (
            abs(fig.value) < 100 and ("gbp_per_hour" in measure_units[:1]
                                      or HOURLY.search(sentence)))):
        return "gbp_per_hour"
    return fig.unit


def _bare_unit(fig: Figure, after: str, before: str, clause: str, measure_units: list[str],
               context: str, sentence: str, raw: str, compared: str) -> str:
    if any(f.startswith("score out of") for f in fig.flags):
        return "ratio"
    word = OWN_UNIT.search(raw) or (None if DIRECTION_END.search(raw) else UNIT_WORD.match(after))
    if re.match(r"from\b", raw, re.I):
        word = re.match(r"^\s*to\s+[\d.,]+\s*(?P<unit>days?|years?|hours?|hrs|minutes?|mins)\b",
                        after, re.I) or word
    if word:
        return UNIT_OF_WORD.get(word.group("unit").lower().rstrip("s"),
                                word.group("unit").lower())
    noun = re.match(r"^\s*([a-z]{3,})\b", after, re.I)
    counted = noun and noun.group(1).lower() not in FUNCTION_WORDS
    rate = RATE.search(clause)
    if counted and rate and re.search(r"\d[\d,.]*\s*$", clause[:rate.start()]):
        return "count"  # '5,210 concerns, a rate of 812 per 100,000': the rate is 812's
    if rate or (measure_units[:1] == ["per_100k"] and RATE.search(context)):
        return "per_100k"
    if compared and not counted:
        return compared  # '14.3 per 100,000, compared with 13.3 for England'
    if counted:
        return "count"  # '178 assessments': the noun printed after it is what it counts
    if re.search(r"\b(?:average\s+)?age\s+of\s*$", before, re.I):
        return "years"
    return _unit_in_sentence(sentence, raw, measure_units) or "count"
