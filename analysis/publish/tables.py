"""An appendix table: typed data for the workbook and CSVs, and a readable page rendering.

An :class:`Appendix` is what one notebook's page and its sheets of the workbook hold: a title, a
lead, key messages and tables. A :class:`Table` holds the data once. The page shows it with
``great_tables`` (self-contained HTML with row groups, footnotes and a source note; every value
from the data is escaped, and a source becomes a link to the line it was printed on in the
bundled paper text); the workbook writes the same data as typed cells (:mod:`.workbook`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from ..sources.citations import paper_name, short_name

PAPERS_LINK = "../reports/papers"  # from notebooks/; the export rewrites it to papers/
# Said under a one-paper table; the export words it plainly when the paper's text is absent.
LINKED_LINES = "line numbers link to the line of the paper each figure is printed on."


@dataclass
class Table:
    title: str
    data: pd.DataFrame
    caption: str = ""
    view: pd.DataFrame | None = None  # what the page shows, when not the data's own columns
    notes: list[str] = field(default_factory=list)
    group: str | None = None       # a column whose values become row groups
    emphasis: str | None = None    # a boolean column: rows shown as totals
    units: dict[str, str] = field(default_factory=dict)   # numeric column -> unit
    locations: str | None = "locations"   # a column of 'paper:line;...' to cite and link
    hidden: tuple[str, ...] = ()   # data columns kept for the workbook, not shown on the page
    widths: dict[str, str] = field(default_factory=dict)  # page column -> CSS width ('12%')

    def shown_columns(self) -> list[str]:
        skip = set(self.hidden) | {self.group, self.emphasis, self.locations}
        return [c for c in self.data.columns if c not in skip]


@dataclass
class Appendix:
    title: str
    lead: str
    messages: list[str]
    tables: dict[str, Table]
    notes: dict[str, list[str]] = field(default_factory=dict)  # sentences by section
    frame: pd.DataFrame | None = None  # the comparison frame the tables were built from

    def add(self, tables: dict[str, Table | None]) -> Appendix:
        """These tables added by name, leaving out those the papers give nothing for."""
        self.tables |= {name: t for name, t in tables.items() if t is not None}
        return self


def locations(rows: pd.DataFrame) -> pd.Series:
    """Each printed figure's 'paper:line', the location a table cites and links to."""
    return rows["paper_id"] + ":" + rows["source_line"].astype(str)


WIDE = 8  # a table of more columns than this is printed on a landscape page of its own
AMOUNT = re.compile(r"[-−]?£?\d[\d,]*(?:\.\d+)?(?:m|k|bn)?%?")


def amount_columns(view: pd.DataFrame) -> list[str]:
    """The columns that hold only amounts or numbers as shown ('-£1,430,000', '7.5%'): they
    line up on the right and never wrap, so a minus sign is never left at a line's end.

    >>> amount_columns(pd.DataFrame({"line": ["G11 income"], "2026/27": ["-£1,430,000"],
    ...                              "note": [""]}))
    ['2026/27']
    """
    out = []
    for column in view.columns:
        shown = [str(v).strip() for v in view[column] if str(v).strip()]
        if shown and all(AMOUNT.fullmatch(v) for v in shown):
            out.append(column)
    return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def source_links(locations: str, registry: pd.DataFrame, base: str = PAPERS_LINK) -> str:
    """Citations as links to the cited lines: 'Leicestershire, 20 Jan 2025, lines 775 and
    942', each line number a link (the papers' full names are listed under Sources)."""
    if not locations:
        return ""
    by_paper: dict[str, list[int]] = {}
    for item in filter(None, str(locations).split(";")):
        paper, line = item.rsplit(":", 1)
        by_paper.setdefault(paper, []).append(int(line))
    parts = []
    for paper, lines in by_paper.items():
        name = short_name(paper, registry)
        links = [f'<a href="{html.escape(base)}/{html.escape(paper)}.html#L{n}">{n}</a>'
                 for n in sorted(set(lines))]
        word = "line" if len(links) == 1 else "lines"
        parts.append(f"{html.escape(name)}, {word} {', '.join(links)}")
    return "; ".join(parts)


def _escape(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def render_html(table: Table, registry: pd.DataFrame, base: str = PAPERS_LINK) -> str:
    """The table as self-contained HTML (great_tables), with a caption naming units and
    periods, totals in bold, footnotes and linked sources."""
    import great_tables as gt

    data = table.data.reset_index(drop=True)
    if table.view is not None:
        data = table.view.reset_index(drop=True)
    columns = [c for c in data.columns if c not in (table.group, table.emphasis,
                                                   table.locations, *table.hidden)]
    view = data[columns].copy()
    for col in view.columns:  # everything from data is escaped before it reaches the page
        view[col] = [_escape(v) for v in view[col]]
    source_note = ""
    if table.locations and table.locations in data.columns:
        papers = {i.rsplit(":", 1)[0] for v in data[table.locations] for i in str(v).split(";")
                  if i}
        if len(papers) == 1 and len(data) > 3:  # one paper: its name once, line links per row
            paper = papers.pop()
            view["line"] = [", ".join(f'<a href="{html.escape(base)}/{html.escape(paper)}.html'
                                      f'#L{i.rsplit(":", 1)[1]}">{i.rsplit(":", 1)[1]}</a>'
                                      for i in str(v).split(";") if i)
                            for v in data[table.locations]]
            source_note = f"Source: {paper_name(paper, registry)}; {LINKED_LINES}"
        else:
            view["source"] = [source_links(v, registry, base) for v in data[table.locations]]
    if table.group:
        view[table.group] = data[table.group].fillna("").astype(str)
    tid = "t-" + slug(table.title)[:40]
    grid = gt.GT(view, id=tid, groupname_col=table.group, rowname_col=None)
    grid = grid.fmt(lambda x: x, columns=[c for c in view.columns if c != table.group])
    if table.caption:
        grid = grid.tab_header(title=table.caption)
    if table.emphasis and table.emphasis in data.columns:
        rows = [i for i, flag in enumerate(data[table.emphasis]) if bool(flag)]
        if rows:
            grid = grid.tab_style(style=[gt.style.text(weight="bold"),
                                         gt.style.fill(color="#eef2f7")],
                                  locations=gt.loc.body(rows=rows))
    grid = grid.cols_label(**{c: c.replace("_", " ") for c in view.columns
                              if c != table.group})
    numeric = list(dict.fromkeys(
        [c for c in table.units if c in view.columns] + amount_columns(view)))
    numeric = [c for c in numeric if c != table.group]
    if numeric:  # amounts and rates line up on the right, as in the papers
        grid = grid.cols_align(align="right", columns=numeric)
    widths = {c: w for c, w in table.widths.items() if c in view.columns}
    if widths:
        grid = grid.cols_width(cases=widths)
    grid = grid.opt_align_table_header(align="left").tab_options(
        table_font_size="13px", table_width="100%", data_row_padding="3px",
        column_labels_font_weight="bold", heading_title_font_size="15px")
    body = grid.as_raw_html()
    # the notes follow the table, not inside it: a printed table repeats its header on each
    # page, and notes inside it spilling over left a page of header and notes only
    notes = "".join(f"<p>{html.escape(note)}</p>"
                    for note in table.notes + ([source_note] if source_note else []))
    notes = f'<div class="asc-table-notes">{notes}</div>' if notes else ""
    wide = " wide" if len(view.columns) > WIDE else ""  # printed on a landscape page
    return f'<figure class="asc-table{wide}" id="{tid}-figure">{body}{notes}</figure>'


def sentence_for_missing(names: list[str], who: str) -> str:
    """A long 'not reported' list as one sentence."""
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{who}'s papers print nothing on {listed}."
