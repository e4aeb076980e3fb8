"""Exploring in JupyterLab: any measure, every printed occurrence, in one call.

Each function takes plain arguments (or a DataFrame) and returns a tidy DataFrame, so calls
compose with ``.pipe``. The data are read once from ``data/processed`` (built if missing).

>>> find("turnover")["measure_id"].iloc[0]
'wf_turnover_rate'
>>> printed = figures("wf_turnover_rate", authority="Leicester")
>>> len(printed), printed["observation_id"].nunique()  # six printings of two figures
(6, 2)
>>> series("wf_turnover_rate", ["Leicester"])[["period", "value"]].values.tolist()
[['2022/23', 18.6], ['2023/24', 16.9]]
>>> print(source("leicester-2025-04-30.p0011").splitlines()[0])
Leicester Adult Social Care Scrutiny Commission, 30 Apr 2025, lines 37-41 (figure at line 39)
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import paths
from .errors import AnalysisError


class ExploreError(AnalysisError):
    """An exploration call names a measure, authority or figure the data does not have."""


@lru_cache(maxsize=1)
def _data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from .audit import audit
    from .dataset.build import build
    from .dataset.catalogue import load_measures
    from .sources.papers import load_registry
    if not paths.INDICATORS_PARQUET.exists():
        build()
    ind = pd.read_parquet(paths.INDICATORS_PARQUET)
    checks = pd.read_csv(paths.AUDIT_CSV, keep_default_na=False) if paths.AUDIT_CSV.exists() \
        else audit(ind)
    return ind, load_measures(), checks, load_registry()


def reload() -> None:
    """Read the processed data again (after `make data`)."""
    _data.cache_clear()


def _close(text: str, choices: list[str], limit: int = 5) -> list[str]:
    from rapidfuzz import process
    return [m for m, _, _ in process.extract(text, choices, limit=limit)]


def _measure(measure: str) -> str:
    _, measures, _, _ = _data()
    if measure in set(measures["measure_id"]):
        return measure
    close = _close(measure, list(measures["measure_id"]) + list(measures["label"]))
    raise ExploreError(f"No measure '{measure}'. Close matches: {', '.join(close)}. Use "
                       "find('...') to search labels and definitions.")


def find(text: str, limit: int = 10) -> pd.DataFrame:
    """Measures whose label, definition or ASCOF codes match ``text`` (fuzzy, any case), with
    how many figures each has, which authorities and which periods."""
    from .compare.search import find_measures
    ind, measures, _, _ = _data()
    return find_measures(ind, measures, text, limit)


def figures(measure: str | None = None, authority: str | None = None,
            period: str | None = None, theme: str | None = None,
            paper: str | None = None) -> pd.DataFrame:
    """Every printed occurrence that matches, with its value, unit, period, value type,
    qualifier, flags, a source a reader can follow, and the audit findings that touch it."""
    from .compare.occurrences import occurrences
    ind, measures, checks, registry = _data()
    rows = ind
    if measure is not None:
        rows = rows[rows["measure_id"] == _measure(measure)]
    if authority is not None:
        if authority not in set(ind["authority"]):
            raise ExploreError(f"No figures for authority '{authority}'. Authorities: "
                               f"{', '.join(sorted(set(ind['authority'])))}.")
        rows = rows[rows["authority"] == authority]
    if period is not None:
        rows = rows[rows["period"] == period]
    if theme is not None:
        rows = rows[rows["theme"] == theme]
    if paper is not None:
        rows = rows[rows["paper_id"] == paper]
    return occurrences(rows, checks, registry).drop(columns=["paper_id", "source_line"])


def series(measure: str, authorities: list[str] | None = None) -> pd.DataFrame:
    """One observation per period per authority (a figure printed twice counts once), with
    framework, part-year and vintage breaks marked in ``segment``."""
    from .compare.trend import series as trend
    ind, measures, _, registry = _data()
    measure = _measure(measure)
    who = authorities or sorted(set(ind.loc[ind["measure_id"] == measure, "authority"]))
    out = trend(ind, measures, measure, who, registry)
    return out.assign(measure_id=measure)


def plot_series(points: pd.DataFrame, title: str | None = None):
    """Draw ``series(...)`` in the house style; returns (figure, alt text). In a notebook,
    ``series("wf_turnover_rate").pipe(plot_series)`` shows the chart with its alt text."""
    from .publish import plots
    _, measures, _, _ = _data()
    if points.empty:
        raise ExploreError("Nothing to plot: the series is empty.")
    info = measures.set_index("measure_id").loc[points["measure_id"].iloc[0]]
    plots.apply_theme()
    fig, alt = plots.trend_lines(points, title or info["label"], info["unit"],
                                 info["unit_label"] or info["unit"])
    try:
        from IPython.display import HTML, display
        display(HTML(plots.to_html(fig, alt)))
    except ImportError:  # pragma: no cover - outside IPython
        pass
    return fig, alt


def compare(measures: list[str], councils: list[str] | None = None,
            benchmarks: list[str] | None = None, period: str = "latest") -> pd.DataFrame:
    """The comparison frame (as the appendices use it) for any measures, for ad-hoc use."""
    from .compare.frame import comparison_frame
    ind, catalogue, checks, registry = _data()
    measures = [_measure(m) for m in measures]
    councils = councils or sorted(set(registry["council"]))
    return comparison_frame(ind, catalogue, measures, councils,
                            benchmarks or ["England", "East Midlands"], period, checks,
                            registry)


def source(figure_id: str, around: int = 2, as_html: bool = False) -> str:
    """The paper's lines around a figure, the figure's line marked (``>>``) and its printed text
    in brackets, so an analyst reads its context without leaving the notebook."""
    from .sources.citations import excerpt, excerpt_html
    ind, _, _, registry = _data()
    rows = ind[ind["figure_id"] == figure_id]
    if rows.empty:
        raise ExploreError(f"No figure '{figure_id}'. Figure ids look like "
                           "'leicester-2025-04-30.p0011'; figures(...) lists them.")
    r = rows.iloc[0]
    head, body = excerpt(r["paper_id"], int(r["source_line"]), r["raw"], registry, around)
    if as_html:
        return excerpt_html(head, body)
    return "\n".join([head] + [f"{'>>' if mark else '  '} {k:>5}  {text}"
                                for k, text, mark in body])
