"""The measure catalogue: definitions, units, polarity and the ASCOF crosswalk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..tables_io import ROW_COLUMN, read_csv_checked, validate
from .schemas import MEASURE_COLUMNS, MEASURES_SCHEMA

# Printed units that may stand for a measure's catalogue unit.
COMPATIBLE_UNITS = {
    "percent": {"percent"},
    "gbp": {"gbp"},
    "gbp_per_hour": {"gbp"},
    "count": {"count"},
    "per_100k": {"per_100k"},
    "years": {"years"},
    "days": {"days"},
    "hours": {"hours"},
    "minutes": {"minutes"},
    "ratio": set(),
    "rank": {"rank"},
    "quartile": {"quartile"},
}


def load_measures(path: Path) -> pd.DataFrame:
    """The catalogue, validated; one row per measure."""
    df = validate(MEASURES_SCHEMA, read_csv_checked(path, MEASURE_COLUMNS, keep_row=True), path)
    unknown = df[(df["rate_measure"] != "") & ~df["rate_measure"].isin(df["measure_id"])]
    if not unknown.empty:
        row = unknown.iloc[0]
        raise DataError(path, f"rate_measure '{row['rate_measure']}' is not a measure id",
                        row=int(row[ROW_COLUMN]), column="rate_measure",
                        fix="Name the measure that prints this count per head of population.")
    return df


def ascof_crosswalk(measures: pd.DataFrame) -> pd.DataFrame:
    """ASCOF measures with their code in each framework. Join years on ``measure_id``, never on
    the code: codes were renumbered between the 2016/17 and 2023/24 frameworks."""
    ascof = measures.loc[(measures["ascof_2016"] != "") | (measures["ascof_2023"] != ""),
                         ["measure_id", "label", "ascof_2016", "ascof_2023", "comparability"]]
    return ascof.reset_index(drop=True)
