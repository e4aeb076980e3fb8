"""The registers of councils and footprints (``councils.csv``, ``footprints.csv``), read strictly.

A council must be registered, with its kind, region and the names its papers use for itself,
before its papers can be: the papers' council column, ``candidates --council`` and every
authority rule read these files, never a name written in the code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..parse.authorities import FOOTPRINT_KINDS, KINDS, REGIONS, Authorities, split_aliases
from ..tables_io import ROW_COLUMN, read_csv_checked, validate

COUNCIL_COLUMNS = ["council", "kind", "region", "aliases"]
FOOTPRINT_COLUMNS = ["footprint", "kind", "aliases"]

COUNCILS_SCHEMA = pa.DataFrameSchema(
    {"council": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
     "kind": pa.Column(str, pa.Check.isin(KINDS)),
     "region": pa.Column(str, pa.Check.isin(REGIONS)),
     "aliases": pa.Column(str)},
    strict="filter", name="councils")
FOOTPRINTS_SCHEMA = pa.DataFrameSchema(
    {"footprint": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
     "kind": pa.Column(str, pa.Check.isin(FOOTPRINT_KINDS)),
     "aliases": pa.Column(str)},
    strict="filter", name="footprints")

REGISTER_HOW = ("Add a row to {path} (council, kind, region, aliases: kind one of "
                + ", ".join(KINDS) + "; region one of the nine English regions; aliases the "
                "names its papers use for itself, separated by ';'), then rerun.")


def load_councils(path: Path) -> pd.DataFrame:
    """councils.csv, one row per council; an alias naming two councils in two regions is fine
    (a paper's own council, or its region's, is meant), a council named twice is not."""
    df = validate(COUNCILS_SCHEMA, read_csv_checked(path, COUNCIL_COLUMNS, keep_row=True), path)
    for row in df.itertuples():
        if row.council.strip() != row.council:
            raise DataError(path, f"council '{row.council}' has spaces around it",
                            row=int(getattr(row, ROW_COLUMN)), column="council")
    return df.drop(columns=[ROW_COLUMN]).reset_index(drop=True)


def load_footprints(path: Path) -> pd.DataFrame:
    """footprints.csv: partnerships (LLR) and comparator groups (a peer group)."""
    return validate(FOOTPRINTS_SCHEMA, read_csv_checked(path, FOOTPRINT_COLUMNS), path)


def load_authorities(raw_dir: Path) -> Authorities:
    """The councils and footprints registered in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    footprints = raw_dir / "footprints.csv"
    return Authorities.from_frames(load_councils(raw_dir / "councils.csv"),
                                   load_footprints(footprints) if footprints.is_file() else None)


def registered_council(name: str, authorities: Authorities, councils_csv: Path) -> str:
    """The canonical name of the registered council ``name`` names, in any case or by an alias;
    an unknown or ambiguous name is refused with the close matches and how to register it.

    >>> a = Authorities.of([{"council": "Leicester", "kind": "city", "region": "East Midlands",
    ...                      "aliases": "Leicester City Council"}])
    >>> registered_council("leicester city council", a, Path("councils.csv"))
    'Leicester'
    >>> registered_council("Narnia", a, Path("councils.csv"))
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: councils.csv: no registered council is called 'Narnia'. Add a row ...
    """
    found = authorities.council(name)
    if found is not None:
        return found
    close = authorities.close_matches(name)
    if any(name.lower() == a.lower() for c in authorities.council_names
           for a in split_aliases(";".join(authorities.aliases_of(c)))):
        problem = f"'{name}' names more than one registered council ({', '.join(close)})"
        fix = "Give the council's own name."
    else:
        problem = (f"no registered council is called '{name}'"
                   + (f" (close: {', '.join(close)})" if close else ""))
        fix = REGISTER_HOW.format(path=councils_csv)
    raise DataError(councils_csv, problem, fix=fix)


def check_paper_councils(papers: pd.DataFrame, authorities: Authorities, papers_csv: Path,
                         councils_csv: Path) -> None:
    """Every paper's council (papers.csv) written as a council's own name in councils.csv; the
    first that is not is an error naming its row, the close matches and how to register it.

    >>> a = Authorities.of([{"council": "Leicester", "kind": "city", "region": "East Midlands",
    ...                      "aliases": "Leicester City Council"}])
    >>> check_paper_councils(pd.DataFrame({"council": ["Leicester"]}), a, Path("papers.csv"),
    ...                      Path("councils.csv"))
    >>> check_paper_councils(pd.DataFrame({"council": ["Leicster"]}), a, Path("papers.csv"),
    ...                      Path("councils.csv"))
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: papers.csv, row 2, column 'council': council 'Leicster' is not \
registered in councils.csv (close: Leicester). Write a registered council's own name, or add ...
    """
    names = set(authorities.council_names)
    bad = [i for i, name in enumerate(papers["council"]) if name not in names]
    if not bad:
        return
    name = papers["council"].iloc[bad[0]]
    row = _file_row(papers_csv, bad[0])
    meant = authorities.council(name)
    if meant is not None:
        raise DataError(papers_csv, f"council '{name}' is an alias of '{meant}' in "
                        f"{councils_csv.name}", row=row, column="council",
                        fix=f"Write the council's own name, '{meant}'.")
    close = authorities.close_matches(name)
    raise DataError(papers_csv, f"council '{name}' is not registered in {councils_csv.name}"
                    + (f" (close: {', '.join(close)})" if close else ""), row=row,
                    column="council", fix="Write a registered council's own name, or "
                    + REGISTER_HOW.format(path=councils_csv)[0].lower()
                    + REGISTER_HOW.format(path=councils_csv)[1:])


def _file_row(path: Path, index: int) -> int | None:
    """The file line of a CSV's ``index``-th record (a cell may span lines), None when the file
    is not there (a frame built in memory)."""
    if not Path(path).is_file():
        return index + 2
    from ..sources.papers import REGISTRY_COLUMNS
    return int(read_csv_checked(path, REGISTRY_COLUMNS, keep_row=True)[ROW_COLUMN].iloc[index])
