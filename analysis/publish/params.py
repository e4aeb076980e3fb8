"""Notebook parameters: one typed schema per notebook, checked before any kernel starts.

Papermill only warns about a parameter a notebook does not declare; here an unknown name, a
wrong type, an unknown authority, benchmark, measure or period is an error that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import AnalysisError
from ..parse.authorities import CANONICAL
from ..parse.periods import Period, parse_period
from ..settings import Settings

COUNCILS = ["Leicester", "Leicestershire"]
# Set (to "1") when a notebook runs headless for an appendix or a test: tables are then static
# HTML, the same on every run; unset in JupyterLab, where they can be sorted and searched.
STATIC_TABLES = "ASC_STATIC_TABLES"
MAX_ITEMS = 200  # a list parameter longer than any real choice is a mistake, and slow
MAX_TEXT = 100   # characters in a text parameter
CLOSE = 60       # out of 100: a weaker fuzzy match is more noise than help
BENCHMARKS = [a for a in CANONICAL if a not in COUNCILS]


class ParameterError(AnalysisError):
    """A notebook parameter is unknown, of the wrong type or out of range."""


@dataclass(frozen=True)
class Param:
    kind: type
    default: Any
    help: str
    item: type | None = None
    choices: tuple[str, ...] = ()


COMMON = {
    "authorities": Param(list, COUNCILS, "councils to compare", str, tuple(COUNCILS)),
    "benchmarks": Param(list, ["England", "East Midlands"], "benchmarks to show beside them",
                        str, tuple(BENCHMARKS)),
    "period": Param(str, "latest", "'latest', or a period such as 2023/24 or 2016/17"),
}

NOTEBOOKS: dict[str, dict[str, Param]] = {
    "00_briefing": COMMON,
    "05_explore": COMMON | {
        "measure": Param(str, "wf_turnover_rate", "the measure to profile: its id, or '' to "
                         "profile the best match of search"),
        "search": Param(str, "turnover", "words to look measures up by (label, definition or "
                        "ASCOF code)")},
    "10_workforce": COMMON | {
        "measures": Param(list, [
            "wf_posts_total", "wf_filled_posts", "wf_vacancies", "wf_vacancy_rate",
            "wf_turnover_rate", "wf_relevant_qualification_share", "wf_zero_hours_share",
            "wf_female_share", "wf_average_age", "wf_sickness_days_per_worker",
            "wf_hourly_pay"],
            "workforce measures to compare", str)},
    "20_reablement": COMMON | {
        "measures": Param(list, [
            "ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge",
            "delayed_transfers_asc", "reab_people_supported", "reab_long_term_care_after_share",
            "reab_crisis_response_on_time_share"],
            "reablement measures to compare", str)},
    "30_budgets": COMMON | {
        "budget_year": Param(str, "2025/26", "the budget year of the service-line tables")},
    "40_safeguarding": COMMON | {
        "measures": Param(list, [
            "safeguarding_risk_reduced_or_removed", "ascof_feel_safe",
            "ascof_services_made_feel_safe", "sg_alerts", "sg_alerts_per_100k", "sg_enquiries",
            "sg_concluded_enquiries", "sg_conversion_rate", "sg_enquiries_substantiated_share"],
            "safeguarding measures to compare", str)},
    "50_other": COMMON | {
        # the county's demand figures are printed beside its peer group's (002:766-779)
        "benchmarks": Param(list, ["England", "East Midlands", "Peer group"],
                            "benchmarks to show beside them", str, tuple(BENCHMARKS)),
        "measures": Param(list, [
            "ascof_direct_payments_users", "ascof_direct_payments_carers",
            "ascof_permanent_admissions_18_64", "ascof_permanent_admissions_65_plus",
            "assessment_waiting_count", "assessment_waiting_over_6_months",
            "assessment_waiting_over_6_months_share", "assessment_waiting_over_28_days_share",
            "allocation_waiting_count", "assessment_wait_days_average", "annual_review_share",
            "ascof_self_directed_support_users", "ascof_self_directed_support_carers",
            "contacts_new",
            "contacts_new_per_100k", "contacts_received", "requests_for_support",
            "ltc_people_supported_per_100k",
            "ltc_residential_share", "complaints_formal", "complaints_upheld",
            "ombudsman_cases", "ombudsman_cases_upheld", "ombudsman_uphold_rate",
            "complaints_informal_contacts", "commendations_received"],
            "other adult social care measures to compare", str)},
    "90_data_quality": COMMON | {
        "show_passed": Param(bool, False, "also list checks that passed")},
}


def column_of(path, name: str) -> list[str] | None:
    """One column of a raw CSV read plainly (no schema: fast enough for a run that turns out
    to have nothing to do), or None when the file or column is not as expected; the build,
    which runs before any notebook, validates the file and says what is wrong."""
    import csv

    try:
        with open(path, newline="", encoding="utf-8") as f:
            return [row[name] for row in csv.DictReader(f)]
    except (OSError, KeyError, UnicodeDecodeError, csv.Error):
        return None


def registered_councils(settings: Settings | None = None) -> tuple[str, ...]:
    """The councils whose papers are registered (papers.csv of the settings' raw folder, the
    environment's unless given)."""
    papers_csv = (settings or Settings.from_env()).papers_csv
    councils = column_of(papers_csv, "council")
    if councils is None:
        from ..sources.papers import load_registry
        councils = list(load_registry(papers_csv)["council"])  # the error naming the fault
    return tuple(dict.fromkeys(councils))


def known_measures(settings: Settings | None = None) -> set[str]:
    """The measure ids of measures.csv (the settings' raw folder, the environment's unless
    given)."""
    measures_csv = (settings or Settings.from_env()).measures_csv
    ids = column_of(measures_csv, "measure_id")
    if ids is None:
        from ..dataset.catalogue import load_measures
        ids = list(load_measures(measures_csv)["measure_id"])
    return set(ids)


def defaults(notebook: str) -> dict[str, Any]:
    """The default value of every parameter of ``notebook``."""
    return {name: p.default for name, p in _schema(notebook).items()}


def _schema(notebook: str) -> dict[str, Param]:
    if notebook not in NOTEBOOKS:
        raise ParameterError(f"Unknown notebook '{notebook}'. Choose one of: "
                             f"{', '.join(NOTEBOOKS)}.")
    return NOTEBOOKS[notebook]


def as_list(values: str | list[str] | None) -> list[str]:
    """A name given alone as a list of one: ``as_list("Leicester") == ["Leicester"]``."""
    return [values] if isinstance(values, str) else list(values or [])


def close_matches(text: str, choices: list[str], limit: int = 5) -> list[str]:
    """The choices nearest to ``text`` (fuzzy, any case), best first; none that are far off.

    >>> close_matches("Leicestr", ["Leicester", "Leicestershire", "England"])
    ['Leicester', 'Leicestershire']
    """
    from rapidfuzz import process, utils
    return [m for m, _, _ in process.extract(text, choices, limit=limit, score_cutoff=CLOSE,
                                             processor=utils.default_process)]


def canonical_choices(where: str, name: str, values: list[str],
                      choices: tuple[str, ...]) -> list[str]:
    """Each of ``values`` as the choice it names, in any case or spacing ('leicester' is
    'Leicester'), repeats dropped; a ParameterError names the unknown ones and close matches.

    >>> canonical_choices("explore", "authorities", ["leicester ", "Leicester"], ("Leicester",))
    ['Leicester']
    """
    folded = {" ".join(c.split()).casefold(): c for c in choices}
    found = [v if v in choices else folded.get(" ".join(v.split()).casefold()) for v in values]
    wrong = [v for v, c in zip(values, found, strict=True) if c is None]
    if wrong:
        near = [f"{w!r}: {', '.join(close)}" for w in wrong
                if (close := close_matches(w, list(choices)))]
        raise ParameterError(f"{where}: '{name}' has unknown value(s) "
                             f"{', '.join(map(repr, wrong))}. "
                             + (f"Close matches: {'; '.join(near)}. " if near else "")
                             + f"Choose from: {', '.join(choices)}.")
    return list(dict.fromkeys(found))


def canonical_period(where: str, name: str, value: str) -> str:
    """A period in the one spelling the data uses ('2025-26' is '2025/26'), or 'latest'.

    >>> canonical_period("explore", "period", "2023-24")
    '2023/24'
    """
    if value == "latest":
        return value
    period = parse_period(value)
    if not isinstance(period, Period):
        raise ParameterError(f"{where}: parameter '{name}' = {value!r} is not a period; write "
                             "e.g. '2023/24', '2016/17' or 'latest'.")
    return period.label


def check_measures(where: str, ids: list[str], known: set[str], hint: str) -> None:
    """A ParameterError naming the measure ids not in the catalogue, their close matches and
    ``hint`` (what to do instead)."""
    wrong = [m for m in ids if m not in known]
    if wrong:
        close = close_matches(wrong[0], sorted(known))
        raise ParameterError(f"{where}: unknown measure id(s) {', '.join(wrong)}. "
                             + (f"Close matches: {', '.join(close)}; " if close else "")
                             + hint)


def _checked(notebook: str, name: str, p: Param, value: Any) -> Any:
    """One parameter's value, type and bounds checked, lists without repeats."""
    if p.kind is bool and not isinstance(value, bool):
        raise ParameterError(f"{notebook}: parameter '{name}' must be true or false, not "
                             f"{value!r}.")
    if not isinstance(value, p.kind):
        raise ParameterError(f"{notebook}: parameter '{name}' must be a {p.kind.__name__} "
                             f"({p.help}), not {type(value).__name__} {value!r}.")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ParameterError(f"{notebook}: parameter '{name}' is {len(value)} characters "
                             f"long; at most {MAX_TEXT} are allowed ({p.help}).")
    if p.item is None:
        return value
    if len(value) > MAX_ITEMS:
        raise ParameterError(f"{notebook}: parameter '{name}' has {len(value)} items; "
                             f"at most {MAX_ITEMS} are allowed ({p.help}).")
    bad = [v for v in value if not isinstance(v, p.item)]
    if bad:
        raise ParameterError(f"{notebook}: every item of '{name}' must be a "
                             f"{p.item.__name__}; {bad[0]!r} is not.")
    if p.choices:
        return canonical_choices(notebook, name, value, p.choices)
    return list(dict.fromkeys(value))


def validate(notebook: str, known_measures: set[str] | None = None, **values: Any) -> dict:
    """All parameters of ``notebook`` (defaults filled in) in their canonical form, or a
    ParameterError naming the first bad one and what would be accepted. Lists lose repeated
    items; councils and benchmarks are spelt as the data spells them ('leicester' is
    'Leicester'); periods are written the one way the data writes them ('2025-26' is
    '2025/26')."""
    schema = _schema(notebook)
    unknown = sorted(set(values) - set(schema))
    if unknown:
        raise ParameterError(f"{notebook}: unknown parameter(s) {', '.join(unknown)}. "
                             f"It takes: {', '.join(schema)}.")
    schema = schema | {"authorities": Param(list, COUNCILS, "councils to compare", str,
                                            registered_councils())}
    given = defaults(notebook) | values
    out = {name: _checked(notebook, name, p, given[name]) for name, p in schema.items()}
    if not out["authorities"]:
        raise ParameterError(f"{notebook}: 'authorities' is empty; name at least one of "
                             f"{', '.join(registered_councils())}.")
    for name in ("period", "budget_year"):
        if name in out:
            out[name] = canonical_period(notebook, name, out[name])
    if "measure" in out and known_measures is not None:
        if not out["measure"] and not out["search"].strip():
            raise ParameterError(f"{notebook}: give a measure id or some search words; both "
                                 "are empty.")
        if out["measure"]:
            check_measures(notebook, [out["measure"]], known_measures,
                           "or set measure = '' and search for words in its label.")
    if "measures" in out and known_measures is not None:
        check_measures(notebook, out["measures"], known_measures, "see data/raw/measures.csv.")
    return out


def parse_cli_value(text: str) -> Any:
    """A `-p NAME VALUE` value as papermill reads it: YAML-ish literals, else a string."""
    import yaml  # papermill depends on PyYAML

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text
