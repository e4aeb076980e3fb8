"""What a run publishes besides the executed notebooks: each appendix as a code-free page (and
PDF), the paper viewer, the workbook and CSVs of every appendix's tables, and the index.

Pages hold no input cell, no cell tagged ``explore`` (cells for exploring in JupyterLab, left
out of the committee's page), no script and nothing fetched from the network. A citation links
to its line in the paper viewer when the paper's text was found, and is plain text otherwise.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import live
from ..errors import AnalysisError
from ..settings import Settings

if TYPE_CHECKING:  # the page, workbook and appendix code loads only when a run has work to do
    import pandas as pd

    from ..publish.appendix import Appendix
    from ..publish.index import Entry

NETWORK = re.compile(r"""<link\b[^>]*href\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.I | re.S)
CITED_LINE = re.compile(r'<a href="papers/([^"/#]+)\.html#L(\d+)">(\d+)</a>')
EXPLORE = "explore"  # the tag of a cell for exploring: not on the appendix page


@dataclass(frozen=True)
class Setting:
    """What every page of one report set shares."""
    registry: pd.DataFrame
    newest_figure: date
    generated: date
    labels: dict[str, str]
    provenance: str
    papers: frozenset[str] | None = None  # papers with a viewer page (None: every one)


def setting(settings: Settings, provenance: str, papers: frozenset[str]) -> Setting:
    import pandas as pd

    from ..dataset.catalogue import load_measures
    from ..publish.notebook import newest_figure
    from ..sources.papers import load_registry

    ind = pd.read_parquet(live(settings.processed_dir) / settings.indicators_parquet.name)
    measures = load_measures(settings.measures_csv)
    return Setting(load_registry(settings.papers_csv), newest_figure(ind, measures).date(),
                   generated_on(), dict(zip(measures["measure_id"], measures["label"],
                                            strict=True)), provenance, papers)


def generated_on() -> date:
    """Today, or the date in SOURCE_DATE_EPOCH (for byte-identical rebuilds of a past set)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch.isdigit() else date.today()


# ---------------------------------------------------------------- pages
def to_html(notebook: Path) -> str:
    """Code-free, self-contained HTML: no input cells, no cell tagged ``explore``, no script at
    all (the appendices need none, and an inline script can still fetch from the network), no
    style from the network."""
    import nbformat

    from ..publish.notebook import RECORD_MIME

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:  # machine-readable records are for tests, not readers
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if RECORD_MIME not in o.get("data", {})]
    exporter, one_at_a_time = _exporter()
    with one_at_a_time:  # an exporter keeps per-notebook state while it converts
        body, _ = exporter.from_notebook_node(nb)
    return NETWORK.sub("", SCRIPT.sub("", body))


@functools.cache
def _exporter():
    """One HTML exporter for the run (it compiles its templates once), and its lock."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {EXPLORE}
    return HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True), threading.Lock()


def unlink(page: str, papers: frozenset[str] | None) -> str:
    """Citations of papers without a viewer page as plain line numbers.

    >>> unlink('line <a href="papers/p.html#L775">775</a>', frozenset())
    'line 775'
    """
    from ..publish.tables import LINKED_LINES

    if papers is None:
        return page
    page = CITED_LINE.sub(lambda m: m.group(0) if html.unescape(m.group(1)) in papers
                          else m.group(3), page)
    return page.replace(LINKED_LINES, "line numbers are those of the paper each figure is "
                        "printed on.") if not papers else page


def appendix_page(notebook: Path, params: dict, setting: Setting) -> str:
    """The executed notebook as the page a reader gets: title, banner, print rules."""
    from ..publish.page import decorate

    return unlink(decorate(to_html(notebook), notebook_title(notebook), params, setting.registry,
                           setting.newest_figure, setting.generated, setting.labels,
                           setting.provenance), setting.papers)


def write_page(folder: Path, name: str, params: dict, setting: Setting,
               chromium: str | None) -> None:
    """``name``.html (and .pdf, with Chromium) from the executed ``name``.ipynb in ``folder``."""
    page = folder / f"{name}.html"
    page.write_text(appendix_page(folder / f"{name}.ipynb", params, setting), encoding="utf-8")
    if chromium:
        to_pdf(page, page.with_suffix(".pdf"), chromium)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf_path}", html_path.as_uri()],
                   check=True, capture_output=True, timeout=120)


def write_papers(folder: Path, registry: pd.DataFrame, papers: frozenset[str],
                 dirs: list[Path]) -> None:
    """Each of ``papers`` as a read-only page with a numbered anchor per line (what sources
    link to)."""
    from ..publish.viewer import paper_page
    from ..sources.citations import paper_name
    from ..sources.papers import paper_lines

    folder.mkdir()
    for _, r in registry[registry["paper_id"].isin(papers)].iterrows():
        (folder / f"{r['paper_id']}.html").write_text(
            paper_page(r["paper_id"], paper_lines(r["paper_id"], registry, dirs),
                       paper_name(r["paper_id"], registry), r["title"]), encoding="utf-8")


# ---------------------------------------------------------------- tables
def build_appendices(params: dict[str, dict], settings: Settings | None = None
                     ) -> tuple[dict[str, Appendix], dict[str, str]]:
    """Every published notebook's appendix (its title, lead and tables) with its parameters,
    from the builders its notebook calls, on the data ``settings`` name; a notebook whose
    appendix cannot be built is listed with the reason instead."""
    from ..publish.appendix import BUILDERS
    from ..publish.notebook import load

    built: dict[str, Appendix] = {}
    problems: dict[str, str] = {}
    for name, p in params.items():
        try:
            built[name] = BUILDERS[name](load(name, settings, **p))
        except AnalysisError as exc:
            problems[name] = str(exc)
    return built, problems


def write_tables(appendices: dict[str, Appendix], folder: Path, setting: Setting,
                 changes: tuple[pd.DataFrame | None, str] = (None, "")) -> list[str]:
    """``tables.xlsx`` (with a sheet of ``changes``, see ``write_workbook``) and one CSV per
    table in ``tables/``, every text cell safe to open in a spreadsheet, numbers as numbers."""
    import pandas as pd

    from ..publish.cells import safe_frame
    from ..publish.workbook import Sheet, write_csvs, write_workbook

    sheets, seen = [], set()
    for name, a in sorted(appendices.items()):
        for table in a.tables.values():
            key = (table.title, table.data.to_csv())  # the briefing repeats a theme's table
            if key not in seen:
                seen.add(key)
                sheets.append(Sheet(a.title, name, table))
    names = write_workbook(folder / "tables.xlsx", sheets, setting.registry, setting.generated,
                           setting.provenance, changes)
    files = write_csvs(sheets, folder / "tables", setting.registry)
    contents = pd.DataFrame({"file": files, "sheet": names,
                             "table": [s.table.title for s in sheets],
                             "appendix": [s.appendix for s in sheets],
                             "what it shows": [s.table.caption for s in sheets]},
                            columns=["file", "sheet", "table", "appendix", "what it shows"])
    safe_frame(contents).to_csv(folder / "tables" / "contents.csv", index=False,
                                encoding="utf-8-sig", lineterminator="\r\n")
    return names


# ---------------------------------------------------------------- the index
def notebook_title(path: Path) -> str:
    r"""The title a notebook gives its appendix: the first top-level heading a reader sees in it
    (so the banner and index cannot drift from the page), or its name.

    >>> import nbformat, tempfile
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "Appendix\n\n# Other adult social care\n\nWhat else the papers report.")])
    >>> path = Path(tempfile.mkdtemp()) / "50_other.ipynb"
    >>> nbformat.write(nb, path)
    >>> notebook_title(path)
    'Other adult social care'
    """
    import nbformat

    if not path.exists():
        return path.stem
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            heading = re.search(r"^# (.+)$", cell.source, re.MULTILINE)
            if heading:
                return heading.group(1).strip()
    return path.stem


def index_entries(notebooks: dict[str, dict], appendices: dict[str, Appendix],
                  current_key: dict[str, str], problems: dict[str, str],
                  notebook_dir: Path) -> list[Entry]:
    """A line of the front page for each appendix in the set, with what is wrong with it."""
    from ..publish.index import Entry

    entries = []
    for name, e in notebooks.items():
        a = appendices.get(name)
        notes = []
        if current_key.get(name) and e.get("key") != current_key[name]:
            notes.append("Out of date: its inputs changed since it ran; rerun it.")
        if name in problems:
            notes.append(f"Its tables were not exported: {problems[name]}")
        title = a.title if a else notebook_title(notebook_dir / f"{name}.ipynb")
        entries.append(Entry(name, title, a.lead if a else "", e.get("status", ""),
                             e.get("error", ""), " ".join(notes), bool(e.get("last_good"))))
    return entries


def write_index(folder: Path, entries: list[Entry], setting: Setting, checked: str,
                changes: str = "") -> None:
    """index.html, opening with ``changes`` (what changed), with a PDF link for each appendix
    when every one has its PDF."""
    from ..publish.index import index_page

    pdfs = all((folder / f"{e.name}.pdf").exists() for e in entries if e.status != "failed")
    (folder / "index.html").write_text(
        index_page(entries, setting.registry, setting.generated,
                   f"{setting.provenance} {checked}", pdf=bool(entries) and pdfs,
                   papers=setting.papers, changes=changes), encoding="utf-8")
