"""What a notebook calls to start and to show: validated parameters, the data, and display.

A notebook's parameters cell holds literals; its next cell calls ``setup(name, ...)``, which
checks them (in their canonical form in ``ctx.params``), loads the processed data
(``ctx.data``, see :mod:`.data`) and notes a chosen period the papers do not print. The cells
after build frames and tables with named functions (:mod:`.appendix`) and show them with
``ctx.show(...)``. Everything displayed from data is escaped: a label or caveat can never become
live HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from ..dataset.catalogue import ascof_crosswalk, load_measures
from ..errors import PaperError
from ..parse.periods import parse_period
from ..settings import Settings
from ..sources.citations import excerpt, excerpt_html, meeting, paper_name
from . import plots
from .appendix import BUILDERS, Appendix
from .data import Data, load_data, newest_figure
from .params import ParameterError, validate
from .tables import Table, render_html

__all__ = ["Context", "load", "newest_figure", "setup"]

RECORD_MIME = "application/vnd.asc-compare.record+json"
STYLE = ("<style>.asc-messages{border-left:4px solid #0072B2;padding:4px 12px;"
         "margin:8px 0;background:#f4f8fb}.asc-messages li{margin:4px 0}"
         ".asc-note{color:#222;margin:6px 0}</style>")
NOTHING = ("Nothing to show here: for the councils, benchmarks and period chosen, the papers "
           "print no figures for this section.")


@dataclass
class Context:
    """One notebook's parameters (canonical), the data it reads, and how to show things."""

    notebook: str
    params: dict
    data: Data
    settings: Settings = field(default_factory=Settings)
    _appendix: Appendix | None = field(default=None, repr=False)

    @property
    def appendix(self) -> Appendix:
        """This notebook's appendix as the workbook holds it (``BUILDERS[notebook]``)."""
        if self._appendix is None:
            self._appendix = BUILDERS[self.notebook](self)
        return self._appendix

    # ------------------------------------------------------------ display
    def _html(self, body: str) -> None:
        from IPython.display import HTML, display
        display(HTML(body))

    def show(self, item: Table | plots.Chart | list | None,
             empty: list[str] | None = None) -> None:
        """A table (with its caption, notes and linked sources), a chart, or each of a list of
        them; when there is nothing (None, or a list of nothing), the sentences ``empty``
        computed for it (:func:`.appendix.history_note`), else a note that nothing is shown."""
        items = [i for i in (item if isinstance(item, list) else [item]) if i is not None]
        if not items:
            self.notes(empty or [NOTHING])
        for i in items:
            self._html(render_html(i, self.data.registry) if isinstance(i, Table) else i.html())

    def interactive(self, data: pd.DataFrame, caption: str) -> None:
        """A table to sort, search and scroll in JupyterLab (itables, offline: nothing is
        fetched); static HTML when the notebook runs headless for an appendix."""
        if not self.settings.static_tables:
            import itables

            itables.init_notebook_mode(connected=False)
            itables.show(data, caption=caption, lengthMenu=[10, 25, 100])
            return
        self._html(render_html(Table(caption, data, caption=caption, locations=None),
                               self.data.registry))

    def excerpt(self, figure_id: str | None, around: int = 2) -> None:
        """The paper's lines around a figure, the figure highlighted."""
        rows = self.data.ind[self.data.ind["figure_id"] == figure_id]
        if rows.empty:
            self.note("No figure to show in its paper.")
            return
        r = rows.iloc[0]
        try:
            head, body = excerpt(r["paper_id"], int(r["source_line"]), r["raw"],
                                 self.data.registry, list(self.data.paper_dirs), around)
        except PaperError:  # a clone without the papers: say where the figure is instead
            self.note(f"The paper's text was not found, so its lines cannot be shown here: the "
                      f"figure is printed on line {int(r['source_line'])} of "
                      f"{paper_name(r['paper_id'], self.data.registry)}.")
            return
        self._html(excerpt_html(head, body))

    def messages(self, messages: list[str]) -> None:
        """Key messages, as a box at the top of the page."""
        items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
        self._html(f'{STYLE}<div class="asc-messages"><strong>Key messages</strong>'
                   f"<ul>{items}</ul></div>")

    def note(self, text: str) -> None:
        self._html(f'<p class="asc-note">{html.escape(text)}</p>')

    def notes(self, texts: list[str]) -> None:
        for text in texts:
            self.note(text)

    def glossary(self, frame: pd.DataFrame) -> None:
        """ASCOF codes in both frameworks, and what changed: explained once, for the ASCOF
        measures of ``frame`` (nothing when it has none)."""
        cross = ascof_crosswalk(self.data.measures)
        cross = cross[cross["measure_id"].isin(set(frame["measure_id"]))]
        if cross.empty:
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
                   "</th><th>2016/17 code</th><th>2023/24 code</th><th>the tool's note, from its "
                   "catalogue of measures (not the papers)"
                   "</th></tr>"
                   f"{rows}</table></details>")

    def sources(self) -> None:
        """The papers this appendix was built from, as a reader names them."""
        registry = self.data.registry
        items = "".join(
            f"<li>{html.escape(paper_name(r['paper_id'], registry))}: "
            f"{html.escape(r['title'])}</li>" for _, r in registry.sort_values(
                "meeting_date").iterrows())
        self._html(f'<div class="asc-sources"><strong>Built from these committee papers'
                   f"</strong><ul>{items}</ul><p>The newest outcome or activity figure in "
                   f"them runs to {meeting(self.data.newest_figure.date())}; the newest paper "
                   f"is of {meeting(self.data.newest.date())}.</p></div>")

    def record(self, key: str, value) -> None:
        """Leave a machine-readable note in the output (tests and the runner read it), shown
        as plain text in JupyterLab and left out of the page."""
        from IPython.display import display
        display({RECORD_MIME: {key: value}, "text/plain": f"{key}: {value!r}"}, raw=True)

    def period_gaps(self) -> list[str]:
        """A sentence for each chosen period the papers print nothing for, with the periods
        they do print, so an empty table is never the only sign of a wrong choice."""
        return period_gaps(self.data.ind, self.params)


def period_gaps(ind: pd.DataFrame, p: dict) -> list[str]:
    """Sentences for a chosen period, or budget year, that the papers print nothing for."""
    gaps = []
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


def _periods(rows: pd.DataFrame, most: int = 12) -> str:
    """The distinct periods of ``rows``, newest first (at most ``most`` of them)."""
    labels = list(dict.fromkeys(rows.sort_values("period_end", ascending=False)["period"]))
    if not labels:
        return "none"
    return ", ".join(labels[:most]) + (f" and {len(labels) - most} more"
                                       if len(labels) > most else "")


def load(notebook: str, settings: Settings | None = None, **params) -> Context:
    """Validated parameters and the data (rebuilt first when data/raw is newer, see
    :func:`.data.load_data`); the measure profile's measure found by its search words when
    it is given none."""
    settings = Settings.from_env() if settings is None else settings
    known = set(load_measures(settings.measures_csv)["measure_id"])
    p = validate(notebook, known_measures=known, **params)  # before any build: a typo is quick
    data = load_data(settings)
    if "measure" in p and not p["measure"]:
        from ..compare.search import find_measures
        found = find_measures(data.ind, data.measures, p["search"], 1)
        if found.empty:
            raise ParameterError(f"{notebook}: no measure matches search '{p['search']}'; try "
                                 "other words, or give a measure id.")
        p = p | {"measure": found["measure_id"].iloc[0]}
    return Context(notebook, p, data, settings)


def setup(notebook: str, **params) -> Context:
    """For the notebook's validation cell: check parameters, load data, set the house style,
    and say when a chosen period is one the papers do not print."""
    ctx = load(notebook, **params)
    plots.apply_theme()
    ctx.record("parameters", ctx.params)
    ctx.notes(ctx.period_gaps())
    return ctx
