"""Write the comparison notebooks from one place, so their shape stays the same.

Run: .venv/bin/python tools/make_notebooks.py, then `make notebooks` executes them in place so
they are committed with outputs (nbval checks those outputs).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.publish.params import NOTEBOOKS
from analysis.publish.report import KERNEL

ROOT = Path(__file__).resolve().parent.parent
READING = ("**How to read this appendix.** Every figure is as printed in the councils' own "
           "committee papers, with its period beside it and its source (file and line) in the "
           "tables. *Not reported in the papers* means the council's papers publish nothing for "
           "it: a finding, not a zero. Ratings compare a council with the first benchmark that "
           "reports the measure: *similar* means within the printed precision plus one "
           "percentage point (2.5% for other units).")


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


BODIES = {
    "00_briefing": ("Briefing: Leicester and Leicestershire adult social care", [
        md("A one-page comparison across the four themes, what each council publishes, and "
           "the caveats that matter most. The theme appendices give the detail."),
        md("## Headline comparison\nLatest figure for each council and benchmark, with its "
           "period. Percentages are per cent of the relevant population."),
        code('ctx.show("headline comparison", "Headline measures: value (period), latest '
             'published")'),
        code('ctx.show("headline ratings", "Ratings against the first benchmark, direction of '
             'travel against the previous period, caveats and sources")'),
        md("## What each council publishes\nThis matrix counts the distinct measures each "
           "council's papers report, by theme: a zero means the comparison cannot be made from "
           "the papers."),
        code('ctx.show("coverage by theme (number of measures reported)", "Number of distinct '
             'measures reported, by theme and council, all periods")'),
        code("ctx.coverage_finding()"),
        md("## Budgets\nThe two councils describe their adult social care budgets differently; "
           "see the budgets appendix before comparing them."),
        code('ctx.show("budget totals", "Adult social care budget totals as printed (£)")'),
        md("## Top caveat: do the papers agree with themselves?\nThe data-quality appendix "
           "turns each discrepancy into a scrutiny question."),
        code('ctx.show("audit discrepancies by kind", "Discrepancies found by the audit of '
             'the papers\' arithmetic, by kind of check")'),
    ]),
    "10_workforce": ("Workforce", [
        md("Posts, vacancies, turnover, qualifications and demographics of the adult social "
           "care workforce, from Skills for Care (ASC-WDS) estimates quoted in the papers: "
           "Leicester's draft strategy (2022/23 vintage) and its report and final strategy "
           "(2023/24); Leicestershire's 2016-20 strategy (NMDS-SC, 2015/16)."),
        code('ctx.show("comparison", "Workforce measures: value (period) by council and '
             'benchmark")'),
        code('ctx.show("ratings and caveats", "Ratings against the first benchmark, direction '
             'of travel, caveats and sources")'),
        md("## Rates compared\nPercentages side by side; the period of each figure is beside "
           "its bar."),
        code('ctx.bars(ctx.params["measures"], "percent", "Workforce rates (per cent), latest '
             'period each")'),
        md("## Both vintages\nSkills for Care revises its estimates each year, so the draft "
           "strategy's 2022/23 figures and the final strategy's 2023/24 figures are not a clean "
           "time series. Values as printed, one column per period and paper."),
        code('ctx.show("both vintages (values as printed, by paper)", "Workforce figures by '
             'period and paper (counts, per cent, years and days as printed)")'),
        code('ctx.show("periods reported", "Periods each council and benchmark reports, by '
             'measure")'),
    ]),
    "20_reablement": ("Reablement", [
        md("ASCOF reablement measures over time (the county's dashboards, 2015/16 to "
           "2024/25), Leicester's early-action outcomes, and hospital discharge. ASCOF codes "
           "were renumbered in 2023: the series are joined on the measure, not the code, and "
           "the line breaks where the framework changed."),
        code('ctx.show("comparison", "Reablement measures: value (period) by council and '
             'benchmark")'),
        code('ctx.show("ratings and caveats", "Ratings, direction of travel, caveats and '
             'sources")'),
        md("## Trends across frameworks"),
        code('ctx.trend("ascof_reablement_no_ongoing_need", "No need for ongoing services after '
             'reablement (per cent), by period")'),
        code('ctx.trend("ascof_home_91_days_after_discharge", "At home 91 days after discharge '
             'into reablement (per cent), by period")'),
        code('for name in [n for n in ctx.tables if n.startswith("trend: ")]:\n'
             '    ctx.show(name, name + " (per cent; framework and source for each point)")'),
        md("## Early action and short-term support\nLeicester reports its early-action "
           "outcomes in its own terms; they are not ASCOF measures and are not comparable "
           "with the county's."),
        code('ctx.show("early action and short-term support (as printed)", "Early action '
             'outcomes as printed (counts, per cent; period and source)")'),
    ]),
    "30_budgets": ("Budgets", [
        md("Leicestershire's revenue budget by service line with statutory (S), "
           "discretionary (D) or both (B) flags, its growth, savings and capital profiles to "
           "2028/29, and the two councils' adult social care totals side by side. All amounts "
           "in pounds as printed (the county's tables are in £ and £000)."),
        code('ctx.show(f"net revenue budget {ctx.params[\'budget_year\']} by service line", '
             '"Net revenue budget by service line (£), " + ctx.params["budget_year"])'),
        code('ctx.show("growth by year (£, cumulative from 2024/25)", "Growth by item and year '
             '(£, cumulative from the 2024/25 base)")'),
        code('ctx.show("savings by year (£, cumulative from 2024/25)", "Savings by item and '
             'year (£, negative, cumulative)")'),
        code('ctx.show("capital programme by year (£)", "Capital programme by scheme and year '
             '(£)")'),
        md("## The totals side by side\nEach council's adult social care total as printed, "
           "with what it is and its basis from the measure catalogue: the councils do not "
           "describe their totals the same way, so compare with care."),
        code('ctx.show("adult social care budget totals side by side", "Adult social care '
             'budget totals as printed (£)")'),
    ]),
    "40_safeguarding": ("Safeguarding", [
        md("Alerts, enquiries, conversion, whether risk was reduced or removed, whether people "
           "feel safe, and safeguarding board budgets."),
        code('ctx.coverage_finding(["safeguarding"])'),
        code('ctx.show("comparison", "Safeguarding measures: value (period) by council and '
             'benchmark")'),
        code('ctx.show("ratings and caveats", "Ratings, direction of travel, caveats and '
             'sources")'),
        code('ctx.bars(ctx.params["measures"], "percent", "Safeguarding outcomes (per cent), '
             'latest period each")'),
        code('ctx.show("safeguarding board budgets 2017/18", "Safeguarding board budgets and '
             'contributions (£), 2017/18")'),
        md("## The evidence gap"),
        code('ctx.show("evidence available by council (measures reported)", "Number of '
             'distinct measures reported, by theme and council")'),
    ]),
    "90_data_quality": ("Data quality: do the papers agree with themselves?", [
        md("Every check the audit ran over the papers' own arithmetic, turned into questions a "
           "scrutiny committee can put to officers. A difference within the printed precision "
           "of the figures is never counted as a discrepancy."),
        code('ctx.show("scrutiny questions", "Discrepancies found, as questions, with the '
             'lines they come from")'),
        code('ctx.show("checks run by kind and verdict", "Checks run, by kind and verdict")'),
        md("## Figures that could not be used\nEvery printed figure is either in the dataset "
           "or listed here with the reason."),
        code('ctx.show("rejected figures by reason", "Rejected figures, by reason")'),
        code('ctx.show("corrections applied", "Corrections applied to garbled or truncated '
             'figures, with evidence")'),
        code('if ctx.params["show_passed"]:\n    ctx.show("checks that passed", "Checks that '
             'passed")'),
    ]),
}


def make(name: str) -> nbformat.NotebookNode:
    title, body = BODIES[name]
    nb = new_notebook()
    # The project's own kernel (installed into .venv by `make venv`), never whatever
    # 'python3' the Jupyter path finds first.
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python (asc-compare)",
                                 "language": "python"}
    parameters = code(params_cell(name))
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [md(f"# {title}\n\n{READING}"), parameters, code(setup_cell(name))] + body
    return nb


if __name__ == "__main__":
    for name in NOTEBOOKS:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        nbformat.write(make(name), path)
        print(f"wrote {path}")
