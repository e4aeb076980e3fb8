"""What a notebook calls: validated parameters, the data, and display helpers.

Notebooks stay thin: a parameters cell of literals, then ``ctx = setup(...)``, then narrative
and calls such as ``ctx.messages()`` and ``ctx.show("comparison")``. Everything displayed from
data is escaped: a label or caveat can never become live HTML.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..atomic import live
from ..audit import audit
from ..compare.ratings import RULE
from ..compare.search import find_measures
from ..compare.trend import series
from ..dataset.build import build
from ..dataset.catalogue import ascof_crosswalk, load_measures
from ..errors import PaperError
from ..parse.periods import parse_period
from ..sources.citations import excerpt, excerpt_html, meeting, paper_name
from ..sources.papers import load_registry
from . import plots
from .appendix import BUILDERS, Appendix
from .params import STATIC_TABLES, ParameterError, validate
from .tables import Table, render_html

RECORD_MIME = "application/vnd.asc-compare.record+json"
STYLE = ("<style>.asc-messages{border-left:4px solid #0072B2;padding:4px 12px;"
         "margin:8px 0;background:#f4f8fb}.asc-messages li{margin:4px 0}"
         ".asc-note{color:#222;margin:6px 0}</style>")


@dataclass
class Context:
    notebook: str
    params: dict
    ind: pd.DataFrame
    measures: pd.DataFrame
    audit: pd.DataFrame
    rejects: pd.DataFrame
    corrections: pd.DataFrame
    registry: pd.DataFrame
    _appendix: Appendix | None = field(default=None, repr=False)

    @property
    def newest(self) -> pd.Timestamp:
        return pd.Timestamp(self.registry["meeting_date"].max())

    @property
    def newest_figure(self) -> pd.Timestamp:
        """The end of the newest period an observed figure covers (not a target or forecast)."""
        return newest_figure(self.ind)

    def label(self, measure_id: str) -> str:
        return self.measures.set_index("measure_id").loc[measure_id, "label"]

    def paper_name(self, paper_id: str) -> str:
        return paper_name(paper_id, self.registry)

    def paper_of_file(self, file_name: str) -> str:
        return self.registry.set_index("file_name").loc[file_name, "paper_id"]

    def locations_of(self, figure_id: str) -> str:
        rows = self.ind[self.ind["figure_id"] == figure_id]
        if rows.empty:  # a correction of a figure that is still rejected has no line to show
            return ""
        r = rows.iloc[0]
        return f"{r['paper_id']}:{r['source_line']}"

    @property
    def appendix(self) -> Appendix:
        if self._appendix is None:
            self._appendix = BUILDERS[self.notebook](self)
        return self._appendix

    @property
    def tables(self):
        return self.appendix.tables

    # ------------------------------------------------------------ display
    def _html(self, body: str) -> None:
        from IPython.display import HTML, display
        display(HTML(body))

    def interactive(self, data: pd.DataFrame, caption: str) -> None:
        """A table to sort, search and scroll in JupyterLab (itables, offline: nothing is
        fetched); static HTML when the notebook runs headless for an appendix."""
        if os.environ.get(STATIC_TABLES) != "1":
            import itables

            itables.init_notebook_mode(connected=False)
            itables.show(data, caption=caption, lengthMenu=[10, 25, 100])
            return
        self._html(render_html(Table(caption, data, caption=caption, locations=None),
                               self.registry))

    def excerpt(self, figure_id: str | None = None, around: int = 2) -> None:
        """The paper's lines around a figure (by default the newest printed of the profiled
        measure), the figure highlighted."""
        rows = self.ind
        if figure_id is None:
            rows = rows[(rows["measure_id"] == self.params.get("measure"))
                        & rows["authority"].isin(self.params["authorities"])]
            if rows.empty:
                self.note("No figure to show in its paper.")
                return
            rows = rows.sort_values(["meeting_date", "source_line"]).tail(1)
        else:
            rows = rows[rows["figure_id"] == figure_id]
        r = rows.iloc[0]
        try:
            head, body = excerpt(r["paper_id"], int(r["source_line"]), r["raw"], self.registry,
                                 around)
        except PaperError:  # a clone without the papers: say where the figure is instead
            self.note(f"The paper's text was not found, so its lines cannot be shown here: the "
                      f"figure is printed on line {int(r['source_line'])} of "
                      f"{self.paper_name(r['paper_id'])}.")
            return
        self._html(excerpt_html(head, body))

    def messages(self) -> None:
        """The appendix's key messages, computed from its tables."""
        items = "".join(f"<li>{html.escape(m)}</li>" for m in self.appendix.messages)
        self._html(f'{STYLE}<div class="asc-messages"><strong>Key messages</strong>'
                   f"<ul>{items}</ul></div>")

    def show(self, name: str) -> None:
        """One of this appendix's tables, with its caption, notes and linked sources; a note
        instead when the papers print nothing for it."""
        table = self.tables.get(name)
        if table is None:
            self.note(f"Nothing to show here: the papers print no {name} figures for the "
                      "councils, benchmarks and period chosen.")
            return
        self._html(render_html(table, self.registry))

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
        self._html(f'<p class="asc-note">{html.escape(text)}</p>')

    def notes(self, section: str) -> None:
        for text in self.appendix.notes.get(section, []):
            self.note(text)

    def rule(self) -> None:
        self.note(RULE.replace("*", ""))

    def chart(self, fig, alt: str) -> None:
        self._html(plots.to_html(fig, alt))

    def bars(self, kind: str | None = None, title: str = "") -> None:
        """Bars of the council and benchmark figures, one chart per unit, outcome and process
        measures apart (``kind``)."""
        frame = self.appendix.frame
        if frame is None:
            return
        rows = frame[frame["block"] == "headline"]  # history is tabled apart, never charted
        rows = rows[rows["unit"].isin(["percent", "per_100k", "days", "years"])]
        if kind:
            rows = rows[rows["kind"] == kind]
        if rows.empty:
            self.note(f"No {kind or ''} rates to chart for the chosen councils and period."
                      .replace("  ", " "))
            return
        for unit, group in rows.groupby("unit", sort=False):
            words = {"percent": "per cent", "per_100k": "per 100,000 population",
                     "days": "days", "years": "years"}[unit]
            self.chart(*plots.comparison_bars(group, unit, words, f"{title} ({words})"))

    def trend(self, measure_id: str) -> None:
        """A measure over time; a change of framework or period length breaks the line."""
        who = self.params["authorities"] + self.params["benchmarks"]
        points = series(self.ind, self.measures, measure_id, who, self.registry)
        label = self.label(measure_id)
        if points.empty:
            self.note(f"The papers print no series for {label}.")
            return
        info = self.measures.set_index("measure_id").loc[measure_id]
        words = info["unit_label"] or "per cent"
        self.chart(*plots.trend_lines(points, f"{label}, every period printed", info["unit"],
                                      words))

    def glossary(self) -> None:
        """ASCOF codes in both frameworks, and what changed: explained once, for the ASCOF
        measures this appendix shows (nothing when it shows none)."""
        cross = ascof_crosswalk(self.measures)
        frame = self.appendix.frame
        if frame is not None:
            cross = cross[cross["measure_id"].isin(set(frame["measure_id"]))]
        if frame is None or cross.empty:
            return
        rows = "".join(
            f"<tr><td>{html.escape(r['label'])}</td><td>{html.escape(r['ascof_2016'] or '—')}"
            f"</td><td>{html.escape(r['ascof_2023'] or '—')}</td><td>"
            f"{html.escape(r['comparability'])}</td></tr>" for _, r in cross.iterrows())
        self._html('<details class="asc-glossary"><summary><strong>Glossary: ASCOF codes and '
                   "their renumbering</strong></summary><p>ASCOF is the Adult Social Care "
                   "Outcomes Framework, the national set of measures councils report each "
                   "year. Its codes were renumbered between the 2016/17 framework (the 2017 "
                   "papers) and the 2023/24 framework (the 2025 papers), so a measure is "
                   "followed by what it measures, never by its code.</p><table><tr><th>measure"
                   "</th><th>2016/17 code</th><th>2023/24 code</th><th>note</th></tr>"
                   f"{rows}</table></details>")

    def sources(self) -> None:
        """The papers this appendix was built from, as a reader names them."""
        items = "".join(
            f"<li>{html.escape(paper_name(r['paper_id'], self.registry))}: "
            f"{html.escape(r['title'])}</li>" for _, r in self.registry.sort_values(
                "meeting_date").iterrows())
        newest = self.newest_figure
        self._html(f'<div class="asc-sources"><strong>Built from these committee papers'
                   f"</strong><ul>{items}</ul><p>The newest figure in them runs to "
                   f"{meeting(newest.date())}; the newest paper is of "
                   f"{meeting(self.newest.date())}.</p></div>")

    def record(self, key: str, value) -> None:
        """Leave a machine-readable note in the output (tests and the runner read it)."""
        from IPython.display import display
        display({RECORD_MIME: {key: value}}, raw=True)


def newest_figure(ind: pd.DataFrame) -> pd.Timestamp:
    """The end of the newest period an observed adult social care figure covers (not a
    target, forecast or budget, and not another service the papers report)."""
    levels = ind[ind["value_type"].isin(["actual", "benchmark"])
                 & (ind["period_kind"] != "undated") & (ind["scope"] == "adult social care")]
    return levels["period_end"].max()


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
    if "measure" in p and not p["measure"]:  # the measure profile, chosen by its search words
        found = find_measures(ind, measures, p["search"], 1)
        if found.empty:
            raise ParameterError(f"{notebook}: no measure matches search '{p['search']}'; try "
                                 "other words, or give a measure id.")
        p = p | {"measure": found["measure_id"].iloc[0]}
    return Context(notebook, p, ind, measures, checks, rejects, corrections, load_registry())


def setup(notebook: str, **params) -> Context:
    """For the notebook's validation cell: check parameters, load data, set the house style."""
    ctx = load(notebook, **params)
    plots.apply_theme()
    ctx.record("parameters", ctx.params)
    for gap in ctx.period_gaps():
        ctx.note(gap)
    return ctx
