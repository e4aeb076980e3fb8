"""The processed data as notebooks and exploration read it: one loader, one staleness rule.

``load_data`` rebuilds the processed set (with its audit) when it is missing or older than any
raw file, then reads the live version of the set once: a later call reads the same frames
again until the set is replaced, so a kernel reads the parquet once however many calls it makes,
and a rebuild elsewhere is picked up on the next call. The frames are shared between calls:
like every function here, callers never change them in place.

>>> from analysis.settings import Settings
>>> data = load_data(Settings.from_env())
>>> data.label("wf_turnover_rate"), data.paper_name("leicester-2025-04-30")
('Staff turnover rate', 'Leicester Adult Social Care Scrutiny Commission, 30 Apr 2025')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..atomic import live
from ..settings import AUDIT_CSV, INDICATORS_PARQUET, Settings
from .params import (
    BENCHMARKS,
    COMMON,
    as_list,
    canonical_choices,
    canonical_period,
    check_measures,
)

AUDIT, INDICATORS = AUDIT_CSV, INDICATORS_PARQUET


@dataclass(frozen=True)
class Data:
    """The indicators, the measure catalogue, the audit's checks, the rejected rows, the
    corrections applied and the paper registry, as one consistent set."""

    ind: pd.DataFrame
    measures: pd.DataFrame
    audit: pd.DataFrame
    rejects: pd.DataFrame
    corrections: pd.DataFrame
    registry: pd.DataFrame
    paper_dirs: tuple[Path, ...] = ()  # where the papers' texts are looked for
    assessments: pd.DataFrame = field(default_factory=pd.DataFrame)  # the CQC's, step by step

    @property
    def newest(self) -> pd.Timestamp:
        """The meeting date of the newest paper."""
        return pd.Timestamp(self.registry["meeting_date"].max())

    @property
    def newest_figure(self) -> pd.Timestamp:
        """The end of the newest period an outcome or activity figure covers
        (:func:`newest_figure`)."""
        return newest_figure(self.ind, self.measures)

    def label(self, measure_id: str) -> str:
        return self.measures.set_index("measure_id").loc[measure_id, "label"]

    def paper_name(self, paper_id: str) -> str:
        from ..sources.citations import paper_name
        return paper_name(paper_id, self.registry)

    def paper_of_file(self, file_name: str) -> str:
        return self.registry.set_index("file_name").loc[file_name, "paper_id"]

    def locations_of(self, figure_id: str) -> str:
        """'paper:line' of a figure, or '' for one not in the indicators (still rejected)."""
        rows = self.ind[self.ind["figure_id"] == figure_id]
        if rows.empty:
            return ""
        r = rows.iloc[0]
        return f"{r['paper_id']}:{r['source_line']}"

    def check_measures(self, where: str, ids: list[str]) -> None:
        """A ParameterError naming any of ``ids`` not in the catalogue, and close matches."""
        check_measures(where, ids, set(self.measures["measure_id"]),
                       "explore.find('words') searches labels and definitions.")

    @property
    def authorities(self) -> tuple[str, ...]:
        """Every authority a call may name: the registered councils, the benchmarks and
        partnerships the papers are read for, and any other the data holds."""
        from ..parse.authorities import CANONICAL
        return tuple(dict.fromkeys([*self.registry["council"], *CANONICAL,
                                    *sorted(set(self.ind["authority"]))]))

    def series(self, measure: str, authorities: list[str] | None = None,
               where: str = "series") -> pd.DataFrame:
        """One observation per period per authority of ``measure`` (default: every authority
        that prints it), with framework, part-year and vintage breaks marked in ``segment``
        (:func:`analysis.compare.trend.series`)."""
        from ..compare.trend import series
        self.check_measures(where, [measure])
        who = canonical_choices(where, "authorities", as_list(authorities), self.authorities) \
            if authorities else sorted(set(self.ind.loc[self.ind["measure_id"] == measure,
                                                        "authority"]))
        return series(self.ind, self.measures, measure, who, self.registry)

    def compare(self, measures: list[str], authorities: list[str] | None = None,
                benchmarks: list[str] | None = None, period: str = "latest",
                where: str = "compare") -> pd.DataFrame:
        """The comparison frame (:func:`analysis.compare.frame.comparison_frame`) of these
        measures, councils (default: every registered council), benchmarks (default: England
        and East Midlands) and period ('latest', or a period such as '2023/24' or '2023-24'),
        each checked and spelt as the data spells it."""
        from ..compare.frame import comparison_frame
        self.check_measures(where, list(measures))
        councils = tuple(dict.fromkeys(self.registry["council"]))
        authorities = canonical_choices(where, "authorities", as_list(authorities)
                                        or sorted(councils), councils)
        benchmarks = canonical_choices(where, "benchmarks", COMMON["benchmarks"].default
                                       if benchmarks is None else as_list(benchmarks),
                                       tuple(BENCHMARKS))
        return comparison_frame(self.ind, self.measures, list(dict.fromkeys(measures)),
                                authorities, benchmarks, canonical_period(where, "period", period),
                                self.audit, self.registry, self.question_numbers())

    def question_numbers(self) -> dict[str, str]:
        """Each finding asked as a question for officers, and its number ('F297' -> 'Q03'), as
        the data-quality page lists them; {} without an audit."""
        if self.audit is None or self.audit.empty:
            return {}
        from ..audit import finding_table
        from .appendix.data_quality import questions_table
        table = questions_table(self, finding_table(self.audit)).data
        return {f.strip(): q for q, found in zip(table["question"], table["finding"], strict=True)
                for f in found.split(",")}

    def paper_lines(self, locations: str) -> str:
        """Audit locations ('file.txt:12;file.txt:40') as 'paper:line' locations."""
        return ";".join(f"{self.paper_of_file(f)}:{n}" for f, n in (
            item.rsplit(":", 1) for item in locations.split(";")))


OUTCOME_KINDS = ("outcome", "process", "activity")  # the catalogue's kinds of service figure


def newest_figure(ind: pd.DataFrame, measures: pd.DataFrame) -> pd.Timestamp:
    """The end of the newest period an observed figure of a service outcome or activity
    covers (the catalogue's kinds ``OUTCOME_KINDS``): not a target, forecast or budget, not
    another service the papers report, not an administrative count (the cases chosen for an
    inspection, a plan's milestones: the catalogue's kind ``administrative``) whose date says
    nothing of how new the figures are, and not a period the dataset inferred."""
    kinds = ind["measure_id"].map(dict(zip(measures["measure_id"], measures["kind"],
                                           strict=True)))
    # a period the dataset inferred (a year to date ending at the meeting) cannot date the set
    levels = ind[ind["value_type"].isin(["actual", "benchmark"])
                 & (ind["period_kind"] != "undated") & (ind["scope"] == "adult social care")
                 & kinds.isin(OUTCOME_KINDS)
                 & ~ind["flags"].str.contains("inferred period", regex=False)]
    return levels["period_end"].max()


def stale(processed: Path, raw: Path) -> bool:
    """The one rule for rebuilding: the processed set is missing, or older than a raw file."""
    built = live(processed) / INDICATORS
    if not built.exists():
        return True
    newest = max((p.stat().st_mtime for p in Path(raw).rglob("*") if p.is_file()), default=0)
    return built.stat().st_mtime < newest


def load_data(settings: Settings) -> Data:
    """The processed set of ``settings``, rebuilt first when ``stale``."""
    if stale(settings.processed_dir, settings.raw_dir):
        from ..audit import audit_of_build
        from ..dataset.build import build
        build(settings, derived={AUDIT: audit_of_build})
    return _read(live(settings.processed_dir), settings)


def reload() -> None:
    """Forget what was read, so the next ``load_data`` reads the files again."""
    _read.cache_clear()


@functools.lru_cache(maxsize=2)
def _read(version: Path, settings: Settings) -> Data:
    """One version of the processed set; a set built without its audit is audited here."""
    from ..audit import audit
    from ..dataset.catalogue import load_measures
    from ..sources.assessments import load_assessments
    from ..sources.papers import load_registry

    ind = pd.read_parquet(version / INDICATORS)
    registry = load_registry(settings.papers_csv)
    checks = pd.read_csv(version / AUDIT, keep_default_na=False) if (version / AUDIT).exists() \
        else audit(ind, settings=settings)
    return Data(ind, load_measures(settings.measures_csv), checks,
                pd.read_csv(version / "rejects.csv", keep_default_na=False),
                pd.read_csv(settings.corrections_csv, keep_default_na=False),
                registry, tuple(settings.paper_dirs()),
                load_assessments(settings.raw_dir / "assessments.csv", registry))
