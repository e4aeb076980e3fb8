"""A short mutation run: does some pytest assertion fail when the code or data is broken?

Run: .venv/bin/python tools/mutants.py [--only NAME ...] [--list] [--keep]

Each mutant is a (file, exact old text, new text) edit with the pytest node ids that should
catch it. The repository is copied once to a temporary folder (git's tracked and untracked,
not ignored, files); each mutant is applied to the copy, its tests run there (PYTHONPATH points
at the copy, so the package, the notebooks' kernels and the tests all see the mutated code),
and the file is restored. A mutant is *killed* when its tests fail, *survived* when they pass,
*stale* when its old text is no longer in the file (the code moved on: update the list), and
*ambiguous* when the old text is there more than once. The tests are first run unmutated, and
the run stops if they do not pass there. The score is killed / (killed + survived).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_MUTANT_SECONDS = 600
MARKER = "ASC_MUTANT_COPY"


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    description: str
    tests: tuple[str, ...]


T = "tests/"
RULES = T + "test_rules_on_real_figures.py::"
LC = T + "test_label_classes.py::"
ST = T + "test_statements.py::"
PG = T + "test_pages.py::"
CX = T + "test_context.py::"
WARM = (T + "test_faults.py::test_each_notebook_runs_in_a_warm_kernel_of_its_own_and_none_is_"
        "left_running")
MUTANTS = [
    # ---- the four that survived the whole suite before
    Mutant("tolerance-x10", "analysis/audit/percentages.py",
           'outcome = judge(r["value"], expected, r["precision"], r["qualifier"], unit="percent")',
           'outcome = judge(r["value"], expected, 10 * r["precision"], r["qualifier"], '
           'unit="percent")',
           "percent vs counts: tolerance widened tenfold",
           (T + "test_audit.py::test_a_percentage_just_beyond_its_printed_precision_is_a_"
            "discrepancy", T + "test_audit.py::test_real_cases_from_the_papers")),
    Mutant("alt-unescaped", "analysis/publish/plots.py",
           "text = html.escape(alt, quote=True)", "text = alt",
           "chart alt text not escaped",
           (T + "test_notebook.py::test_chart_alt_text_and_caption_cannot_break_out_of_the_"
            "image",)),
    Mutant("provenance-off", "analysis/dataset/build.py",
           "    if provenance.problems:\n        raise provenance_error(provenance)",
           "    if False:\n        raise provenance_error(provenance)",
           "build no longer stops on a figure not on its cited line",
           (T + "test_provenance.py::test_the_build_stops_on_a_figure_not_on_its_cited_line",)),
    Mutant("rerun-ignores-content", "analysis/runner/plan.py",
           'h.update(f"{name}\\0{sha}\\n".encode())', 'h.update(f"{name}\\n".encode())',
           "rerun check ignores changed inputs (names only)",
           (T + "test_report.py::test_a_changed_input_reruns_and_an_unchanged_one_does_not",
            T + "test_report.py::test_inputs_are_named_relative_to_their_raw_folder_wherever_"
            "it_is")),
    # ---- the six caught only by a committed notebook output before
    Mutant("prose-swap", "data/raw/figures/leicester-2025-04-30-prose.csv",
           ",a vacancy rate of 7.1%,", ",8.3%,",
           "a prose value swapped for another number on its line",
           (T + "test_backtests.py",)),
    Mutant("polarity-flip", "data/raw/measures.csv",
           "wf_vacancy_rate,workforce,Vacancy rate,percent,lower_better,",
           "wf_vacancy_rate,workforce,Vacancy rate,percent,higher_better,",
           "a measure's polarity flipped",
           (T + "test_catalogue.py::test_each_rated_measure_has_the_polarity_its_meaning_gives",
            T + "test_compare.py::test_real_ratings_follow_each_measures_polarity")),
    Mutant("benchmark-period-unsaid", "analysis/compare/ratings.py",
           '    if bench["period"] != fig["period"]:',
           "    if False:",
           "a benchmark of another period no longer said beside the rating",
           (T + "test_compare.py::test_a_benchmark_of_another_period_is_said_beside_the_rating",)),
    Mutant("length-caveat-off", "analysis/compare/direction.py",
           "    if abs(length[0] - length[1]) > 0.1 * max(length):",
           "    if False:",
           "a direction of travel between periods of different length",
           (T + "test_compare.py::test_part_year_against_full_year_gives_no_direction",)),
    Mutant("table-unescaped", "analysis/publish/tables.py",
           "    return html.escape(str(value))", "    return str(value)",
           "table cells not escaped (notebook.show)",
           (T + "test_notebook.py::test_table_cells_headers_and_captions_are_escaped",)),
    Mutant("framework-2021", "analysis/compare/select.py",
           "FRAMEWORK_CHANGE = 2020", "FRAMEWORK_CHANGE = 2021",
           "framework-change year moved later",
           (T + "test_compare.py::test_no_direction_of_travel_across_the_framework_change_and_"
            "one_within_it",)),
    Mutant("framework-2019", "analysis/compare/select.py",
           "FRAMEWORK_CHANGE = 2020", "FRAMEWORK_CHANGE = 2019",
           "framework-change year moved earlier",
           (T + "test_compare.py::test_no_direction_of_travel_across_the_framework_change_and_"
            "one_within_it",)),
    # ---- this round's mechanisms
    Mutant("warm-up-binds-names", "analysis/runner/kernels.py",
           """    return f"import {', '.join(modules)}; del {', '.join(roots)}\"""",
           """    return f"import {', '.join(modules)}\"""",
           "the kernel warm-up leaves its imports bound in the notebook's namespace",
           (WARM,)),
    Mutant("kernel-reused", "analysis/runner/execute.py",
           "        kernels.stop(km)", "        kernels._spare.km = km",
           "a notebook's kernel is handed to the next notebook",
           (WARM,)),
    Mutant("kernel-not-passed", "analysis/runner/execute.py",
           "km=km, keep_at=str(job.out))", "km=None, keep_at=str(job.out))",
           "papermill starts a kernel of its own (over TCP, not warmed) instead of the one taken",
           (WARM,)),
    Mutant("no-spare-ahead", "analysis/runner/kernels.py",
           "            self._spare.km = self._start(needed=False)",
           "            self._spare.km = None",
           "no kernel is ever started ahead of its notebook",
           (T + "test_faults.py::test_a_kernel_starts_one_notebook_ahead_only_for_a_notebook_"
            "still_waiting",)),
    Mutant("kernel-over-tcp", "analysis/runner/kernels.py",
           'transport="ipc",', 'transport="tcp",',
           "kernels talk over TCP (and each warns that it is unencrypted)",
           (WARM,)),
    Mutant("kernel-outlives-run", "analysis/runner/kernels.py",
           "run_sync(km.start_kernel)(cwd=self._cwd, env=self._env, stdout=log, stderr=log,",
           "run_sync(km.start_kernel)(cwd=self._cwd, env=self._env, stdout=log, stderr=log, "
           "independent=True,",
           "a kernel does not watch the run that started it, so outlives a kill -9 of it",
           (T + "test_faults.py::test_killing_only_the_main_process_leaves_no_kernel_and_no_"
            "stuck_lock",)),
    Mutant("kernel-words-on-terminal", "analysis/runner/kernels.py",
           "run_sync(km.start_kernel)(cwd=self._cwd, env=self._env, stdout=log, stderr=log,",
           "run_sync(km.start_kernel)(cwd=self._cwd, env=self._env,",
           "kernels print to the user's terminal (a killed run's 'Parent appears to have exited')",
           (T + "test_faults.py::test_killing_only_the_main_process_leaves_no_kernel_and_no_"
            "stuck_lock",)),
    Mutant("banner-title-unescaped", "analysis/publish/page.py",
           "<h1>{html.escape(title)}</h1>", "<h1>{title}</h1>",
           "the page banner shows its title as HTML (injection through a title)",
           (T + "test_publish.py::test_a_hostile_title_or_parameter_cannot_break_out_of_the_page_"
            "banner_or_print_rules",)),
    Mutant("banner-parameters-unescaped", "analysis/publish/page.py",
           "<div>{html.escape(parameters_in_words(params, labels))}</div>",
           "<div>{parameters_in_words(params, labels)}</div>",
           "the page banner shows a parameter as HTML (injection through a parameter)",
           (T + "test_publish.py::test_a_hostile_title_or_parameter_cannot_break_out_of_the_page_"
            "banner_or_print_rules",)),
    Mutant("print-rules-unescaped", "analysis/publish/page.py",
           'css = PRINT_CSS.replace("{title}", css_text(title))',
           'css = PRINT_CSS.replace("{title}", title)',
           "a title closes the print rules' <style> element",
           (T + "test_publish.py::test_a_hostile_title_or_parameter_cannot_break_out_of_the_page_"
            "banner_or_print_rules",)),
    Mutant("deleted-page-kept-deleted", "analysis/runner/plan.py",
           'or f"{n}.html" not in present or', "or",
           "a deleted appendix page is not regenerated on the next run",
           (T + "test_report.py::test_a_deleted_appendix_page_is_regenerated_on_the_next_run",)),
    Mutant("broken-kernel-awaited", "analysis/runner/kernels.py",
           "if broken_at is not None and now - broken_at > BROKEN_GRACE:",
           "if False:",
           "a kernel that printed a traceback while starting is waited on for the whole timeout",
           (T + "test_faults.py::test_a_kernel_that_cannot_start_fails_fast_with_its_own_error",)),
    Mutant("no-lock-takeover", "analysis/runner/lock.py",
           "            if _owner_alive(owner):", "            if True:",
           "a lock whose owner died is never taken over",
           (T + "test_faults.py::test_a_lock_whose_owner_died_is_taken_over_though_a_stray_"
            "still_holds_it",)),
    Mutant("reused-pid-trusted", "analysis/runner/lock.py",
           'return pid_alive(pid) and (not started or start_time(pid) in ("", started))',
           "return pid_alive(pid)",
           "a reused pid keeps a dead run's lock",
           (T + "test_faults.py::test_a_reused_pid_does_not_keep_a_dead_runs_lock",)),
    Mutant("no-cell-timeout", "analysis/runner/execute.py",
           "execution_timeout=job.timeout,", "execution_timeout=None,",
           "the cell timeout never reaches papermill",
           (T + "test_faults.py::test_the_timeouts_reach_papermill",)),
    Mutant("timeout-unmarked", "analysis/runner/execute.py",
           '        new_output("error", ename="CellTimeoutError", evalue=message, '
           'traceback=[message])]',
           "        ]",
           "a timed-out cell is not marked",
           (T + "test_faults.py::test_a_cell_that_never_finishes_times_out_and_is_kept_failed_"
            "with_the_cell_marked",)),
    Mutant("timeout-outputs-lost", "analysis/runner/execute.py",
           "                nb_man.output_path = keep_at", "                pass",
           "a notebook whose cell timed out is kept without its outputs or the cell marked",
           (T + "test_faults.py::test_a_cell_that_never_finishes_times_out_and_is_kept_failed_"
            "with_the_cell_marked",)),
    Mutant("raw-under-papers-dropped", "analysis/runner/plan.py",
           'if f.is_file() and rel.parts[0] != "papers"',
           'if f.is_file() and "papers" not in f.parts',
           "raw files under any folder named 'papers' drop out of the change check",
           (T + "test_report.py::test_inputs_are_named_relative_to_their_raw_folder_wherever_"
            "it_is",)),
    Mutant("out-unguarded", "analysis/runner/plan.py",
           "        if target == folder or target.is_relative_to(folder):",
           "        if False:",
           "--out accepted inside data/, analysis/, notebooks/, tests/",
           (T + "test_report.py::test_an_output_folder_inside_the_project_is_refused",)),
    Mutant("out-foreign-accepted", "analysis/runner/plan.py",
           "    if theirs:", "    if False:",
           "--out accepted over a folder of the user's, whose files a run replaces or removes",
           (T + "test_report.py::test_an_output_folder_holding_what_a_report_run_did_not_write_"
            "is_refused_untouched",)),
    Mutant("kernel-by-python3", "analysis/runner/kernels.py",
           'KERNEL = "asc-compare"', 'KERNEL = "python3"',
           "notebooks run on whatever 'python3' kernel is found first",
           (T + "test_report.py::test_a_hostile_python3_kernel_earlier_on_the_jupyter_path_does_"
            "not_break_a_run",)),
    Mutant("kernel-unchecked", "analysis/runner/kernels.py",
           "    if os.path.abspath(runs) != os.path.abspath(sys.executable):",
           "    if False:",
           "a project kernel running another Python is accepted",
           (T + "test_report.py::test_a_project_kernel_that_runs_another_python_is_refused",)),
    Mutant("links-bypass-current", "analysis/atomic.py",
           '    for name in sorted(names):\n        _link(f"{CURRENT}/{name}", folder / name)',
           '    for name in sorted(names):\n'
           '        _link(f"{VERSIONS}/{version.name}/{name}", folder / name)',
           "stable names link to a version, not through the one 'current' switch",
           (T + "test_report.py::test_a_reader_sees_the_old_set_or_the_new_one_never_a_mix",)),
    Mutant("partial-export", "analysis/runner/plan.py",
           "    notebooks = {n: dict(e) for n, e in done.items()}", "    notebooks = {}",
           "a partial run forgets the notebooks it did not run (manifest and workbook shrink)",
           (T + "test_report.py::test_a_partial_run_keeps_every_appendix_in_the_workbook_and_"
            "drops_stale_csvs",)),
    Mutant("failed-appendix-exported", "analysis/runner/run.py",
           "    if params != plan.published(now):", "    if False:",
           "a notebook that failed has its tables exported as if it had run",
           (T + "test_report.py::test_manifest_index_and_tables",)),
    Mutant("corrupt-manifest-partial", "analysis/runner/run.py",
           "        params = plan.resolve(None, {}) | params", "        pass",
           "after a corrupt manifest only the chosen notebook runs, and the set shrinks to it",
           (T + "test_faults.py::test_a_corrupt_manifest_means_rerunning_every_notebook_as_it_"
            "says",)),
    Mutant("scripts-kept", "analysis/runner/export.py",
           'return NETWORK.sub("", SCRIPT.sub("", body))', 'return NETWORK.sub("", body)',
           "inline scripts (mermaid from a CDN) kept in the HTML",
           (T + "test_report.py::test_no_exported_appendix_reaches_the_network_even_from_an_"
            "inline_script",)),
    Mutant("explore-cells-shown", "analysis/runner/export.py",
           "config.TagRemovePreprocessor.remove_cell_tags = {EXPLORE}",
           "config.TagRemovePreprocessor.remove_cell_tags = set()",
           "cells tagged explore are kept on the committee's page",
           (T + "test_report.py::test_a_cell_tagged_explore_is_left_out_of_the_appendix_page",)),
    Mutant("links-without-papers", "analysis/runner/export.py",
           "    if papers is None:\n        return page", "    if True:\n        return page",
           "citations link to a paper viewer that a set without the papers does not have",
           (T + "test_report.py::test_without_the_papers_every_page_the_workbook_and_the_index_"
            "are_built",)),
    Mutant("shared-papers-always", "analysis/settings.py",
           '        shared = [ROOT.parent / "shared" / "papers"] if self.shared_papers else []',
           '        shared = [ROOT.parent / "shared" / "papers"]',
           "ASC_SHARED_PAPERS=0 no longer leaves ../shared/papers out of the papers search",
           (T + "test_report.py::test_the_papers_search_can_leave_out_the_shared_folder",)),
    Mutant("summary-reports-failed", "analysis/runner/run.py",
           "{Path(out_dir) / 'failed'}/", "reports/failed/",
           "the summary always names reports/failed/",
           (T + "test_report.py::test_a_failing_notebook_does_not_stop_the_others",)),
    Mutant("csv-formulas", "analysis/publish/workbook.py",
           "safe_frame(export_frame(s.table, registry)).to_csv(",
           "export_frame(s.table, registry).to_csv(",
           "CSV export without the formula guard",
           (T + "test_cells.py::test_the_csv_export_holds_no_live_formula",)),
    Mutant("xlsx-formulas", "analysis/publish/workbook.py",
           "values.append(spreadsheet_safe(value))", "values.append(value)",
           "workbook without the formula guard",
           (T + "test_cells.py::test_the_workbook_holds_no_formula_cell",)),
    Mutant("formula-equals-allowed", "analysis/publish/cells.py",
           'TRIGGERS = ("=", "+", "-", "@", "\\t", "\\r")', 'TRIGGERS = ("+", "-", "@", "\\t")',
           "'=' and CR no longer treated as formula starts",
           (T + "test_cells.py",)),
    Mutant("note-unescaped", "analysis/publish/notebook.py",
           """self._html(f'<p class="asc-note">{html.escape(text)}</p>')""",
           """self._html(f'<p class="asc-note">{text}</p>')""",
           "notes pass data into the page unescaped",
           (T + "test_notebook.py::test_a_note_shows_hostile_text_literally",)),
    Mutant("caption-unescaped", "analysis/publish/tables.py",
           "grid = grid.tab_header(title=table.caption)",
           "grid = grid.tab_header(title=gt.html(table.caption))",
           "table captions not escaped",
           (T + "test_notebook.py::test_table_cells_headers_and_captions_are_escaped",)),
    Mutant("negative-zero-kept", "analysis/parse/figures.py",
           '        flags.append("negative zero")\n        negative = False\n',
           '        flags.append("negative zero")\n',
           "a printed -0 stored as -0.0 (written '-0.0')",
           (T + "test_clean.py::test_each_rule_of_a_row_names_itself_in_the_flags_or_the_reason",)),
    Mutant("unit-unchecked", "analysis/dataset/row_rules.py",
           "    if unit is None:\n        return why\n", "    if False:\n        return why\n",
           "a figure whose unit does not fit its measure is kept",
           (T + "test_clean.py::test_each_rule_of_a_row_names_itself_in_the_flags_or_the_reason",)),
    Mutant("period-flags-dropped", "analysis/dataset/row_rules.py",
           "    flags += period_flags + [f for f in (relabel, sign_flag) if f] + list(fig.flags)",
           "    flags += [f for f in (relabel, sign_flag) if f] + list(fig.flags)",
           "a row loses its period's flags (inferred, undated, to date)",
           (T + "test_clean.py::test_each_rule_of_a_row_names_itself_in_the_flags_or_the_reason",)),
    Mutant("invisible-kept", "analysis/parse/printed_text.py",
           'unicodedata.category(ch) not in ("Cf", "Cc")', "unicodedata.category(ch) not in ()",
           "invisible characters no longer stripped before parsing",
           (T + "test_numbers.py",)),
    Mutant("scale-case", "analysis/parse/figure_words.py",
           "(?i:mn|bn|thousand|million|billion)", "(?:mn|bn|thousand|million|billion)",
           "scale words matched case-sensitively",
           (T + "test_numbers.py",)),
    Mutant("unknown-scale-dropped", "analysis/parse/figures.py",
           "    if unknown:\n", "    if False:\n",
           "an unknown scale word after a number silently dropped",
           (T + "test_numbers.py",)),
    Mutant("swallowed-row", "analysis/tables_io.py",
           'if reader.line_num != start or "\\n" in cells or "\\r" in cells:',
           "if False:",
           "a cell running over lines no longer an error",
           (T + "test_tables_io.py",)),
    Mutant("period-not-canonical", "analysis/publish/params.py",
           "    return period.label", "    return value",
           "a period is passed on in the spelling given",
           (T + "test_params.py",)),
    Mutant("duplicates-kept", "analysis/publish/params.py",
           "    return list(dict.fromkeys(value))", "    return value",
           "repeated list items kept",
           (T + "test_params.py",)),
    Mutant("lists-unbounded", "analysis/publish/params.py",
           "    if len(value) > MAX_ITEMS:", "    if False:",
           "list parameters unbounded",
           (T + "test_params.py",)),
    Mutant("period-gap-silent", "analysis/publish/notebook.py",
           "        if inside.empty:", "        if False:",
           "a chosen period with no figures says nothing",
           (T + "test_notebook.py",)),
    Mutant("choices-case-sensitive", "analysis/publish/params.py",
           'found = [v if v in choices else folded.get(" ".join(v.split()).casefold()) for v '
           "in values]",
           "found = [v if v in choices else None for v in values]",
           "a council or benchmark in another case is refused instead of written as the data "
           "writes it",
           (T + "test_params.py::test_a_council_or_benchmark_in_another_case_is_written_as_the_"
            "data_writes_it",)),
    Mutant("explore-period-as-given", "analysis/explore.py",
           'rows = rows[rows["period"] == canonical_period(where, "period", period)]',
           'rows = rows[rows["period"] == period]',
           "explore.figures looks a period up as written ('2023-24' finds nothing)",
           (T + "test_explore.py::test_a_council_in_any_case_and_a_period_written_with_a_"
            "hyphen_find_the_figures",)),
    Mutant("never-stale", "analysis/publish/data.py",
           "    return built.stat().st_mtime < newest", "    return False",
           "the processed set is never rebuilt when the raw data is newer",
           (T + "test_explore.py::test_one_rule_rebuilds_a_processed_set_older_than_the_raw_"
            "data",)),
    Mutant("appendix-title-drifts", "analysis/publish/appendix/workforce.py",
           'return theme_appendix(ctx, p["measures"], "Workforce", LEAD).add(',
           'return theme_appendix(ctx, p["measures"], "Workforce figures", LEAD).add(',
           "the workbook's appendix no longer holds the tables its notebook shows",
           (T + "test_notebook.py::test_a_notebook_shows_exactly_the_tables_of_its_appendix_in_"
            "the_workbook",)),
    Mutant("budget-tables-unsaid", "analysis/publish/appendix/budgets.py",
           "    without = [c for c in councils if not council_tables(data, c, year)]",
           "    without = []",
           "a council whose papers print no budget tables is not said (a prefix matched its "
           "neighbour's name)",
           (T + "test_publish.py::test_a_council_with_no_budget_tables_is_said",)),
    Mutant("mode-0600", "analysis/atomic.py",
           "os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)",
           "os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)",
           "outputs written 0600",
           (T + "test_atomic.py::test_outputs_get_the_usual_mode_not_0600",)),
    Mutant("leftovers-kept", "analysis/atomic.py",
           'if m and (m.group("pid") is None or not pid_alive(int(m.group("pid")))):',
           "if False:",
           "temporary files of killed writers never removed",
           (T + "test_atomic.py::test_leftovers_of_dead_writers_are_removed_and_a_live_"
            "writers_kept",)),
    Mutant("parquet-in-place", "analysis/dataset/build.py",
           "write_parquet(indicators, staged / Settings.from_env().indicators_parquet.name)",
           "write_parquet(indicators, Path(out_dir) / Settings.from_env().indicators_parquet.name)",
           "the parquet written in place, not in the staged set",
           (T + "test_atomic.py::test_a_killed_build_leaves_the_old_set_and_the_next_build_"
            "cleans_up",)),
    Mutant("csv-newline-unquoted", "analysis/dataset/csv_files.py",
           """pc.match_substring_regex(text, '[,"\\n]')""",
           """pc.match_substring_regex(text, '[,"]')""",
           "a cell holding a line break is written unquoted",
           (T + "test_csv_files.py::test_any_frame_of_these_kinds_gets_the_bytes_of_to_csv",)),
    Mutant("csv-zero-signless", "analysis/dataset/csv_files.py",
           "bits = values.view(np.int64)", "bits = values",
           "-0.0 written as 0.0 (distinct values told apart by equality)",
           (T + "test_csv_files.py::test_floats_are_formatted_once_per_distinct_value_and_put_"
            "back_in_place",)),
    Mutant("sorted-by-paper-only", "analysis/dataset/clean.py",
           'SORT_KEYS = ["paper_id", "source_line", "figure_id"]', 'SORT_KEYS = ["paper_id"]',
           "the processed rows ordered by paper only, so their order follows the raw files'",
           (T + "test_clean.py::test_raw_rows_in_any_order_clean_to_the_same_tables",)),
    Mutant("finding-least-serious", "analysis/audit/findings.py",
           'top = max(checks, key=lambda check: VERDICTS.index(check["verdict"]))',
           'top = min(checks, key=lambda check: VERDICTS.index(check["verdict"]))',
           "a finding takes its least serious check's verdict",
           (T + "test_audit.py::test_a_finding_takes_its_first_most_serious_check_and_every_"
            "place_once",
            T + "test_audit.py::test_each_real_finding_is_as_serious_as_its_most_serious_check")),
    Mutant("bound-difference-dropped", "analysis/audit/rule.py",
           '        if not ok:\n            return Outcome("discrepancy", difference)',
           '        if not ok:\n            return Outcome("discrepancy", 0.0)',
           "a figure beyond its printed bound is judged without its difference",
           (T + "test_audit.py::test_a_figure_beyond_its_printed_bound_keeps_its_difference",)),
    Mutant("versions-last-worst", "analysis/audit/rule.py",
           "return max(outcomes, key=lambda o:", "return max(outcomes[::-1], key=lambda o:",
           "of two equally bad versions, the later one is reported",
           (T + "test_audit.py::test_of_versions_that_differ_equally_the_first_printed_is_"
            "reported",)),
    Mutant("ci-skips", "tests/conftest.py",
           'return "fail", "CI is set but the " + MISSING_PAPERS',
           'return "skip", "CI is set but the " + MISSING_PAPERS',
           "papers tests skip under CI",
           (T + "test_provenance.py::test_a_papers_test_under_ci_without_the_papers_fails_in_a_"
            "real_run",)),
    Mutant("hypothesis-random", "tests/conftest.py",
           'settings.register_profile("ci", derandomize=True,',
           'settings.register_profile("ci", derandomize=False,',
           "the CI Hypothesis profile is random",
           (T + "test_provenance.py::test_hypothesis_runs_a_derandomised_profile_under_ci",)),
    # ---- the red team's round-three survivors: each rule a reader relies on
    Mutant("provenance-neighbour-line", "analysis/sources/provenance.py",
           'elif record["raw"] not in lines[n - 1]:',
           'elif record["raw"] not in " ".join(lines[max(n - 2, 0):n + 1]):',
           "provenance accepts the raw text on a neighbouring line",
           (T + "test_provenance.py::test_a_figure_cited_one_line_off_is_not_on_its_line",)),
    Mutant("history-five-years", "analysis/compare/select.py",
           "HISTORICAL_YEARS = 3", "HISTORICAL_YEARS = 5",
           "figures up to five years old count as current",
           (RULES + "test_a_figure_more_than_three_years_old_is_history",)),
    Mutant("part-year-thirty-days", "analysis/compare/select.py",
           "PART_YEAR_DAYS = 330", "PART_YEAR_DAYS = 30",
           "only a period under a month is part of a year",
           (RULES + "test_eight_months_of_a_year_are_part_of_a_year",)),
    Mutant("no-points-margin", "analysis/compare/ratings.py",
           'MARGIN_POINTS = Decimal("1")', 'MARGIN_POINTS = Decimal("0")',
           "the rating margin for percentage-point figures dropped",
           (RULES + "test_a_gap_within_precision_and_one_point_is_similar",)),
    Mutant("last-direction-word", "analysis/parse/word_figures.py",
           'found = words.DIRECTION.search(words.BOUND_PHRASES.sub(" ", text.lower()))',
           'found = ([None] + list(words.DIRECTION.finditer(words.BOUND_PHRASES.sub(" ", '
           'text.lower()))))[-1]',
           "the later of two direction words sets a figure's direction",
           (RULES + "test_the_first_direction_word_of_a_figure_sets_its_direction",)),
    Mutant("out-guard-one-level", "analysis/guards.py",
           "if resolved == folder or resolved.is_relative_to(folder):",
           "if resolved == folder or resolved.parent == folder:",
           "the output guard checks only one folder level",
           (T + "test_guards.py::test_a_folder_deep_in_data_raw_is_protected_at_any_depth",
            T + "test_guards.py")),
    Mutant("out-overwrites-users-file", "analysis/guards.py",
           "if not force and first_line(path) != header:", "if False:",
           "an output file the command did not write is replaced without --force",
           (T + "test_guards.py::test_an_existing_file_of_the_users_is_refused_unless_forced",)),
    Mutant("candidates-whole-line-cues", "analysis/curate/spans.py",
           "    lo = max(0, start - PREFIX_REACH)", "    lo = 0",
           "the words before each figure read from the start of its line (quadratic)",
           (T + "test_candidates.py::test_a_line_of_many_figures_is_read_in_linear_work",)),
    Mutant("form-feed-a-line", "analysis/sources/papers.py",
           'lines = text.split("\\n")', "lines = text.splitlines()",
           "a form feed counts as a line of its own",
           (T + "test_papers.py",)),
    # ---- reading a figure in its sentence, any council (issue 26)
    Mutant("regional-is-england", "analysis/parse/authorities.py",
           "found.update({n: region for n in REGIONAL if region})",
           "found.update({n: ENGLAND for n in REGIONAL if region})",
           "'regional' read as England, not the paper council's region",
           (T + "test_reading.py::test_regional_is_the_papers_own_region_and_national_is_"
            "england",)),
    Mutant("county-anywhere", "analysis/parse/authorities.py",
           "self.region_of(named) == region\n",
           "True\n",
           "another council's 'the county' read in any region's paper",
           (T + "test_reading.py::test_a_common_noun_alias_of_a_council_elsewhere_is_not_that_"
            "council",)),
    Mutant("comparison-year-kept", "analysis/curate/period_cues.py",
           "    return bool(COMPARISON.search(before))",
           "    return False",
           "the year a comparison names taken as the figure's",
           (T + "test_reading.py::test_up_on_a_year_names_the_comparison_not_the_figure",
            T + "test_reading.py::test_last_years_figure_does_not_take_the_comparisons_year")),
    Mutant("forward-span-current", "analysis/curate/period_cues.py",
           'return None, "", f"a forward span (\'{m.printed}\'): give its years"',
           'return in_force, in_force.label if in_force else "", "forward"',
           "a forward span given the period in force",
           (T + "test_reading.py::test_a_forward_span_is_never_the_current_year",)),
    Mutant("target-governs-all", "analysis/curate/value_cues.py",
           "        if i is not None:\n            out.add(i)",
           "        if i is not None:\n            out |= set(range(len(figures)))",
           "a target cue makes a target of every figure in the sentence",
           (T + "test_reading.py::test_a_target_makes_a_target_only_of_the_figure_it_governs",)),
    Mutant("own-figure-benchmark", "analysis/curate/value_cues.py",
           'elif kinds[i] == "benchmark":',
           'elif "England" in text or kinds[i] == "benchmark":',
           "the council's own figure beside the England average made a benchmark",
           (T + "test_reading.py::test_the_councils_figure_beside_the_england_average_is_its_"
            "actual",)),
    Mutant("no-staffing-ratio", "analysis/curate/nonfigures.py",
           '("staffing ratio", re.compile(r"(?<![\\d:.])\\b\\d{1,2}:\\d\\b(?![\\d:])")),',
           '("staffing ratio", re.compile(r"(?!x)x")),',
           "staffing ratios proposed as figures",
           (T + "test_reading.py::test_non_figures_go_to_the_non_figures_file_with_their_reason",)),
    Mutant("unit-word-ignored", "analysis/curate/unit_words.py",
           "    if word:\n        return UNIT_OF_WORD",
           "    if False:\n        return UNIT_OF_WORD",
           "a bare number no longer takes the unit word printed after it",
           (T + "test_reading.py::test_each_number_in_a_list_takes_its_own_unit_word",)),
    Mutant("no-childrens-scope", "analysis/curate/rows.py",
           "        return CHILDRENS_SCOPE",
           '        return ""',
           "children's figures proposed as adult social care",
           (T + "test_reading.py::test_childrens_figures_are_proposed_with_the_childrens_"
            "services_scope",)),
    Mutant("any-council-name", "analysis/curate/drafting.py",
           "        council = registered_council(council, authorities, councils_csv)",
           "        council = council",
           "--council takes any name",
           (T + "test_candidates.py::test_an_unregistered_council_is_refused_with_close_"
            "matches_and_how_to_register_it",)),
    Mutant("non-figures-scanned-whole", "analysis/curate/nonfigures.py",
           "        return [self[k] for k in sorted(found)]",
           "        return list(self)",
           "every non-figure look-up reads every marked stretch of the line (quadratic)",
           (T + "test_candidates.py::test_a_line_of_many_figures_is_read_in_linear_work",)),
    # ---- the change log (issue 27)
    Mutant("no-change-forgets-log", "analysis/runner/changelog.py",
           'if changes.empty and base.log.get("status") == "compared" and carry',
           'if changes.empty and base.log.get("status") == "unavailable" and carry',
           "a rerun with nothing changed replaces the change log with an empty one",
           (T + "test_changes.py::test_a_rerun_with_no_change_leaves_changes_csv_as_it_was",)),
    Mutant("revised-as-relabelled", "analysis/publish/changes.py",
           'if old["value"] != new["value"]:\n            out.append(_row("revised", new, '
           'old["display"], new["display"]))\n    elif',
           'if old["value"] != new["value"]:\n            out.append(_row("relabelled", new, '
           'old["display"], new["display"]))\n    elif',
           "a new value of the same printed figure is not called revised",
           (T + "test_changes.py::test_a_changed_value_is_listed_as_revised",)),
    Mutant("banner-unescaped", "analysis/publish/changes_page.py",
           'f"of {html.escape(since)}</strong> ({html.escape(_counts(changes))}): "',
           'f"of {since}</strong> ({html.escape(_counts(changes))}): "',
           "an appendix's change banner not escaped",
           (T + "test_changes.py::test_the_change_pages_escape_every_text_from_the_data",)),
    Mutant("facts-unchecked", "analysis/runner/changelog.py",
           "if sha256(path) != recorded:", "if False:",
           "a damaged facts.csv is compared as if it were the previous set's",
           (T + "test_changes.py::test_a_previous_set_that_cannot_be_compared_with_says_so",)),
    Mutant("keeps-two-sets", "analysis/atomic.py",
           "kept_versions(folder)[-newest:]", "kept_versions(folder)[-2:]",
           "ASC_KEEP_SETS ignored: only the live set and the one before are kept",
           (T + "test_changes.py::test_only_the_last_sets_are_kept",
            T + "test_changes.py::test_older_sets_beyond_asc_keep_sets_are_removed")),
    Mutant("keeps-every-set", "analysis/atomic.py",
           "kept_versions(folder)[-newest:]", "kept_versions(folder)",
           "no report set is ever removed: scheduled runs fill the disk",
           (T + "test_changes.py::test_older_sets_beyond_asc_keep_sets_are_removed",)),
    # ---- the dataset's label classes, round three (issue 25, issue 28)
    Mutant("money-sign-on-every-measure", "analysis/dataset/row_rules.py",
           'if value_type == "change" or sign not in MAGNITUDE_SIGNS or value == 0:',
           'if value_type == "change" or sign == "signed" or value == 0:',
           "a money sign convention turns a measure whose sign is 'as printed'",
           (T + "test_clean.py::test_each_rule_of_a_row_names_itself_in_the_flags_or_the_reason",)),
    Mutant("money-sign-on-a-rate-allowed", "analysis/dataset/catalogue.py",
           '(df["sign"].isin(MAGNITUDE_SIGNS) & ~df["unit"].isin(MONEY_UNITS), "sign",',
           '(df["sign"].isin(MAGNITUDE_SIGNS) & df["unit"].isin([]), "sign",',
           "the catalogue accepts a money sign convention on a growth rate",
           (LC + "test_a_money_convention_on_a_rate_is_refused_naming_the_row",)),
    Mutant("quartile-words-always-top-first", "analysis/parse/word_figures.py",
           'number = 5 - place if quartile_order == "bottom_first" else place',
           "number = place",
           "a quartile in words ignores its measure's order",
           (LC + "test_every_quartile_row_is_numbered_in_its_measures_stated_order",)),
    Mutant("quartile-order-optional", "analysis/dataset/catalogue.py",
           '((df["unit"] == "quartile") & (df["quartile_order"] == ""), "quartile_order",',
           '((df["unit"] == "quartile") & False, "quartile_order",',
           "a quartile measure need not say which way its quartiles run",
           (LC + "test_a_quartile_order_missing_from_a_quartile_measure_is_refused",)),
    Mutant("trailing-bound-ignored", "analysis/parse/figures.py",
           "    if found is None or qualifier is not None:\n        return qualifier, rest",
           "    if True:\n        return qualifier, rest",
           "'41% and above' is read as 41%, not as a bound",
           (LC + "test_a_bound_is_a_qualifier_on_its_own_number",)),
    Mutant("upwards-of-unread", "analysis/parse/figure_words.py",
           '    ("upwards of", "over"), ("as much as", "up to"), ("as many as", "up to"),',
           '    ("as many as", "up to"),',
           "'upwards of' and 'as much as' are not read as bounds",
           (LC + "test_a_bound_is_a_qualifier_on_its_own_number",)),
    Mutant("qualifier-on-the-attached-share", "analysis/parse/figures.py",
           "        chosen = attached._replace(direction=direction, flags=tuple(",
           "        chosen = attached._replace(qualifier=qualifier, direction=direction, "
           "flags=tuple(",
           "in 'just over 2,000 (9%)' the 'over' is put on the 9%",
           (LC + "test_a_bound_is_a_qualifier_on_its_own_number",)),
    Mutant("words-bound-dropped", "analysis/parse/word_figures.py",
           "    lower, upper = bounds(qualifier, value, None, None)",
           "    lower, upper = None, None",
           "'over half' carries no lower bound",
           (LC + "test_a_bound_is_a_qualifier_on_its_own_number",)),
    Mutant("touching-roundings-join", "analysis/dataset/observations.py",
           'agree = (pairs["value"] - pairs["value_b"]).abs() <= np.maximum(\n'
           '        pairs["precision"] + pairs["precision_b"] - eps, eps)',
           'agree = (pairs["value"] - pairs["value_b"]).abs() <= (\n'
           '        pairs["precision"] + pairs["precision_b"] + eps)',
           "two estimates whose roundings only touch (24% and 25%) are one observation",
           (LC + "test_two_reports_estimates_for_different_spans_are_two_observations",)),
    Mutant("changes-joined-across-spans", "analysis/dataset/observations.py",
           '    spans = pairs["undated"] | pairs["undated_b"] | (pairs["value_type"] != "change")',
           "    spans = True",
           "a stated change is joined to one over another span",
           (LC + "test_two_equal_changes_over_different_spans_are_two_observations",)),
    Mutant("projection-kept-as-change", "analysis/dataset/row_rules.py",
           '    if value_type != "change" or period.end <= year.end:',
           "    if True:",
           "a change to 2025 in a 2017 paper stays a change",
           (LC + "test_a_projected_rise_is_a_projection_not_a_change",)),
    Mutant("money-scale-cut-short-read", "analysis/parse/figures.py",
           "found = words.SCALE_LIKE.match(after) or (money and "
           "words.MONEY_SCALE_LIKE.match(after))",
           "found = words.SCALE_LIKE.match(after)",
           "'£3.4 mill' is read as £3.40",
           (LC + "test_a_real_sum_with_its_scale_cut_short_is_rejected_with_the_word",)),
    Mutant("range-scale-on-upper-only", "analysis/parse/figures.py",
           "    lo_factor = hi_factor if number.scale == 1.0 else number.scale",
           "    lo_factor = number.scale",
           "'£5-7m' is read as £5 to £7m",
           (LC + "test_five_to_seven_million_is_five_to_seven_million",)),
    Mutant("bare-number-a-percent", "analysis/dataset/row_rules.py",
           '    if fig.unit is None and measure["unit"] in SIGNED_UNITS and not hinted:',
           "    if False:",
           "a bare count under a percent measure is stored as a percentage",
           (LC + "test_a_real_bare_count_under_a_percent_measure_is_rejected_naming_both",)),
    Mutant("weeks-as-days", "analysis/parse/figure_words.py",
           'DAYS_IN = {"weeks": 7.0}', 'DAYS_IN = {"weeks": 1.0}',
           "a wait printed in weeks is stored as that many days",
           (LC + "test_a_wait_printed_in_weeks_is_stored_in_days",)),
    Mutant("versions-across-units", "analysis/audit/versions.py",
           '"period", "value_type", "unit"]', '"period", "value_type"]',
           "18% and 275,000 jobs are compared as two versions of one figure",
           (T + "test_golden.py",)),
    Mutant("in-every-unread", "analysis/parse/figure_words.py",
           'r"eight|nine)\\s+in\\s+(?:every\\s+)?"', 'r"eight|nine)\\s+in\\s+"',
           "'four in every 10' is read as the bare 10, a percentage by its hint",
           (LC + "test_four_in_every_ten_is_forty_percent_not_ten",)),
    Mutant("paper-councils-unchecked", "analysis/sources/registers.py",
           "    if not bad:\n        return\n",
           "    if True:\n        return\n",
           "papers.csv's council column not checked against councils.csv",
           (T + "test_clean.py::test_a_paper_of_an_unregistered_council_names_its_row_and_"
            "close_matches",)),
    Mutant("month-range-split", "analysis/curate/period_cues.py",
           '    ("month_range", re.compile(',
           '    ("month_range_off", re.compile(r"(?!x)x" +',
           "'October to December 2023' read as December alone",
           (T + "test_reading.py::test_a_range_of_months_is_one_period",)),
    Mutant("change-list-actual", "analysis/curate/value_cues.py",
           "                and CHANGE_LIST.match(text[figures[i - 1][1]:s]):",
           "                and False:",
           "'rise by 5.5% for home care and 6%': the second read as an actual",
           (T + "test_reading.py::test_a_list_after_a_change_verb_is_a_list_of_changes",)),
    Mutant("structure-counted", "analysis/curate/nonfigures.py",
           'r"\\b(?:into|in|of|has|had|with|',
           'r"\\b(?:(?!x)x|',
           "'structured into four sections' proposed as a figure",
           (T + "test_reading.py::test_the_parts_of_a_document_or_meeting_are_not_figures",)),
    Mutant("colon-period-taken-before", "analysis/curate/period_cues.py",
           "                and not LABELS.match(text, found[k].end):",
           "                and True:",
           "'71.2% (2022/23: 68.9%)': the labelled period taken by the figure before it",
           (T + "test_reading.py::test_a_period_with_a_colon_labels_the_figure_after_it",)),
    Mutant("points-not-a-change", "analysis/curate/unit_words.py",
           '        return "percentage_points"  # \'3 percentage points higher',
           '        return "count"  # \'3 percentage points higher',
           "'3 percentage points higher' proposed as a count",
           (T + "test_reading.py::test_percentage_points_printed_after_a_bare_number_make_a_"
            "change_in_points",)),
    Mutant("later-clause-without-period", "analysis/curate/period_cues.py",
           '            out.append((out[j][0], out[j][1], "its sentence\'s period"))',
           '            out.append((None, "", ""))',
           "a figure of a later clause left without its sentence's period",
           (T + "test_reading.py::test_a_figure_of_a_later_clause_takes_its_sentences_period",)),
    Mutant("compared-rate-unit-lost", "analysis/curate/unit_words.py",
           "    if compared and not counted:\n        return compared",
           "    if False:\n        return compared",
           "a bare number compared with a rate stays a count",
           (T + "test_reading.py::test_a_bare_number_compared_with_a_rate_takes_its_unit",)),
    Mutant("rate-of-another-number", "analysis/curate/unit_words.py",
           "    if counted and rate and re.search(",
           "    if False and re.search(",
           "a count whose sentence prints another number's rate made a rate",
           (T + "test_reading.py::test_a_count_keeps_its_noun_when_the_sentences_rate_is_another_"
            "numbers",)),
    Mutant("name-not-tied-by-verb", "analysis/curate/authority_cues.py",
           "            if LEADS.match(text[end:end + 40]):",
           "            if False:",
           "'Suffolk achieved 84%': the name read as the figure's before it",
           (T + "test_reading.py::test_a_benchmarks_noun_and_a_name_tied_by_its_verb",)),
    Mutant("previous-year-in-force", "analysis/curate/period_cues.py",
           "        before = year_before(in_force)\n",
           "        before = in_force\n",
           "'the previous year' read as the figure's own year",
           (T + "test_reading.py::test_the_year_before_is_the_year_before_the_figures",)),
    Mutant("change-on-year-taken", "analysis/curate/period_cues.py",
           "    return _is_comparison(text, m, ends[j]) or _change_on(text, *figures[j], m)",
           "    return _is_comparison(text, m, ends[j])",
           "the year a change is measured on taken as the figure's",
           (T + "test_reading.py::test_the_year_a_change_is_measured_on_is_the_comparisons",)),
    Mutant("from-always-earlier", "analysis/curate/rows.py",
           'if re.match(r"from\\b", sp.raw, re.I) and changes_from(text, at[i]) else',
           'if re.match(r"from\\b", sp.raw, re.I) else',
           "every 'from' figure read as a change's earlier level",
           (T + "test_reading.py::test_the_year_a_change_is_measured_on_is_the_comparisons",)),
    Mutant("part-without-period", "analysis/curate/period_cues.py",
           "        elif i and out[i - 1][1] and PART_OF.search(",
           "        elif False and PART_OF.search(",
           "'of whom 310' left without the period of its whole",
           (T + "test_reading.py::test_a_part_takes_the_period_of_its_whole",)),
    Mutant("further-is-actual", "analysis/curate/value_cues.py",
           "        elif i and FURTHER.search(text[max(0, s - 30):s]):",
           "        elif False:",
           "'a further £4.0m' read as an actual",
           (T + "test_reading.py::test_a_further_amount_takes_the_value_type_of_the_one_before",)),
    Mutant("find-phrase-only", "analysis/compare/search.py",
           "    score = score.combine(word_scores(query, measures, everything), max)\n",
           "",
           "explore.find matches only the whole phrase, not an analyst's words in any order",
           (T + "test_explore.py::test_find_takes_a_policy_analysts_words",)),
    # ---- issue 25: every statement on a page supported by the papers
    Mutant("marker-on-every-period", "analysis/compare/select.py",
           '    return ind["period_end"] == ind.groupby(key)["period_end"].transform("max")',
           '    return ind["period_end"] == ind["period_end"]',
           "a dashboard row's arrow shown beside the row's older figure too",
           (ST + "test_the_2023_24_direct_payments_figure_does_not_carry_the_2024_25_arrow",
            ST + "test_a_dashboard_marker_is_shown_only_beside_the_newest_figure_of_its_row")),
    Mutant("history-says-nothing-older", "analysis/publish/appendix/theme.py",
           "    if older.empty:\n        return [first + \" The papers",
           "    if True:\n        return [first + \" The papers",
           "the history section says no older figures are printed when they are",
           (ST + "test_the_history_section_names_the_older_figures_the_papers_print",)),
    Mutant("period-correction-called-garbled", "analysis/compare/frame.py",
           'r"(?<!period )\\bcorrected \\("', 'r"\\bcorrected \\("',
           "a re-read period called a corrected (garbled) figure",
           (ST + "test_a_period_correction_is_not_called_a_corrected_figure",)),
    Mutant("catalogue-note-unmarked", "analysis/compare/frame.py",
           '    caveats = [tool_note(note)] if note and "framework" not in note else []',
           '    caveats = [note] if note and "framework" not in note else []',
           "a catalogue note shown as if a paper said it",
           (ST + "test_catalogue_notes_on_a_page_are_marked_as_the_tools_own",)),
    Mutant("newest-from-any-figure", "analysis/publish/data.py",
           "                 & kinds.isin(OUTCOME_KINDS)]",
           "                 ]",
           "the newest figure taken from an administrative count",
           (ST + "test_the_newest_figure_is_an_outcome_or_activity_figure",)),
    Mutant("profile-newest-paper-not-period", "analysis/publish/appendix/profile.py",
           'rows.sort_values(["period_end", "meeting_date", "source_line"])',
           'rows.sort_values(["meeting_date", "source_line"])',
           "the profile's newest figure is the newest paper's, not the newest period's",
           (ST + "test_a_profile_shows_the_figure_for_the_newest_period_printed",)),
    Mutant("viewer-markup-raw", "analysis/publish/viewer.py",
           "        out = pattern.sub(replacement, out)", "        out = out",
           "the conversion's <p> and ** shown raw in the paper viewer",
           (PG + "test_the_viewer_reads_the_conversions_markup_as_what_it_stands_for",)),
    Mutant("alt-text-as-caption", "analysis/publish/plots.py",
           '    shown = html.escape(caption or alt.split(". ")[0], quote=True)',
           "    shown = text",
           "a chart's alt text repeated as a visible paragraph",
           (PG + "test_alt_text_is_not_repeated_as_a_visible_paragraph",)),
    Mutant("series-drops-breakdown", "analysis/compare/trend.py",
           "    rows = whole_or_only_breakdown(rows)",
           '    rows = rows[rows["breakdown"] == ""]',
           "the profile chart leaves out the breakdown figure its comparison lists",
           (PG + "test_the_profile_chart_plots_every_figure_its_comparison_lists",)),
    Mutant("newer-figure-not-rated", "analysis/compare/frame.py",
           '    if not rated.get("rating") or rated["benchmark_period"] != newer["period"]:',
           "    if True:",
           "a newer figure beside a benchmark of its own year only listed",
           (CX + "test_a_newer_figure_beside_a_benchmark_of_its_own_year_is_rated_not_only_"
            "listed",)),
    Mutant("questions-unranked", "analysis/publish/appendix/data_quality.py",
           '    found = found.sort_values(["_score", "finding"], ascending=[False, True], '
           'kind="mergesort")',
           '    found = found.sort_values(["finding"], kind="mergesort")',
           "questions for officers in finding order, not by what is at stake",
           (CX + "test_questions_for_officers_are_one_finding_each_ranked_by_what_is_at_stake",)),
    Mutant("reasons-split-by-spelling", "analysis/publish/appendix/data_quality.py",
           '    key = reason.str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)',
           "    key = reason",
           "rejection reasons that differ only in spelling counted apart",
           (CX + "test_rejection_reasons_that_differ_only_in_spelling_are_one_reason",)),
    Mutant("board-budgets-current", "analysis/publish/appendix/safeguarding.py",
           '    old = (data.newest - boards["period_end"]).dt.days > HISTORICAL_YEARS * 365.25',
           '    old = (data.newest - boards["period_end"]).dt.days > 99 * 365.25',
           "the 2017/18 board budgets shown as current",
           (CX + "test_old_safeguarding_board_budgets_are_marked_as_history",)),
]


def copy_repo(dest: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / "data" / "processed").mkdir(parents=True, exist_ok=True)


def environment(copy: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ASC_RAW_DIR", "ASC_PROCESSED_DIR", "ASC_REPORTS_DIR", "CI")}
    sys.path.insert(0, str(ROOT))
    from analysis.settings import Settings
    papers = next((d for d in Settings.from_env().paper_dirs()
                   if d.is_dir() and any(d.glob("*.txt"))), None)
    if papers is not None:  # the copy has no ../shared/papers beside it
        env["ASC_PAPERS_DIR"] = str(papers.resolve())
    env["PYTHONPATH"] = str(copy)
    env[MARKER] = str(copy)  # inherited by every process a run starts, kernels included
    return env


def stop_leftovers(env: dict) -> int:
    """Kill every process still carrying this run's marker; returns how many there were.

    Kernels start in sessions of their own (jupyter_client), so killing the pytest session
    misses them, and under a subreaper their parent poller never sees the parent go.
    """
    tag = f"{MARKER}={env[MARKER]}".encode()
    stopped = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if int(proc.name) == os.getpid() or tag not in (proc / "environ").read_bytes():
                continue
            os.kill(int(proc.name), signal.SIGKILL)
            stopped += 1
        except (OSError, ValueError):
            continue
    return stopped


def pytest(copy: Path, env: dict, tests: tuple[str, ...]) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header",
           "-o", "addopts=", *tests]
    # In a session of its own, so whatever a mutant leaves running (an orphaned worker, say:
    # the very fault some mutants bring back) is killed with it afterwards.
    proc = subprocess.Popen(cmd, cwd=copy, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=PER_MUTANT_SECONDS)
    except subprocess.TimeoutExpired:
        out, code = "timed out", -1
    else:
        code = proc.returncode
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        stop_leftovers(env)
    tail = (out.strip().splitlines() or [""])[-1]
    return code, tail


def run_mutant(m: Mutant, copy: Path, env: dict) -> tuple[str, str]:
    target = copy / m.path
    if not target.exists():
        return "stale", f"{m.path} no longer exists"
    text = target.read_text(encoding="utf-8")
    found = text.count(m.old)
    if found == 0:
        return "stale", "old text not found"
    if found > 1:
        return "ambiguous", f"old text found {found} times"
    target.write_text(text.replace(m.old, m.new), encoding="utf-8")
    try:
        code, tail = pytest(copy, env, m.tests)
    finally:
        target.write_text(text, encoding="utf-8")
    if code == -1:
        return "killed", "the tests did not finish (a hang counts as caught)"
    if code in (1, 2):  # tests failed, or the mutation broke collection
        return "killed", tail
    if code == 0:
        return "survived", tail
    return "error", f"pytest exit {code}: {tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these mutants (by name)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--keep", action="store_true", help="keep the copy (prints its path)")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.name:26s} {m.path}: {m.description}")
        return 0
    copy = Path(tempfile.mkdtemp(prefix="mutants-"))
    try:
        copy_repo(copy)
        env = environment(copy)
        needed = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
        code, tail = pytest(copy, env, needed)
        if code != 0:
            print(f"The tests fail before any mutation ({tail}); fix them first.")
            return 2
        results = []
        for m in chosen:
            start = time.perf_counter()
            status, detail = run_mutant(m, copy, env)
            results.append(status)
            print(f"{status:9s} {m.name:26s} {time.perf_counter() - start:6.1f}s  "
                  f"{m.description} [{detail}]", flush=True)
        killed, survived = results.count("killed"), results.count("survived")
        others = len(results) - killed - survived
        score = killed / (killed + survived) if killed + survived else 0.0
        print(f"\nmutation score: {killed}/{killed + survived} killed ({score:.0%})"
              + (f"; {others} stale, ambiguous or in error (see above)" if others else ""))
        return 0 if survived == 0 and others == 0 else 1
    finally:
        if args.keep:
            print(f"copy kept at {copy}")
        else:
            shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
