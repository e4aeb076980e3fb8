"""The measure catalogue: definitions, units, polarity and the ASCOF crosswalk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..tables_io import ROW_COLUMN, read_csv_checked, validate
from .schemas import MAGNITUDE_SIGNS, MEASURE_COLUMNS, MEASURES_SCHEMA, MONEY_UNITS

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
    for bad, column, problem, fix in (
            ((df["rate_measure"] != "") & ~df["rate_measure"].isin(df["measure_id"]),
             "rate_measure", "rate_measure '{rate_measure}' is not a measure id",
             "Name the measure that prints this count per head of population."),
            (df["sign"].isin(MAGNITUDE_SIGNS) & ~df["unit"].isin(MONEY_UNITS), "sign",
             "sign '{sign}' is a convention for money, but {measure_id} is in {unit}",
             "Use 'as printed' (or 'signed', with the sign explained in the definition): a "
             "growth rate's minus is its meaning."),
            ((df["quartile_of"] != "") & ~df["quartile_of"].isin(df["measure_id"]),
             "quartile_of", "quartile_of '{quartile_of}' is not a measure id",
             "Name the measure whose national quartile {measure_id} is, as measures.csv spells "
             "it, or leave quartile_of empty."),
            ((df["quartile_of"] != "") & (df["unit"] != "quartile"), "quartile_of",
             "{measure_id} names quartile_of '{quartile_of}' but its unit is {unit}, not quartile",
             "Set quartile_of only on a measure in quartiles, or leave it empty."),
            ((df["mistaken_for"] != "") & ~df["mistaken_for"].isin(df["measure_id"]),
             "mistaken_for", "mistaken_for '{mistaken_for}' is not a measure id",
             "Name the measure whose name the papers also use for {measure_id}'s figures, as "
             "measures.csv spells it, or leave mistaken_for empty."),
            ((df["unit"] == "quartile") & (df["quartile_order"] == ""), "quartile_order",
             "{measure_id} is a quartile but does not say which way its quartiles run",
             "Set quartile_order to top_first (1 is the top quartile) or bottom_first.")):
        if bad.any():
            row = df[bad].iloc[0]
            raise DataError(path, problem.format(**row), row=int(row[ROW_COLUMN]), column=column,
                            fix=fix.format(**row))
    return df


def ascof_crosswalk(measures: pd.DataFrame) -> pd.DataFrame:
    """ASCOF measures with their code in each framework. Join years on ``measure_id``, never on
    the code: codes were renumbered between the 2016/17 and 2023/24 frameworks."""
    ascof = measures.loc[(measures["ascof_2016"] != "") | (measures["ascof_2023"] != ""),
                         ["measure_id", "label", "ascof_2016", "ascof_2023", "comparability"]]
    return ascof.reset_index(drop=True)
