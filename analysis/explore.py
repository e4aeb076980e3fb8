"""Exploring in JupyterLab: any measure, every printed occurrence, in one call.

Each function takes plain arguments (or a DataFrame) and returns a tidy DataFrame, so calls
compose with ``.pipe``. The data are read by the notebooks' own loader
(:func:`analysis.publish.data.load_data`: rebuilt when data/raw is newer). Arguments are checked
and written the way the data writes them, by the functions that check the notebooks'
parameters: a council in any case, a period as '2023-24', a misspelt name is an error that
names the close matches.

>>> find("turnover")["measure_id"].iloc[0]
'wf_turnover_rate'
>>> printed = figures("wf_turnover_rate", authority="Leicester")
>>> len(printed), printed["observation_id"].nunique()  # six printings of two figures
(6, 2)
>>> len(figures("wf_turnover_rate", authority="leicester", period="2023-24"))
4
>>> series("wf_turnover_rate", ["Leicester"])[["period", "value"]].values.tolist()
[['2022/23', 18.6], ['2023/24', 16.9]]

``source("leicester-2025-04-30.p0011")`` prints the paper's lines around a figure (it needs the
papers; without them it says where to put them).
"""

from __future__ import annotations

import warnings

import pandas as pd

from .publish.data import Data, load_data
from .publish.data import reload as _reload
from .publish.params import ParameterError, canonical_choices, canonical_period
from .settings import Settings


class ExploreError(ParameterError):
    """An exploration call names a measure, authority or figure the data does not have."""


def load() -> Data:
    """The processed data the exploration calls read: the set of the ``ASC_*`` settings,
    rebuilt first when data/raw is newer (:func:`analysis.publish.data.load_data`)."""
    return load_data(Settings.from_env())


def reload() -> None:
    """Read the processed data again on the next call (it is also read again after a build)."""
    _reload()


def _measure(where: str, measure: str) -> str:
    load().check_measures(where, [measure])
    return measure


def _one(where: str, name: str, value: str, choices) -> str:
    return canonical_choices(where, name, [value], tuple(dict.fromkeys(choices)))[0]


def find(text: str, limit: int = 10) -> pd.DataFrame:
    """Measures whose label, definition or ASCOF codes match ``text`` (fuzzy, any case, the
    words in any order), with how many figures each has, which authorities and which periods.
    Nothing found is said, with the nearest measures (a warning, and the frame's
    ``attrs["note"]``)."""
    from .compare.search import find_measures
    data = load()
    found = find_measures(data.ind, data.measures, text, limit)
    if found.empty:
        warnings.warn(found.attrs["note"], stacklevel=2)
    return found


def figures(measure: str | None = None, authority: str | None = None,
            period: str | None = None, theme: str | None = None,
            paper: str | None = None) -> pd.DataFrame:
    """Every printed occurrence that matches, with its value, unit, period, value type,
    qualifier, flags, a source a reader can follow, and the audit findings that touch it."""
    from .compare.occurrences import occurrences
    data, where = load(), "explore.figures"
    rows = data.ind
    if measure is not None:
        rows = rows[rows["measure_id"] == _measure(where, measure)]
    if authority is not None:
        rows = rows[rows["authority"] == _one(where, "authority", authority,
                                              data.authorities)]
    if period is not None:
        rows = rows[rows["period"] == canonical_period(where, "period", period)]
    if theme is not None:
        rows = rows[rows["theme"] == _one(where, "theme", theme,
                                          sorted(set(data.measures["theme"])))]
    if paper is not None:
        rows = rows[rows["paper_id"] == _one(where, "paper", paper, data.registry["paper_id"])]
    return occurrences(rows, data.audit, data.registry).drop(columns=["paper_id", "source_line"])


def series(measure: str, authorities: list[str] | None = None) -> pd.DataFrame:
    """One observation per period per authority (a figure printed twice counts once), with
    framework, part-year and vintage breaks marked in ``segment``."""
    return load().series(measure, authorities, "explore.series")


def plot_series(points: pd.DataFrame, title: str | None = None):
    """Draw ``series(...)`` in the house style; returns the chart (its figure, alt text and
    caption).
    In a notebook, ``series("wf_turnover_rate").pipe(plot_series)`` shows it."""
    from .publish import plots
    if points.empty:
        raise ExploreError("Nothing to plot: the series is empty.")
    chart = plots.trend_chart(points, title)
    try:
        from IPython.display import HTML, display
        display(HTML(chart.html()))
    except ImportError:  # pragma: no cover - outside IPython
        pass
    return chart


def compare(measures: list[str], authorities: list[str] | None = None,
            benchmarks: list[str] | None = None, period: str = "latest") -> pd.DataFrame:
    """The comparison frame the appendices are built from, for any measures: a row per measure
    and council or benchmark (see :meth:`analysis.publish.data.Data.compare`)."""
    return load().compare(measures, authorities, benchmarks, period)


def source(figure_id: str, around: int = 2, as_html: bool = False) -> str:
    """The paper's lines around a figure, the figure's line marked (``>>``) and its printed text
    in brackets, so an analyst reads its context without leaving the notebook."""
    from .sources.citations import excerpt, excerpt_html
    data = load()
    rows = data.ind[data.ind["figure_id"] == figure_id]
    if rows.empty:
        raise ExploreError(f"No figure '{figure_id}'. Figure ids look like "
                           "'leicester-2025-04-30.p0011'; figures(...) lists them.")
    r = rows.iloc[0]
    head, body = excerpt(r["paper_id"], int(r["source_line"]), r["raw"], data.registry,
                         list(data.paper_dirs), around)
    if as_html:
        return excerpt_html(head, body)
    return "\n".join([head] + [f"{'>>' if mark else '  '} {k:>5}  {text}"
                                for k, text, mark in body])
