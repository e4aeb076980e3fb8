"""The register of each council's CQC assessment as its papers report it (``assessments.csv``).

One row per step a paper reports (notified, site visit, draft report, publication, rating),
with its status as printed (done, planned, awaited), when it happened or is due, the date the
paper reports it at, and the paper, line and words it is printed in. A step is context, not a
figure: it is never rated. The provenance check finds every row's words on its cited line, and
its 'as at' date on ``as_at_line`` (a minuted meeting's date) where that is set.

>>> from analysis.settings import Settings
>>> steps = load_assessments(Settings().raw_dir / "assessments.csv")
>>> steps.loc[steps["stage"] == "site visit", ["council", "when"]].values.tolist()
[['Leicester', 'Feb 2025'], ['Leicestershire', 'week of 24 Feb 2025']]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..tables_io import ROW_COLUMN, read_csv_checked, validate

ASSESSMENT_COLUMNS = ["council", "stage", "status", "when", "as_at", "as_at_line", "paper_id",
                      "line", "raw"]
# In the order the CQC's assessment of a council runs.
STAGES = ["notified", "information return", "site visit", "initial feedback", "draft report",
          "factual accuracy check", "report", "publication", "rating"]
STATUSES = ["done", "in progress", "planned", "expected", "awaited", "embargoed"]

ASSESSMENTS_SCHEMA = pa.DataFrameSchema(
    {"council": pa.Column(str, pa.Check.str_length(min_value=1)),
     "stage": pa.Column(str, pa.Check.isin(STAGES)),
     "status": pa.Column(str, pa.Check.isin(STATUSES)),
     "when": pa.Column(str),
     "as_at": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
     "as_at_line": pa.Column(str, pa.Check.str_matches(r"^(\d+)?$")),
     "paper_id": pa.Column(str, pa.Check.str_length(min_value=1)),
     "line": pa.Column(str, pa.Check.str_matches(r"^[1-9]\d*$")),
     "raw": pa.Column(str, pa.Check.str_length(min_value=1))},
    strict="filter", name="assessments")


def load_assessments(path: Path, registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """assessments.csv, validated, in stage order per council; with ``registry``, each row's
    paper must be registered and be its council's own. The file is required (a header alone
    means no steps): without it a page would say the papers report nothing."""
    path = Path(path)
    df = validate(ASSESSMENTS_SCHEMA, read_csv_checked(path, ASSESSMENT_COLUMNS, keep_row=True),
                  path)
    if registry is not None:
        council_of = registry.set_index("paper_id")["council"]
        for row in df.to_dict("records"):
            if row["paper_id"] not in council_of:
                raise DataError(path, f"paper '{row['paper_id']}' is not in papers.csv",
                                row=int(row[ROW_COLUMN]), column="paper_id",
                                fix="Use a paper_id from data/raw/papers.csv.")
            if council_of[row["paper_id"]] != row["council"]:
                raise DataError(path, f"'{row['paper_id']}' is {council_of[row['paper_id']]}'s "
                                f"paper, not {row['council']}'s", row=int(row[ROW_COLUMN]),
                                column="council",
                                fix="Record a council's assessment from its own papers.")
    df["as_at"] = pd.to_datetime(df["as_at"])
    df["order"] = df["stage"].map(STAGES.index)
    return df.sort_values(["council", "as_at", "order"], kind="stable").reset_index(drop=True)


def as_at_words(when: pd.Timestamp) -> list[str]:
    """The words a line giving the date ``when`` prints: its day and its month's name.

    >>> as_at_words(pd.Timestamp("2025-03-13"))
    ['13', 'March']
    """
    return [str(when.day), when.strftime("%B")]
