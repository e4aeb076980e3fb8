"""Where the data, papers and reports are: read once from the ``ASC_*`` environment, then passed.

The command line (and a notebook's first cell) builds one ``Settings`` and hands it down; no
module reads the environment at import, so a test or a scheduled run can point everything
elsewhere by building another one.

>>> s = Settings.from_env({"ASC_RAW_DIR": "/tmp/raw"})
>>> s.papers_csv, s.processed_dir == Settings().processed_dir
(PosixPath('/tmp/raw/papers.csv'), True)

The variables: ``ASC_RAW_DIR``, ``ASC_PROCESSED_DIR``, ``ASC_REPORTS_DIR``, ``ASC_PAPERS_DIR``
(folders); ``ASC_STATIC_TABLES=1`` (static tables in notebooks); ``ASC_SHARED_PAPERS=0`` (do not
look in ../shared/papers); ``ASC_KEEP_SETS`` (how many whole report sets ``reports/.versions/``
keeps, the live one among them, for ``python -m analysis changes --since``; default 5, at least
2; older ones are removed when a new set is published).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
INTERIM = DATA / "interim"  # drafts for curators to review; never read by the build
# The processed set's files, by name (each set is a folder holding these).
INDICATORS_PARQUET, INDICATORS_CSV = "indicators.parquet", "indicators.csv"
REJECTS_CSV, AUDIT_CSV = "rejects.csv", "audit.csv"

# The settings a user may change, by the environment variable that sets each.
ENV = {"raw_dir": "ASC_RAW_DIR", "processed_dir": "ASC_PROCESSED_DIR",
       "reports_dir": "ASC_REPORTS_DIR", "papers_dir": "ASC_PAPERS_DIR",
       "static_tables": "ASC_STATIC_TABLES", "shared_papers": "ASC_SHARED_PAPERS",
       "keep_sets": "ASC_KEEP_SETS"}
KEEP_SETS = 5  # whole report sets kept under reports/.versions/ by default


@dataclass(frozen=True)
class Settings:
    """Folders and switches for one run; every path the pipeline reads or writes follows."""

    raw_dir: Path = DATA / "raw"
    processed_dir: Path = DATA / "processed"
    reports_dir: Path = ROOT / "reports"
    papers_dir: Path | None = None  # looked in first, before <raw>/papers and ../shared/papers
    # Static HTML tables (appendices, tests) instead of sortable itables (JupyterLab).
    static_tables: bool = False
    # Look in ../shared/papers beside the repository too; ASC_SHARED_PAPERS=0 turns it off
    # (a test of a clone without the papers, on a machine that has them there).
    shared_papers: bool = True
    notebooks_dir: Path = NOTEBOOKS
    # Report sets kept (the live one and the newest before it), so scheduled runs do not fill
    # the disk; at least 2, so that there is always a previous set to compare with.
    keep_sets: int = KEEP_SETS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives (``os.environ`` unless told), defaults elsewhere."""
        env = os.environ if env is None else env
        found: dict = {}
        for name in ("raw_dir", "processed_dir", "reports_dir", "papers_dir"):
            if env.get(ENV[name]):
                found[name] = Path(env[ENV[name]])
        found["static_tables"] = env.get(ENV["static_tables"]) == "1"
        found["shared_papers"] = env.get(ENV["shared_papers"]) != "0"
        if env.get(ENV["keep_sets"]):
            found["keep_sets"] = keep_sets(env[ENV["keep_sets"]])
        return cls(**found)

    def with_(self, **changes) -> Settings:
        """A copy with some settings changed: ``settings.with_(reports_dir=Path("out"))``."""
        return replace(self, **changes)

    def environment(self) -> dict[str, str]:
        """These settings as ``ASC_*`` variables, for a kernel or a child process."""
        env = {ENV[name]: str(getattr(self, name))
               for name in ("raw_dir", "processed_dir", "reports_dir")}
        if self.papers_dir is not None:
            env[ENV["papers_dir"]] = str(self.papers_dir)
        if self.static_tables:
            env[ENV["static_tables"]] = "1"
        if not self.shared_papers:
            env[ENV["shared_papers"]] = "0"
        if self.keep_sets != KEEP_SETS:
            env[ENV["keep_sets"]] = str(self.keep_sets)
        return env

    # ------------------------------------------------------------------ the raw files
    @property
    def papers_csv(self) -> Path:
        return self.raw_dir / "papers.csv"

    @property
    def measures_csv(self) -> Path:
        return self.raw_dir / "measures.csv"

    @property
    def figures_dir(self) -> Path:
        return self.raw_dir / "figures"

    @property
    def corrections_csv(self) -> Path:
        return self.raw_dir / "corrections.csv"

    @property
    def skips_csv(self) -> Path:
        return self.raw_dir / "skips.csv"

    @property
    def tables_toml(self) -> Path:
        return self.raw_dir / "tables.toml"

    @property
    def checks_toml(self) -> Path:
        return self.raw_dir / "checks.toml"

    # ------------------------------------------------------------------ the processed set
    @property
    def indicators_parquet(self) -> Path:
        return self.processed_dir / INDICATORS_PARQUET

    @property
    def indicators_csv(self) -> Path:
        return self.processed_dir / INDICATORS_CSV

    @property
    def rejects_csv(self) -> Path:
        return self.processed_dir / REJECTS_CSV

    @property
    def audit_csv(self) -> Path:
        return self.processed_dir / AUDIT_CSV

    # ------------------------------------------------------------------ the papers
    def paper_dirs(self) -> list[Path]:
        """Where papers are looked for, in order: papers_dir, <raw>/papers, ../shared/papers.

        >>> Settings(raw_dir=Path("/r"), shared_papers=False).paper_dirs()
        [PosixPath('/r/papers')]
        """
        first = [self.papers_dir] if self.papers_dir is not None else []
        shared = [ROOT.parent / "shared" / "papers"] if self.shared_papers else []
        return first + [self.raw_dir / "papers"] + shared


def keep_sets(text: str) -> int:
    """``ASC_KEEP_SETS`` as a number of sets, refused unless a whole number of at least 2.

    >>> keep_sets("3")
    3
    """
    from .errors import SettingsError

    if not text.strip().isdigit() or int(text) < 2:
        raise SettingsError(f"{ENV['keep_sets']}={text!r}: give a whole number of report sets "
                            "to keep, at least 2 (the live one and the one before it), e.g. "
                            f"{ENV['keep_sets']}=5.")
    return int(text)
