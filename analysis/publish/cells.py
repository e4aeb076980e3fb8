"""Cells for spreadsheets (the workbook and the CSV exports) that no spreadsheet runs as code.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``@SUM(...)``). Such a
cell is written with a leading apostrophe, which every spreadsheet shows as text; a number,
including one printed as text ('-£1,780', '+2.5%'), is left as it is.

>>> spreadsheet_safe('=HYPERLINK("http://x","click")')
'\\'=HYPERLINK("http://x","click")'
>>> spreadsheet_safe("-£1,780,000"), spreadsheet_safe(-5.0), spreadsheet_safe("Leicester")
('-£1,780,000', -5.0, 'Leicester')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A number as the tables print it: sign, currency, thousands separators, decimals, a percent.
PRINTED_NUMBER = re.compile(r"^[-+]?[£$€]?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?%?[mk]?$")


def spreadsheet_safe(value: Any) -> Any:
    """``value``, or, for text a spreadsheet would run as a formula, that text made inert."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not PRINTED_NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every cell and column name passed through ``spreadsheet_safe``."""
    out = df.map(spreadsheet_safe)
    out.columns = [spreadsheet_safe(c) for c in out.columns]
    return out
