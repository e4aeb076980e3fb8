"""Charts in one house theme: colour-blind-safe palette, units and periods on the axes, the
source under every chart, alt text on every image.

Percentage axes run from 0 to 100; older figures (history, earlier vintages, part-years) are
drawn lighter and hatched and the legend says so; outcome and process measures are charted
apart; nothing is clipped (labels wrap, the figure grows with its rows).
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")  # headless: papermill and CI have no display

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from ..compare.words import covers_only  # noqa: E402

# Okabe & Ito (2008): distinguishable with the common forms of colour-blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
AUTHORITY_COLOURS = {"Leicester": OKABE_ITO[0], "Leicestershire": OKABE_ITO[5],
                     "England": OKABE_ITO[7], "East Midlands": OKABE_ITO[2],
                     "Peer group": OKABE_ITO[3], "LLR": OKABE_ITO[4]}
WIDTH = 10.0  # inches at 100 dpi: the page's full width
# The units of rates that can be set side by side on one axis, in an axis' words.
RATE_UNITS = {"percent": "per cent", "per_100k": "per 100,000 population", "days": "days",
              "years": "years"}


class Chart(NamedTuple):
    """A drawn chart (its title drawn in it), the alt text that says everything it shows (for
    a screen reader, not repeated on the page) and its visible caption (every source)."""
    figure: plt.Figure
    alt: str
    caption: str = ""

    def html(self) -> str:
        return to_html(self.figure, self.alt, self.caption)


def charted_rows(frame: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """The rows a rate chart may draw: current rates with a value, of ``kind`` when given."""
    rows = frame[(frame["block"] == "headline") & frame["unit"].isin(RATE_UNITS)
                 & frame["value"].notna()]
    return rows[rows["kind"] == kind] if kind else rows


def rate_charts(frame: pd.DataFrame, kind: str | None = None, title: str = "") -> list[Chart]:
    """Bars of a comparison frame's council and benchmark rates, one chart per unit; only the
    measures of ``kind`` (outcome, process, workforce) when given. History is tabled apart,
    never charted; counts and money are never set side by side. Measures of one unit whose
    sizes differ tenfold (13.8 and 564 per 100,000) get a chart each, so no bar is too short
    to read; a chart of a single bar is left to the table. The caption names every source."""
    rows = charted_rows(frame, kind)
    charts = []
    for unit, group in rows.groupby("unit", sort=False):
        name = f"{title} ({RATE_UNITS[unit]})"
        for part, bars in _by_size(group, unit):
            if len(bars) < 2:
                continue
            named = f"{name}: {part}" if part else name
            charts.append(Chart(*comparison_bars(bars, unit, RATE_UNITS[unit], named),
                                sources_caption(bars["sources"])))
    return charts


def uncharted(frame: pd.DataFrame, kind: str | None = None, title: str = "") -> list[str]:
    """What to say where :func:`rate_charts` draws nothing, computed from the same rows: no
    rate of this kind is printed, or each is a single bar, named and left to the table (the
    crisis team's 100% on time, 000:1001), so 'nothing to show' is never said of a figure
    the page shows."""
    rows = charted_rows(frame, kind)
    if rows.empty:
        return [f"{title}: the papers print no rate of this kind for the councils, benchmarks "
                "and period chosen, so there is no chart."]
    alone = "; ".join(f"{r['measure']}, {r['authority']} {r['display']} ({r['period']})"
                      for _, r in rows.iterrows())
    return [f"{title}: each rate has a single figure ({alone}), shown in the tables; a chart of "
            "one bar is not drawn."]


def _by_size(group: pd.DataFrame, unit: str) -> list[tuple[str, pd.DataFrame]]:
    """The measures of one unit together, or one by one where their sizes differ tenfold
    (a percentage axis always runs 0-100, so percentages stay together)."""
    tops = group.groupby("measure", sort=False)["value"].max()
    if unit == "percent" or len(tops) < 2 or tops.max() <= 10 * max(tops.min(), 1e-9):
        return [("", group)]
    return [(m, group[group["measure"] == m]) for m in tops.index]


def sources_caption(sources: pd.Series) -> str:
    """Every paper and line a chart's figures come from, in full, each paper once with its
    lines in order, as the chart's visible caption.

    >>> sources_caption(pd.Series(["Pack, 20 Jan 2025, lines 786 and 960",
    ...                            "Pack, 20 Jan 2025, line 1485; Other, 6 May 2025, line 9"]))
    'Sources: Pack, 20 Jan 2025, lines 786, 960 and 1485; Other, 6 May 2025, line 9.'
    """
    lines: dict[str, list[int]] = {}
    for cell in sources.fillna(""):
        for source in filter(None, str(cell).split("; ")):
            paper, _, numbers = source.rpartition(", line")
            found = [int(n) for n in re.findall(r"\d+", numbers.lstrip("s"))] if paper else []
            lines.setdefault(paper or source, [])
            lines[paper or source] += [n for n in found if n not in lines[paper or source]]
    cited = []
    for paper, numbers in lines.items():
        numbers = sorted(numbers)
        said = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + \
            str(numbers[-1]) if numbers else ""
        cited.append(f"{paper}, line{'s' if len(numbers) > 1 else ''} {said}" if numbers
                     else paper)
    return "Sources: " + ("; ".join(cited) if cited else "none") + "."


def trend_chart(points: pd.DataFrame, title: str | None = None) -> Chart | None:
    """A measure's series (:func:`analysis.compare.trend.series`) as lines, broken where the
    framework or the length of the period changes; None when nothing is printed."""
    if points.empty:
        return None
    first = points.iloc[0]
    title = title or f"{first['measure']}, every period printed"
    return Chart(*trend_lines(points, title, first["unit"], first["unit_label"]),
                 sources_caption(points["sources"]))


def apply_theme() -> None:
    """The house style for every chart."""
    sns.set_theme(style="whitegrid", palette=OKABE_ITO, font="DejaVu Sans",
                  rc={"figure.dpi": 100, "savefig.dpi": 100, "axes.titleweight": "bold",
                      "axes.titlesize": 12, "axes.labelsize": 10, "svg.hashsalt": "asc-compare",
                      "figure.autolayout": False})


def colour(authority: str, i: int = 0) -> str:
    return AUTHORITY_COLOURS.get(authority, OKABE_ITO[(i + 4) % len(OKABE_ITO)])


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def axis_limit(unit: str, values: pd.Series) -> float:
    """Percentages on a full 0-100 axis; other units from zero to a margin above the top."""
    if unit == "percent":
        return 100.0
    top = float(values.max()) if len(values) else 1.0
    return max(top * 1.25, 1.0)


def comparison_bars(rows: pd.DataFrame, unit: str, unit_words: str, title: str
                    ) -> tuple[plt.Figure, str]:
    """Horizontal bars: one group per measure, one bar per council or benchmark; the period is
    printed beside each bar, history is hatched and lighter."""
    rows = rows[rows["value"].notna()].copy()
    if "polarity" in rows:  # bars of measures where lower is better must say so
        better = rows["polarity"].map({"lower_better": " (lower is better)",
                                       "higher_better": " (higher is better)"}).fillna("")
        rows["measure"] = rows["measure"] + better
    measures = list(dict.fromkeys(rows["measure"]))
    who = list(dict.fromkeys(rows["authority"]))
    # Each measure's name heads its group, across the plot, and each bar is labelled with its
    # authority only: a long name beside every bar wrapped into the next bar's label.
    heading, gap = 0.9, 0.5
    height = max(3.2, 0.42 * (len(rows) + (heading + gap) * len(measures)) + 1.8)
    fig, ax = plt.subplots(figsize=(WIDTH, height))
    fig.subplots_adjust(left=0.2, right=0.97, bottom=1.05 / height, top=1 - 0.95 / height)
    y, ticks, labels = 0.0, [], []
    older = False
    for m in measures:
        ax.text(0, y + 0.05, m, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=8.5, fontweight="bold", color="#111111",
                bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "none", "pad": 1.0})
        y += heading
        for _, r in rows[rows["measure"] == m].iterrows():
            old = r["block"] == "historical"
            older |= old
            ax.barh(y, r["value"], color=colour(r["authority"], who.index(r["authority"])),
                    alpha=0.45 if old else 1.0, hatch="//" if old else None,
                    edgecolor="#333333" if old else None)
            only = covers_only(r.get("caveats", "") or "")  # 'independent sector only'
            label = (f"{r['display']} ({r['period']}{', ' + only if only else ''}"
                     f"{', history' if old else ''})")
            limit = axis_limit(unit, rows["value"])
            inside = r["value"] > 0.62 * limit  # near the end of the axis: write inside
            ax.text(r["value"] - 0.01 * limit if inside else r["value"] + 0.01 * limit, y,
                    label, va="center", ha="right" if inside else "left", fontsize=8,
                    color="#111111", bbox={"facecolor": "white", "alpha": 0.9,
                                           "edgecolor": "none", "pad": 1.5})
            ticks.append(y)
            labels.append(r["authority"])
            y += 1
        y += gap
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.set_ylim(y - gap - 0.5, -0.4)  # top down, the first heading inside the axes
    ax.set_xlim(0, axis_limit(unit, rows["value"]))
    ax.set_xlabel(f"{unit_words}; the period of each figure is printed beside its bar")
    fig.suptitle(_wrap(title, 95), x=0.01, ha="left", fontweight="bold", fontsize=12)
    handles = [Patch(color=colour(a, i), label=a) for i, a in enumerate(who)]
    if older:
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="//",
                             label="history (more than 3 years older)"))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
              ncol=min(len(handles), 5), fontsize=8, frameon=False)
    alt = f"{title}. Bar chart in {unit_words}, axis from 0: " + "; ".join(
        f"{r['measure']}, {r['authority']}: {r['display']} ({r['period']}"
        + (f", {covers_only(r['caveats'])}" if covers_only(r.get("caveats", "") or "") else "")
        + f"{', history' if r['block'] == 'historical' else ''})" for _, r in rows.iterrows()) + "."
    return fig, alt


MARKERS = ["o", "s", "^", "D", "v", "P", "X"] * 3  # a shape per series of one authority


def trend_lines(points: pd.DataFrame, title: str, unit: str, unit_words: str
                ) -> tuple[plt.Figure, str]:
    """One line per unbroken segment of a series (authority, framework, period length);
    part-year points hollow, earlier frameworks dashed, older vintages lighter."""
    fig, ax = plt.subplots(figsize=(WIDTH, 4.6))
    fig.subplots_adjust(left=0.09, right=0.76, bottom=0.36, top=0.86)  # room for the labels
    who = list(dict.fromkeys(points["authority"]))
    newest = points["framework"].max()
    # estimates revised every year (Skills for Care) are points, never joined into a trend
    joined = not points["vintage"].astype(bool).any()
    styles, shapes = [], {}
    for segment, seg in points.groupby("segment", sort=False):
        authority = seg["authority"].iloc[0]
        earlier = seg["framework"].iloc[0] != newest
        part = bool(seg["part_year"].iloc[0])
        c = colour(authority, who.index(authority))
        # one authority's series of different scopes: one colour, a shape each
        shape = MARKERS[shapes.setdefault(authority, -1) + 1]
        shapes[authority] += 1
        ax.plot(seg["period_end"], seg["value"], color=c,
                linestyle=("--" if earlier else "-") if joined else "none",
                marker=shape, markerfacecolor="white" if part else c,
                alpha=0.55 if earlier else 1, label=segment)
        styles.append(segment)
    top = axis_limit(unit, points["value"])
    _label_newest(ax, points, who, top)
    ax.set_ylim(0, top)
    ax.set_ylabel(_wrap(unit_words, 30))
    ax.set_xlabel("End of period")
    ax.set_title(_wrap(title, 95), loc="left")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.2), ncol=2, frameon=False,
              title=("dashed: earlier framework; " if joined else
                     "points not joined: each year's estimate is revised, so no trend is drawn; ")
              + "hollow: a period under a year; every value in the text below",
              title_fontsize=7)
    def point(r: pd.Series) -> str:
        notes = ", ".join(x for x in (r["framework"], "part of a year" if r["part_year"] else "")
                          if x)
        return f"{r['authority']} {r['period']}: {r['display']}" + (f" ({notes})" if notes
                                                                     else "")

    alt = (f"{title}. " + (f"Line chart in {unit_words}, axis from 0, one line per authority "
                           "and framework; dashed lines are the earlier framework and hollow "
                           "points part-year figures, not joined to full years. " if joined else
                           f"Chart of points in {unit_words}, axis from 0, not joined into "
                           "lines, as each year's estimate is revised; hollow points are "
                           "part-year figures. ")
           + "; ".join(point(r) for _, r in points.iterrows()) + ".")
    return fig, alt


LABEL_OFFSET = pd.Timedelta(days=45)  # from a point to its label, along the time axis


def _label_newest(ax, points: pd.DataFrame, who: list[str], top: float) -> None:
    """Each authority's newest value at its point, nudged apart so no two labels overlap
    (every value is in the alt text and caption)."""
    newest = points.sort_values("period_end").groupby("authority", sort=False).tail(1)
    placed: list[float] = []
    gap = top * 0.06
    for _, r in newest.sort_values("value").iterrows():
        y = r["value"]
        while any(abs(y - p) < gap for p in placed):
            y += gap / 2
        placed.append(y)
        # beside the point, not on it: a label starts to the right of its marker
        ax.annotate(f"{r['authority']} {r['display']} ({r['period']})", (r["period_end"],
                    r["value"]), xytext=(r["period_end"] + LABEL_OFFSET, y), textcoords="data",
                    fontsize=7,
                    ha="left", va="center", color=colour(r["authority"],
                                                         who.index(r["authority"])),
                    annotation_clip=False)


def to_html(fig: plt.Figure, alt: str, caption: str = "") -> str:
    """A self-contained <figure>: the PNG embedded, alt text (escaped) on the image, and a
    short visible caption (escaped; the alt text is not repeated on the page)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = html.escape(alt, quote=True)
    shown = html.escape(caption or alt.split(". ")[0], quote=True)
    return (f'<figure class="asc-chart"><img src="data:image/png;base64,{data}" alt="{text}" '
            f'style="width:100%;height:auto"><figcaption>{shown}</figcaption></figure>')
