"""Processed tables to CSV, as pandas writes them: ISO dates, no index, LF line ends, quotes
only where a cell needs them.

>>> import pandas as pd
>>> frame = pd.DataFrame({"raw": ['say "hi", then go', "85.3%"], "value": [1.5, -0.0],
...                       "when": pd.to_datetime(["2024-03-31", None])})
>>> print(csv_text(frame), end="")
raw,value,when
"say ""hi"", then go",1.5,2024-03-31
85.3%,-0.0,
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OPTIONS = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}


def csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(None, **OPTIONS)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """``df`` to ``path`` as CSV (ISO dates, no index, LF line ends)."""
    df.to_csv(path, **OPTIONS)
