"""Notebook parameters are checked before any kernel starts, with messages that name them."""

from __future__ import annotations

import pytest

from analysis.publish.params import (
    MAX_ITEMS,
    NOTEBOOKS,
    ParameterError,
    defaults,
    parse_cli_value,
    validate,
)


@pytest.mark.parametrize("notebook", list(NOTEBOOKS))
def test_defaults_are_valid(notebook):
    assert validate(notebook) == defaults(notebook)


@pytest.mark.parametrize(("values", "message"), [
    ({"authorites": ["Leicester"]}, r"unknown parameter\(s\) authorites"),
    ({"authorities": "Leicester"}, r"'authorities' must be a list"),
    ({"authorities": ["Atlantis"]}, r"'authorities' has unknown value\(s\) 'Atlantis'"),
    ({"authorities": []}, r"'authorities' is empty"),
    ({"benchmarks": ["Wales"]}, r"'benchmarks' has unknown value"),
    ({"period": "sometime"}, r"'period' = 'sometime' is not a period"),
    ({"period": 2023}, r"'period' must be a str"),
    ({"measures": ["wf_nonsense"]}, r"unknown measure id\(s\) wf_nonsense"),
    ({"authorities": ["Leicester\"); import os; os.remove('x')  #"]}, "unknown value"),
])
def test_bad_parameters_are_refused_with_a_message_naming_them(values, message):
    with pytest.raises(ParameterError, match=message):
        validate("10_workforce", known_measures={"wf_vacancy_rate"}, **values)


def test_boolean_parameter_must_be_a_boolean():
    with pytest.raises(ParameterError, match="'show_passed' must be true or false"):
        validate("90_data_quality", show_passed="yes")


def test_unknown_notebook_is_refused():
    with pytest.raises(ParameterError, match="Unknown notebook '99_x'"):
        validate("99_x")


@pytest.mark.parametrize(("text", "value"), [
    ("2016/17", "2016/17"), ("[Leicester]", ["Leicester"]), ("true", True),
    ('["East Midlands"]', ["East Midlands"]), ("latest", "latest"),
])
def test_command_line_values_are_read_like_papermill_reads_them(text, value):
    assert parse_cli_value(text) == value


# ---------------------------------------------------------------- canonical values and bounds
@pytest.mark.parametrize(("name", "given", "canonical"), [
    ("budget_year", "2025-26", "2025/26"), ("budget_year", "2025/2026", "2025/26"),
    ("period", "2016-17", "2016/17"), ("period", "latest", "latest"),
])
def test_a_period_is_returned_in_the_one_spelling_the_data_uses(name, given, canonical):
    assert validate("30_budgets", **{name: given})[name] == canonical


def test_the_runner_passes_the_canonical_spelling_to_the_notebook():
    from analysis.runner.plan import resolve
    assert resolve(["30_budgets"], {"budget_year": "2025-26"})["30_budgets"]["budget_year"] \
        == "2025/26"


def test_repeated_list_items_are_dropped_keeping_the_order():
    out = validate("10_workforce", known_measures={"wf_vacancy_rate", "wf_turnover_rate"},
                   authorities=["Leicestershire", "Leicester", "Leicestershire"],
                   measures=["wf_vacancy_rate", "wf_turnover_rate", "wf_vacancy_rate"])
    assert out["authorities"] == ["Leicestershire", "Leicester"]
    assert out["measures"] == ["wf_vacancy_rate", "wf_turnover_rate"]


def test_a_list_parameter_has_an_upper_bound_with_a_clear_message():
    known = {f"m{i}" for i in range(2000)}
    assert len(validate("10_workforce", known_measures=known,
                        measures=[f"m{i}" for i in range(MAX_ITEMS)])["measures"]) == MAX_ITEMS
    with pytest.raises(ParameterError, match=rf"'measures' has 2000 items; at most {MAX_ITEMS}"):
        validate("10_workforce", known_measures=known, measures=sorted(known))


def test_a_text_parameter_has_an_upper_bound():
    with pytest.raises(ParameterError, match="'period' is 5000 characters long"):
        validate("10_workforce", period="2" * 5000)


def test_a_council_or_benchmark_in_another_case_is_written_as_the_data_writes_it():
    out = validate("10_workforce", authorities=["leicestershire", " Leicester", "LEICESTER"],
                   benchmarks=["east midlands"])
    assert out["authorities"] == ["Leicestershire", "Leicester"]
    assert out["benchmarks"] == ["East Midlands"]


def test_a_misspelt_council_is_refused_naming_the_close_matches():
    with pytest.raises(ParameterError, match=r"'authorities' has unknown value\(s\) 'Leicstr'. "
                                             r"Close matches: 'Leicstr': Leicester"):
        validate("10_workforce", authorities=["Leicstr"])
