"""Write the comparison notebooks from one place, so their shape stays the same.

Run: .venv/bin/python tools/make_notebooks.py, then `make notebooks` executes them in place so
they are committed with outputs (nbval checks those outputs). The narrative here explains what
each part shows; it never states a finding: every finding on a page is computed by the calls.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.publish.params import NOTEBOOKS
from analysis.runner.kernels import KERNEL

ROOT = Path(__file__).resolve().parent.parent
READING = ("**How to read this appendix.** Every figure is as printed in the councils' own "
           "committee papers, with its period beside it and a link to the line it was printed "
           "on. *Not reported in the papers* means the papers print nothing for it: a finding, "
           "not a zero. A figure whose period ended more than three years before the newest "
           "paper is shown apart, as history, and never compared with newer ones.")


def params_cell(name: str) -> str:
    lines = ["# Parameters: change these and rerun, or pass them with `-p` to the report runner."]
    for key, p in NOTEBOOKS[name].items():
        lines.append(f"{key} = {p.default!r}  # {p.help}")
    return "\n".join(lines)


def setup_cell(name: str) -> str:
    args = ", ".join(f"{k}={k}" for k in NOTEBOOKS[name])
    return (f"from analysis.publish.notebook import setup\n\n"
            f"# Checks the parameters; the cells below use ctx.params, their canonical form.\n"
            f"ctx = setup({name!r}, {args})")


def code(src: str):
    return new_code_cell(src)


def md(src: str):
    return new_markdown_cell(src)


def comparison_section(kind_charts: list[tuple[str, str]]) -> list:
    cells = [md("## How the councils compare\nEach council's figure and its period, the "
                "benchmarks beside them, and how comparable the councils' figures are."),
             code('ctx.show("comparison")'),
             code('ctx.notes("not reported")')]
    for kind, title in kind_charts:
        cells.append(code(f'ctx.bars({kind!r}, {title!r})'))
    cells += [md("## Ratings and direction of travel\nEach figure against a benchmark printed "
                 "for its own period, its direction of travel within one series, and the "
                 "papers' own markers beside the tool's."),
              code("ctx.rule()"),
              code('ctx.show("ratings")'),
              md("## History\nOlder figures, each rated only against a benchmark of its own "
                 "period."),
              code('ctx.show("history")')]
    return cells


CLOSING = [md("## Sources and terms"), code("ctx.sources()"), code("ctx.glossary()")]

BODIES = {
    "05_explore": ("Measure profile", [
        md("Any measure, every printed occurrence. Set `measure` to a measure id, or to `''` "
           "to profile the best match of `search`, and rerun. In JupyterLab the first table "
           "can be sorted and searched; for your own questions, `from analysis import explore` "
           "gives `find`, `figures`, `series`, `compare` and `source` (see the README)."),
        md("## Find a measure\nMeasures whose label, definition or ASCOF code match the search "
           "words, best first, with how many figures the papers print for each."),
        code("from analysis import explore\n\n"
             'ctx.interactive(explore.find(ctx.params["search"]), "Measures matching the '
             'search words (figures: how many the papers print)")'),
        md("## The measure chosen"),
        code("ctx.messages()"),
        md("## Every printed figure\nOldest paper first, as printed, with its period, type, "
           "caveats, the audit findings that touch it and the line it is printed on."),
        code('ctx.show("figures")'),
        md("## Over time\nOne point per period per authority (a figure printed twice counts "
           "once); a change of framework or period length breaks the line."),
        code('ctx.trend(ctx.params["measure"])'),
        md("## How the councils compare"),
        code('ctx.show("comparison")'),
        code('ctx.notes("not reported")'),
        code("ctx.rule()"),
        code('ctx.show("ratings")'),
        md("## The audit\nEvery check of the papers' own arithmetic that touches these figures."),
        code('ctx.show("audit")'),
        md("## The newest figure in its paper"),
        code("ctx.excerpt()"),
        *CLOSING,
    ]),
    "00_briefing": ("Briefing: Leicester and Leicestershire adult social care", [
        md("Where the two councils can be compared from their own committee papers, how they "
           "compare, and where they cannot. The theme appendices give the detail."),
        code("ctx.messages()"),
        *comparison_section([("outcome", "Outcomes"), ("workforce", "Workforce")]),
        md("## What each council publishes\nThe number of distinct measures each council's "
           "papers report for its own adult social care, by theme."),
        code('ctx.show("coverage")'),
        md("## Budgets\nEach council's adult social care total as printed, with its basis; the "
           "budgets appendix gives the detail."),
        code('ctx.show("budget totals")'),
        md("## Do the papers agree with themselves?\nThe data-quality appendix turns each "
           "finding into a question for officers."),
        code('ctx.show("audit")'),
        *CLOSING,
    ]),
    "10_workforce": ("Workforce", [
        md("Posts, vacancies, turnover, qualifications and the make-up of the adult social care "
           "workforce: Skills for Care estimates quoted in the papers, and the councils' own "
           "staff figures."),
        code("ctx.messages()"),
        *comparison_section([("workforce", "Workforce rates")]),
        md("## Every workforce figure, by year and paper"),
        code('ctx.show("vintages")'),
        *CLOSING,
    ]),
    "20_reablement": ("Reablement", [
        md("Whether people need ongoing support after reablement, whether they are still at home "
           "91 days after leaving hospital, and each council's own short-term support figures."),
        code("ctx.messages()"),
        *comparison_section([("outcome", "Reablement outcomes"),
                             ("process", "Reablement activity")]),
        md("## Over time\nASCOF codes were renumbered in 2023: the series follow the measure, "
           "not the code, and break where the framework or the length of the period changes."),
        code('ctx.trend("ascof_reablement_no_ongoing_need")'),
        code('ctx.show("trend ascof_reablement_no_ongoing_need")'),
        code('ctx.trend("ascof_home_91_days_after_discharge")'),
        code('ctx.show("trend ascof_home_91_days_after_discharge")'),
        md("## Short-term support in each council's own terms"),
        code('ctx.show("short-term support")'),
        *CLOSING,
    ]),
    "30_budgets": ("Budgets", [
        md("Each council's adult social care budget as its papers print it: the medium-term "
           "bridge from last year's budget, gross spending and income beside the net, service "
           "lines, growth, savings and capital. Amounts in pounds."),
        code("ctx.messages()"),
        md("## The medium-term bridge"),
        code('for name in [n for n in ctx.tables if n.endswith(" bridge")]:\n'
             '    ctx.show(name)'),
        md("## Gross, income and net"),
        code('for name in [n for n in ctx.tables if n.endswith(" gross income net")]:\n'
             '    ctx.show(name)'),
        md("## Service lines"),
        code('for name in [n for n in ctx.tables if n.endswith(" service lines")]:\n'
             '    ctx.show(name)'),
        md("## Growth, savings and capital"),
        code('for name in [n for n in ctx.tables if n.split(" ")[-1] in '
             '("growth", "savings", "capital")]:\n    ctx.show(name)'),
        md("## The councils' totals side by side"),
        code('ctx.show("totals")'),
        *CLOSING,
    ]),
    "40_safeguarding": ("Safeguarding", [
        md("Outcomes first (was the risk reduced or removed, do people feel safe), then activity "
           "(alerts, enquiries, how many alerts become enquiries), then the safeguarding "
           "boards' budgets."),
        code("ctx.messages()"),
        *comparison_section([("outcome", "Safeguarding outcomes"),
                             ("process", "Safeguarding activity")]),
        md("## Safeguarding boards"),
        code('ctx.show("boards")'),
        *CLOSING,
    ]),
    "90_data_quality": ("Data quality: do the papers agree with themselves?", [
        md("Every check the audit ran over the papers' own arithmetic. Checks that raise the "
           "same question in several places are one finding. A difference within the printed "
           "precision of the figures is never a discrepancy; a check the printed rounding "
           "cannot decide is listed apart."),
        code("ctx.messages()"),
        md("## Questions for officers"),
        code('ctx.show("questions")'),
        md("## Checks the printed rounding cannot decide"),
        code('ctx.show("inconclusive")'),
        md("## Data-preparation notes\nFigures the conversion of the papers to text garbled: "
           "corrected with evidence, not a question for officers."),
        code('ctx.show("conversion")'),
        code('ctx.show("by kind")'),
        md("## Figures that could not be used\nEvery printed figure is either in the dataset "
           "or listed here with the reason."),
        code('ctx.show("rejected")'),
        code('ctx.show("corrections")'),
        code('if ctx.params["show_passed"]:\n    ctx.show("passed")'),
        code("ctx.sources()"),
    ]),
}


def make(name: str) -> nbformat.NotebookNode:
    title, body = BODIES[name]
    nb = new_notebook()
    # The project's own kernel (installed into .venv by `make venv`), never whatever
    # 'python3' the Jupyter path finds first.
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python (asc-compare)",
                                 "language": "python"}
    nb.metadata["title"] = title
    parameters = code(params_cell(name))
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [md(f"# {title}\n\n{READING}"), parameters, code(setup_cell(name))] + body
    return nb


if __name__ == "__main__":
    for name in NOTEBOOKS:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        nbformat.write(make(name), path)
        print(f"wrote {path}")
