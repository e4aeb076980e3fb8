"""Direction of travel: within one series only, and never against the paper's own words.

A council's figure is set beside its own previous figure of the same measure, breakdown, scope,
value type and ASCOF framework, and rated by the rating rule (:mod:`.ratings`) with the words
improved, similar, worse (higher or lower for a measure with no better direction). No direction
is computed across periods of different length, or for Skills for Care estimates, which are
revised each year; where the paper prints its own change, that is the evidence, and a
computed direction never contradicts it.
"""

from __future__ import annotations

import pandas as pd

from .ratings import rate, similar_because
from .select import framework
from .words import shown, tool_note

WORDS = ("improved", "similar", "worse")


def stated_direction(stated: pd.Series | None, info: pd.Series) -> str:
    """The direction the paper's own stated change gives ('' when it prints none, or none)."""
    if stated is None or stated["value"] == 0:
        return ""
    up = stated["value"] > 0
    # a change between revised estimates (Skills for Care) is reported, never judged
    if info["polarity"] == "neutral" or info["series_note"]:
        return "higher" if up else "lower"
    return WORDS[0 if up == (info["polarity"] == "higher_better") else 2]


def word_direction(word: str, info: pd.Series) -> str:
    """A direction the paper states in words ('lower') as the tool says directions: improved
    or worse where the measure has a better way and is not a revised estimate, else as said.

    >>> word_direction("lower", pd.Series({"polarity": "lower_better", "series_note": ""}))
    'improved'
    >>> word_direction("higher", pd.Series({"polarity": "neutral", "series_note": ""}))
    'higher'
    """
    if word not in ("higher", "lower") or info["polarity"] == "neutral" or info["series_note"]:
        return word
    return WORDS[0 if (word == "higher") == (info["polarity"] == "higher_better") else 2]


def matches_printed_levels(obs: pd.DataFrame, fig: pd.Series, stated: pd.Series) -> bool:
    """Whether a stated change is the difference of the levels the papers print (950 vacant
    posts, 001:57, less 1,000, 001:294, is the '-50' stated): then it is not against a revised
    estimate. Only a change in the figure's own unit can be checked."""
    prev = previous(obs, fig)
    if prev is None or stated.get("unit") != fig["unit"]:
        return False
    slack = float(fig["precision"] or 0) + float(prev["precision"] or 0) + \
        float(stated.get("precision") or 0)
    return abs((fig["value"] - prev["value"]) - stated["value"]) <= slack


def previous(obs: pd.DataFrame, fig: pd.Series) -> pd.Series | None:
    """The figure before ``fig`` in its own series (same framework), newest first."""
    before = obs[(obs["measure_id"] == fig["measure_id"]) & (obs["authority"] ==
                 fig["authority"]) & (obs["breakdown"] == fig["breakdown"])
                 & (obs["scope"] == fig["scope"]) & (obs["value_type"] == fig["value_type"])
                 & (obs["period_end"] < fig["period_start"])]
    before = before[[framework(r) == framework(fig) for _, r in before.iterrows()]]
    if before.empty:
        return None
    return before.sort_values(["period_end", "figure_id"], ascending=[False, True]).iloc[0]


def computed_direction(obs: pd.DataFrame, fig: pd.Series, info: pd.Series
                       ) -> tuple[str, str, list[str]]:
    """The direction from the previous figure of the series, its evidence and any caveat."""
    if info["series_note"]:
        return "", "", ["no direction computed: " + tool_note(
            info["series_note"].split(":")[0].split(", so")[0])]
    prev = previous(obs, fig)
    if prev is None:
        return "", "", []
    length = [(r["period_end"] - r["period_start"]).days for r in (prev, fig)]
    if abs(length[0] - length[1]) > 0.1 * max(length):
        return "", "", [f"no direction of travel: the previous figure ({shown(prev)}, "
                        f"{prev['period']}) "
                        f"covers a different length of time from {fig['period']}"]
    computed = rate(fig["value"], prev["value"], fig["precision"], prev["precision"],
                    fig["unit"], info["polarity"], WORDS)
    if info["polarity"] == "neutral" and computed not in ("similar",):
        computed = "higher" if fig["value"] > prev["value"] else "lower"
    evidence = f"from {shown(prev)} ({prev['period']}) to {shown(fig)} ({fig['period']})"
    if computed == "similar" and fig["value"] != prev["value"]:
        # a fall from 5% to 3% called similar must show why (002:768)
        evidence += "; " + similar_because(fig, prev, "change")
    return computed, evidence, []


def direction(obs: pd.DataFrame, fig: pd.Series, info: pd.Series,
              stated: pd.Series | None) -> tuple[str, str, list[str]]:
    """Direction of travel, its evidence and any caveat: within one series only; the paper's
    own stated change, where it prints one, is the evidence and is never contradicted."""
    stated_word = stated_direction(stated, info)
    computed, evidence, caveats = computed_direction(obs, fig, info)
    if not stated_word:
        return computed, evidence, caveats
    # the paper's own change gives the direction: why none could be computed is beside the point
    caveats = [c for c in caveats if not c.startswith("no direction of travel")]
    if computed and computed != stated_word and computed != "similar":
        caveats.append(f"the paper's stated change is used, not the printed levels "
                       f"({evidence})")
    revised = ("; the tool's reading: the change is against a revised estimate of the year "
               "before, not the level printed for it") if info["series_note"] and not \
        matches_printed_levels(obs, fig, stated) else ""
    return stated_word, f"the paper: '{stated['raw']}' ({stated['period']}){revised}", caveats
