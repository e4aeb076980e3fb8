"""The project root and every data and report path, in one place."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# Overridable for scheduled runs on other data and for tests at scale; notebooks run by the
# report runner inherit them.
RAW = Path(os.environ.get("ASC_RAW_DIR", DATA / "raw"))
PROCESSED = Path(os.environ.get("ASC_PROCESSED_DIR", DATA / "processed"))
REPORTS = Path(os.environ.get("ASC_REPORTS_DIR", ROOT / "reports"))

PAPERS_CSV = RAW / "papers.csv"
MEASURES_CSV = RAW / "measures.csv"
TABLES_TOML = RAW / "tables.toml"
CHECKS_TOML = RAW / "checks.toml"
FIGURES_DIR = RAW / "figures"
CORRECTIONS_CSV = RAW / "corrections.csv"
SKIPS_CSV = RAW / "skips.csv"
INTERIM = DATA / "interim"  # drafts for curators to review; never read by the build

INDICATORS_PARQUET = PROCESSED / "indicators.parquet"
INDICATORS_CSV = PROCESSED / "indicators.csv"
REJECTS_CSV = PROCESSED / "rejects.csv"
AUDIT_CSV = PROCESSED / "audit.csv"

PAPERS_ENV = "ASC_PAPERS_DIR"


def paper_dirs(raw_dir: Path | None = None) -> list[Path]:
    """Where papers are looked for (``Settings.paper_dirs``, from the environment as it is now),
    with ``raw_dir`` (else RAW) as the raw folder."""
    from .settings import Settings

    return Settings.from_env().with_(raw_dir=Path(raw_dir or RAW)).paper_dirs()
