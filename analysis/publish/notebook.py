"""What a notebook calls: validated parameters, the data, and display helpers.

Notebooks stay thin: a parameters cell of literals, then ``ctx = setup(...)``, then narrative
and calls such as ``ctx.show("comparison")``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..atomic import live
from ..audit import audit
from ..compare.table import comparison, coverage, trend
from ..dataset.build import build
from ..dataset.catalogue import load_measures
from ..read.periods import parse_period
from . import plots
from .appendix import BUILDERS
from .escape import markdown_text
from .params import validate

RECORD_MIME = "application/vnd.asc-compare.record+json"
TABLE_STYLE = ("<style>figure.asc-table table{border-collapse:collapse;margin:0}"
               "figure.asc-table th,figure.asc-table td{text-align:left !important;"
               "vertical-align:top;padding:3px 8px;overflow-wrap:break-word}</style>")


@dataclass
class Context:
    notebook: str
    params: dict
    ind: pd.DataFrame
    measures: pd.DataFrame
    audit: pd.DataFrame
    rejects: pd.DataFrame
    corrections: pd.DataFrame
    _tables: dict = field(default_factory=dict)

    def label(self, measure_id: str) -> str:
        return self.measures.set_index("measure_id").loc[measure_id, "label"]

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        if not self._tables:
            self._tables = BUILDERS[self.notebook](self)
        return self._tables

    def show(self, name: str, caption: str = "") -> None:
        """Display one of this appendix's tables with a caption naming units and periods."""
        from IPython.display import HTML, display
        table = self.tables[name]
        cap = html.escape(caption or name)
        body = table.to_html(index=not isinstance(table.index, pd.RangeIndex), border=0,
                             na_rep="", escape=True)
        body = body.replace("-£", "\u2212\u2060£")  # minus + word joiner: no break after it
        display(HTML(f'<figure class="asc-table">{TABLE_STYLE}<figcaption><strong>{cap}'
                     f'</strong></figcaption>{body}</figure>'))

    def chart(self, fig, alt: str) -> None:
        """Display a chart as an embedded image with alt text and its source line."""
        from IPython.display import HTML, display
        display(HTML(plots.to_html(fig, alt)))

    def bars(self, measure_ids: list[str], unit: str, title: str) -> None:
        """A bar chart of the chosen authorities and benchmarks for measures in one unit."""
        p = self.params
        table = comparison(self.ind, self.measures, measure_ids, p["authorities"],
                           p["benchmarks"], p["period"], self.audit)
        charted = table.dropna(subset=["value"]).query("unit == @unit")
        if charted.empty:
            self.note(f"No figures in {unit} to chart for the chosen authorities and period.")
            return
        self.chart(*plots.comparison_bars(table, unit, title))
        caveats = [f"{m} ({a}): {c}" for m, a, c in zip(
            charted["measure"], charted["authority"], charted["caveats"].fillna(""),
            strict=True) if c]
        if caveats:
            self.note("Caveats for this chart: " + "; ".join(caveats) + ".")

    def trend(self, measure_id: str, title: str) -> None:
        """A trend chart across vintages; a change of framework breaks the line."""
        who = self.params["authorities"] + self.params["benchmarks"]
        series = trend(self.ind, self.measures, measure_id, who)
        if series.empty:
            self.note(f"The papers report no trend for {self.label(measure_id)} for "
                      f"{', '.join(who)}.")
            return
        unit = series["unit"].iloc[0]
        self.chart(*plots.trend_lines(series, title, unit))
        frameworks = list(dict.fromkeys(series["framework"]))
        if len(frameworks) > 1:
            comparability = self.measures.set_index("measure_id").loc[measure_id,
                                                                      "comparability"]
            self.note(f"Caveat: the series spans {' and '.join(frameworks)}; the line is "
                      f"broken where the framework changed. {comparability}".strip())

    def coverage_finding(self, themes: list[str] | None = None) -> None:
        """Say, from the data, which council reports nothing on which theme."""
        grid = coverage(self.ind, self.params["authorities"])
        themes = themes or list(grid.index)
        sentences = []
        for theme in themes:
            counts = grid.loc[theme]
            none = [a for a, n in counts.items() if n == 0]
            some = [f"{a} {n}" for a, n in counts.items() if n > 0]
            if none:
                sentences.append(f"{' and '.join(none)}'s papers report no {theme} measures"
                                 + (f" (measures reported: {', '.join(some)})" if some else "")
                                 + ".")
        self.note(" ".join(sentences) + " These gaps are findings: the comparison cannot be "
                  "made from the papers." if sentences else
                  "Every chosen council reports at least one measure on each theme shown.")

    def period_gaps(self) -> list[str]:
        """A sentence for each chosen period the papers print nothing for, with the periods
        they do print, so an empty table is never the only sign of a wrong choice."""
        p, ind, gaps = self.params, self.ind, []
        who = p["authorities"] + p["benchmarks"]
        if p["period"] != "latest":
            chosen = parse_period(p["period"])
            mine = ind[ind["authority"].isin(who)]
            inside = mine[(mine["period_start"] >= pd.Timestamp(chosen.start))
                          & (mine["period_end"] <= pd.Timestamp(chosen.end))]
            if inside.empty:
                gaps.append(f"The papers print no figures for the period {p['period']} for "
                            f"{', '.join(who)}, so the tables below report nothing for it. "
                            "Financial years they do print: "
                            f"{_periods(mine[mine['period_kind'] == 'financial_year'])}.")
        if "budget_year" in p:
            budget = ind[ind["authority"].isin(p["authorities"])
                         & (ind["value_type"] == "budget") & (ind["measure_id"] == "budget_net")]
            if not (budget["period"] == p["budget_year"]).any():
                gaps.append(f"The papers print no net budget for {p['budget_year']} for "
                            f"{', '.join(p['authorities'])}. Budget years they do print: "
                            f"{_periods(budget)}.")
        return gaps

    def note(self, text: str) -> None:
        """A note under a table or chart; its text (which quotes the data) is shown literally."""
        from IPython.display import Markdown, display
        display(Markdown(f"> {markdown_text(text)}"))

    def record(self, key: str, value) -> None:
        """Leave a machine-readable note in the output (tests and the runner read it)."""
        from IPython.display import display
        display({RECORD_MIME: {key: value}}, raw=True)


def _periods(rows: pd.DataFrame, most: int = 12) -> str:
    """The distinct periods of ``rows``, newest first (at most ``most`` of them)."""
    labels = list(dict.fromkeys(rows.sort_values("period_end", ascending=False)["period"]))
    if not labels:
        return "none"
    return ", ".join(labels[:most]) + (f" and {len(labels) - most} more"
                                       if len(labels) > most else "")


def _stale(out: Path, raw: Path) -> bool:
    if not out.exists():
        return True
    newest = max(p.stat().st_mtime for p in raw.rglob("*") if p.is_file())
    return out.stat().st_mtime < newest


def load(notebook: str, **params) -> Context:
    """Validated parameters and the data, rebuilding data/processed when the raw data is newer."""
    measures = load_measures()
    p = validate(notebook, known_measures=set(measures["measure_id"]), **params)
    if _stale(paths.INDICATORS_PARQUET, paths.RAW):
        build()
    base = live(paths.PROCESSED)  # one version of the set, even if a build swaps it meanwhile
    parquet, audit_csv = base / paths.INDICATORS_PARQUET.name, base / paths.AUDIT_CSV.name
    ind = pd.read_parquet(parquet)
    rejects = pd.read_csv(base / paths.REJECTS_CSV.name, keep_default_na=False)
    corrections = pd.read_csv(paths.CORRECTIONS_CSV, keep_default_na=False)
    fresh = audit_csv.exists() and not _stale(audit_csv, paths.RAW) and \
        audit_csv.stat().st_mtime >= parquet.stat().st_mtime
    checks = pd.read_csv(audit_csv, keep_default_na=False) if fresh else audit(ind)
    return Context(notebook, p, ind, measures, checks, rejects, corrections)


def setup(notebook: str, **params) -> Context:
    """For the notebook's validation cell: check parameters, load data, set the house style."""
    ctx = load(notebook, **params)
    plots.apply_theme()
    ctx.record("parameters", ctx.params)
    for gap in ctx.period_gaps():
        ctx.note(gap)
    return ctx
