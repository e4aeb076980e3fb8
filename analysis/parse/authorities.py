"""Whose figure it is: authority names as printed, read against the registered councils.

Councils are data (``data/raw/councils.csv``: name, kind, region and the names a paper uses for
itself) and so are partnerships and comparator groups (``data/raw/footprints.csv``). What is not
data is England's geography: "national" means England, and "regional" means the region of the
council whose paper it is.

>>> authorities = Authorities.of([
...     {"council": "Leicester", "kind": "city", "region": "East Midlands",
...      "aliases": "Leicester City Council;the city;LCC"},
...     {"council": "Leicestershire", "kind": "county", "region": "East Midlands",
...      "aliases": "the county;LCC"},
...     {"council": "Rotherham", "kind": "metropolitan borough",
...      "region": "Yorkshire and The Humber", "aliases": "Rotherham MBC;the borough"}])
>>> authorities.canonical("LCC", "Leicestershire"), authorities.canonical("the county", "Leicester")
('Leicestershire', 'Leicestershire')
>>> authorities.canonical("regional average", "Rotherham")
'Yorkshire and The Humber'
>>> authorities.canonical("the council's", "Rotherham"), authorities.canonical("nationally", "")
('Rotherham', 'England')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the registers arrive as frames; reading a name needs no pandas
    import pandas as pd

REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West")
KINDS = ("city", "county", "unitary", "metropolitan borough", "london borough", "district")
FOOTPRINT_KINDS = ("comparator group", "partnership")
ENGLAND = "England"

# How papers name England and a region (the paper's own council's region), and themselves.
# 'the national rate', 'the England figure': a benchmark's noun after its name.
BENCHMARK_NOUNS = ("average", "rate", "figure", "level", "mean", "median", "position",
                   "performance", "benchmark", "value", "result", "comparator", "picture")
NATIONAL = ("england", "national", "nationally", "nat. ave.", "nat. ave", "nat ave",
            "all england", *(f"{the}{name} {noun}" for the in ("", "the ")
                             for name in ("national", "england") for noun in BENCHMARK_NOUNS))
REGIONAL = ("region", "regional", "regionally", "the region", "region's",
            *(f"{the}regional {noun}" for the in ("", "the ") for noun in BENCHMARK_NOUNS))
REGION_ALIASES = {"em": "East Midlands", "yorkshire and humber": "Yorkshire and The Humber",
                  "yorkshire & the humber": "Yorkshire and The Humber",
                  "yorkshire and the humber": "Yorkshire and The Humber",
                  "east of england": "East of England", "eastern region": "East of England"}
OWN = ("our", "the council", "the council's", "council's", "this council", "the authority",
       "the local authority", "this authority")


# Words that name no place: an alias made only of these ('the Council', 'City Council', 'we')
# is a council's word for itself, so in another council's paper it names that paper's council.
COMMON_WORDS = {"the", "council", "city", "county", "borough", "district", "authority",
                "metropolitan", "unitary", "new", "local", "we", "our", "us"}


def is_common_noun(alias: str) -> bool:
    """Whether an alias names no place ('the County Council', 'Council'), so it cannot name a
    council outside that council's own papers but by its kind ('the county' in a city's paper).

    >>> is_common_noun("City Council"), is_common_noun("the county"), is_common_noun("SBC")
    (True, True, False)
    """
    return alias[:1].islower() or set(key(alias).split()) <= COMMON_WORDS


def key(name: str) -> str:
    """A name as compared: case, spacing and curly apostrophes folded.

    >>> key("  The  County’s ")
    "the county's"
    """
    return re.sub(r"\s+", " ", str(name).replace("’", "'")).strip().lower()


def split_aliases(text: str) -> list[str]:
    """'a; b;;c' as ['a', 'b', 'c']."""
    return [a.strip() for a in str(text or "").split(";") if a.strip()]


@dataclass(frozen=True)
class Authorities:
    """The registered councils and footprints, and how each is named."""

    councils: tuple[dict, ...]
    footprints: tuple[dict, ...] = ()

    @classmethod
    def of(cls, councils: Iterable[dict], footprints: Iterable[dict] = ()) -> Authorities:
        return cls(tuple(dict(c) for c in councils), tuple(dict(f) for f in footprints))

    @classmethod
    def from_frames(cls, councils: pd.DataFrame, footprints: pd.DataFrame | None = None
                    ) -> Authorities:
        rows = [] if footprints is None else footprints.to_dict("records")
        return cls.of(councils.to_dict("records"), rows)

    def with_councils(self, councils: Iterable[dict]) -> Authorities:
        """These authorities with more councils registered for one run (a council already
        registered under the same name is replaced), the register on disk untouched."""
        extra = [dict(c) for c in councils]
        names = {c["council"] for c in extra}
        return Authorities(tuple(c for c in self.councils if c["council"] not in names)
                           + tuple(extra), self.footprints)

    # ------------------------------------------------------------ names
    # Read once per row of a build: made once, as the registers cannot change.
    @cached_property
    def council_names(self) -> tuple[str, ...]:
        return tuple(c["council"] for c in self.councils)

    @cached_property
    def footprint_names(self) -> tuple[str, ...]:
        return tuple(f["footprint"] for f in self.footprints)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Every canonical authority: councils, England, the regions, the footprints."""
        return (*self.council_names, ENGLAND, *REGIONS, *self.footprint_names)

    @cached_property
    def benchmarks(self) -> tuple[str, ...]:
        """Authorities a council is compared against: England, regions, comparator groups."""
        return (ENGLAND, *REGIONS, *(f["footprint"] for f in self.footprints
                                     if f["kind"] == "comparator group"))

    @cached_property
    def _canonical(self) -> frozenset[str]:
        return frozenset(self.names)

    def kind_of_council(self, council: str | None) -> str | None:
        """A registered council's kind (city, county, ...), or None."""
        return next((c["kind"] for c in self.councils if c["council"] == council), None)

    def region_of(self, council: str | None) -> str | None:
        return next((c["region"] for c in self.councils if c["council"] == council), None)

    def kind_of(self, authority: str) -> str:
        """'council', 'benchmark' or 'partnership' for a canonical authority name."""
        if authority in self.council_names:
            return "council"
        if authority in self.benchmarks:
            return "benchmark"
        return "partnership"

    def aliases_of(self, council: str) -> list[str]:
        """The names a paper may use for ``council``, its own name first."""
        row = next(c for c in self.councils if c["council"] == council)
        return [council, *split_aliases(row.get("aliases", ""))]

    def _owners(self, name: str) -> list[str]:
        """The councils one of whose names is ``name``."""
        k = key(name)
        return [c["council"] for c in self.councils
                if k in {key(a) for a in self.aliases_of(c["council"])}]

    def council(self, name: str) -> str | None:
        """The registered council ``name`` names (its own name or an alias, in any case), when
        only one council has that name."""
        owners = self._owners(name)
        return owners[0] if len(owners) == 1 else None

    def close_matches(self, name: str, limit: int = 3) -> list[str]:
        """The registered councils whose names are nearest ``name``."""
        from rapidfuzz import fuzz, process
        choices = {a: c["council"] for c in self.councils for a in self.aliases_of(c["council"])}
        found = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=limit * 3)
        return list(dict.fromkeys(choices[a] for a, score, _ in found if score >= 50))[:limit]

    # ------------------------------------------------------------ reading a printed name
    def canonical(self, name: str, paper_council: str | None = None) -> str | None:
        """The canonical name of the authority printed as ``name`` in ``paper_council``'s
        paper, or None when it is unknown or could be more than one."""
        if name in self._canonical:
            return name
        k = key(name)
        if k in NATIONAL:
            return ENGLAND
        if k in REGIONAL:
            return self.region_of(paper_council)
        if k in OWN:
            return paper_council if paper_council in self.council_names else None
        region = REGION_ALIASES.get(k) or next((r for r in REGIONS if key(r) == k), None)
        if region is not None:
            return region
        owners = self._owners(name)
        if len(owners) > 1:  # 'LCC', 'the county': the paper's own, else its region's one
            if paper_council in owners:
                return paper_council
            near = [o for o in owners if self.region_of(o) == self.region_of(paper_council)]
            return near[0] if len(near) == 1 else None
        if owners:
            return owners[0]
        return next((f["footprint"] for f in self.footprints
                     if k == key(f["footprint"])
                     or k in {key(a) for a in split_aliases(f.get("aliases", ""))}), None)

    def names_in(self, paper_council: str | None) -> dict[str, str]:
        """Every name a paper of ``paper_council`` may print for an authority, with the
        authority it names there: England's and the regions' names, 'regional' for the
        council's own region, 'our' and the council's aliases for the council, the footprints
        and every other registered council. A common-noun alias of another council names it
        only in a paper from its region, of another kind, and by its kind ('the county' in
        the city's paper); 'the Council' or 'City Council' never names another council.

        >>> a = Authorities.of([
        ...     {"council": "Leicester", "kind": "city", "region": "East Midlands",
        ...      "aliases": "the city"},
        ...     {"council": "Leicestershire", "kind": "county", "region": "East Midlands",
        ...      "aliases": "the county"}])
        >>> names = a.names_in("Leicester")
        >>> names["the county"], names["regional average"], names["our"]
        ('Leicestershire', 'East Midlands', 'Leicester')
        >>> "the county" in a.names_in("Rotherham")
        False
        >>> a = Authorities.of([
        ...     {"council": "Isle of Wight", "kind": "unitary", "region": "South East",
        ...      "aliases": "the Council"},
        ...     {"council": "Southampton", "kind": "city", "region": "South East",
        ...      "aliases": "Council;City Council"}])
        >>> names = a.names_in("Isle of Wight")
        >>> names.get("Council"), names["the Council"], names["City Council"]
        (None, 'Isle of Wight', 'Southampton')
        """
        region = self.region_of(paper_council)
        found: dict[str, str] = {n: ENGLAND for n in NATIONAL}
        found.update({n: region for n in REGIONAL if region})
        found.update({r: r for r in REGIONS})
        found.update({k: r for k, r in REGION_ALIASES.items() if k != "em"})
        for f in self.footprints:
            for name in [f["footprint"], *split_aliases(f.get("aliases", ""))]:
                found[name] = f["footprint"]
        for c in self.councils:
            for alias in self.aliases_of(c["council"]):
                named = self.canonical(alias, paper_council)
                kind = (self.kind_of_council(named) or "").split()[-1:]
                if named is None or (is_common_noun(alias) and named != paper_council and not (
                        self.region_of(named) == region and kind
                        and self.kind_of_council(named) != self.kind_of_council(paper_council)
                        and kind[0] in key(alias).split())):
                    continue
                found[alias] = named
        if paper_council in self.council_names:
            found.update({n: paper_council for n in OWN})
        return found


# ---- until publish/ reads the registers (publish/params.py, publish/data.py)
CANONICAL = [
    "Leicester", "Leicestershire", "England", "East Midlands", "Peer group", "LLR", "Rutland",
    "Leicester and Leicestershire", "Leicestershire and Rutland",
    "Single tier and county councils",
]
