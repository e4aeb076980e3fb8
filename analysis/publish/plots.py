"""Charts in one house theme: colour-blind-safe palette, units and periods on the axes, the
source under every chart, alt text on every image."""

from __future__ import annotations

import base64
import html
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # headless: papermill and CI have no display

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

# Okabe & Ito (2008): distinguishable with the common forms of colour-blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
AUTHORITY_COLOURS = {"Leicester": OKABE_ITO[0], "Leicestershire": OKABE_ITO[1],
                     "England": OKABE_ITO[7], "East Midlands": OKABE_ITO[2],
                     "Peer group": OKABE_ITO[3], "LLR": OKABE_ITO[4]}
UNIT_LABELS = {"percent": "per cent", "count": "number", "gbp": "£", "per_100k":
               "per 100,000 population", "years": "years", "days": "days", "hours": "hours",
               "gbp_per_hour": "£ per hour", "minutes": "minutes", "ratio": "ratio"}


def apply_theme() -> None:
    """The house style for every chart."""
    sns.set_theme(style="whitegrid", palette=OKABE_ITO, font="DejaVu Sans",
                  rc={"figure.dpi": 100, "savefig.dpi": 100, "axes.titleweight": "bold",
                      "axes.titlesize": 12, "axes.labelsize": 10,
                      "svg.hashsalt": "asc-compare", "figure.autolayout": False})


def colour(authority: str, i: int = 0) -> str:
    return AUTHORITY_COLOURS.get(authority, OKABE_ITO[(i + 4) % len(OKABE_ITO)])


def _source_line(fig, sources: list[str]) -> None:
    text = "Source: " + "; ".join(dict.fromkeys(sources)) if sources else "Source: none"
    text = textwrap.shorten(text, 125, placeholder="; … (all sources in the table)")
    fig.text(0.01, 0.01, text, fontsize=7, color="#444444", ha="left", va="bottom")


def comparison_bars(table: pd.DataFrame, unit: str, title: str) -> tuple[plt.Figure, str]:
    """Horizontal bars, one group per measure, one bar per authority, period in each label."""
    rows = table.dropna(subset=["value"])
    rows = rows[rows["unit"] == unit]
    measures = list(dict.fromkeys(rows["measure"]))
    who = list(dict.fromkeys(rows["authority"]))
    height = max(3.0, 0.5 * len(rows) + 2.0)
    fig, ax = plt.subplots(figsize=(8, height))
    fig.subplots_adjust(left=0.46, right=0.97, bottom=1.0 / height, top=1 - 0.8 / height)
    y, labels, ticks = 0.0, [], []
    for m in measures:
        group = rows[rows["measure"] == m]
        for _, r in group.iterrows():
            ax.barh(y, r["value"], color=colour(r["authority"], who.index(r["authority"])),
                    label=r["authority"])
            ax.text(r["value"], y, f" {r['display']}", va="center", fontsize=8)
            labels.append(f"{textwrap.shorten(m, 34, placeholder='…')}: {r['authority']}")
            ticks.append(y)
            y += 1
        y += 0.6
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"Value ({UNIT_LABELS.get(unit, unit)}); period shown beside each bar")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    handles, names = ax.get_legend_handles_labels()
    unique = dict(zip(names, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="lower left", bbox_to_anchor=(0, 1.0),
              ncol=len(unique), fontsize=8, frameon=False)
    ax.set_xlim(0, max(rows["value"].max() * 1.35, 1) if len(rows) else 1)
    _source_line(fig, list(rows["source"].dropna()))
    alt = f"{title}. Bar chart in {UNIT_LABELS.get(unit, unit)}: " + "; ".join(
        f"{r['measure']}, {r['authority']}: {r['display']}" for _, r in rows.iterrows()) + "."
    return fig, alt


def trend_lines(series: pd.DataFrame, title: str, unit: str) -> tuple[plt.Figure, str]:
    """One line per authority; a new framework or definition starts a new, unjoined segment."""
    fig, ax = plt.subplots(figsize=(8, 4))
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.2, top=0.88)
    for i, (authority, rows) in enumerate(series.groupby("authority", sort=False)):
        for framework, seg in rows.groupby("framework", sort=False):
            ax.plot(seg["period_end"], seg["value"], marker="o", color=colour(authority, i),
                    linestyle="-" if "2023/24" in framework or "current" in framework else "--",
                    label=f"{authority} ({framework})")
            for _, r in seg.iterrows():
                ax.annotate(r["period"], (r["period_end"], r["value"]), fontsize=7,
                            textcoords="offset points", xytext=(0, 6), ha="center")
    ax.set_ylabel(UNIT_LABELS.get(unit, unit))
    ax.set_xlabel("End of period (financial years end in March)")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="best")
    _source_line(fig, list(series["source"]))
    points = "; ".join(f"{r['authority']} {r['period']}: {fmt_value(r['value'], unit)} "
                       f"({r['framework']})" for _, r in series.iterrows())
    alt = (f"{title}. Line chart in {UNIT_LABELS.get(unit, unit)}, one line per authority; "
           f"dashed segments are the earlier framework and are not joined to later ones. "
           f"{points}.")
    return fig, alt


def fmt_value(value: float, unit: str) -> str:
    from ..dataset.units import fmt
    return fmt(value, unit)


def to_html(fig: plt.Figure, alt: str) -> str:
    """A self-contained <figure>: the PNG embedded, alt text on the image."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'style="max-width:100%"><figcaption>{html.escape(alt)}</figcaption></figure>')
