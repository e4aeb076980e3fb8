"""Notebook parameters are checked before any kernel starts, with messages that name them."""

from __future__ import annotations

import pytest

from analysis.publish.params import NOTEBOOKS, ParameterError, defaults, parse_cli_value, validate


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
