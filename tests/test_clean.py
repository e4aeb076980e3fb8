"""Raw figures to indicators: bad input gets a clear error naming file, row and column."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.dataset.build import build, check_paper_hashes
from analysis.dataset.clean import clean_figures, load_raw
from analysis.errors import DataError, PaperError
from analysis.settings import Settings
from analysis.sources.papers import load_registry

from .conftest import PAPERS_PRESENT, lines_of, now


def _figures_file(raw: Path) -> Path:
    return sorted((raw / "figures").glob("*-tables.csv"))[0]


def _rewrite(path: Path, edit) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")


def test_raw_rows_equal_indicators_plus_rejects():
    raw = load_raw(now().raw_dir)
    indicators, rejects = clean_figures(raw)
    assert len(raw.figures) == len(indicators) + len(rejects)
    assert set(indicators["figure_id"]).isdisjoint(rejects["figure_id"])


def test_every_reject_has_a_reason_and_its_provenance():
    _, rejects = clean_figures(load_raw(now().raw_dir))
    assert (rejects["reason"].str.len() > 0).all()
    assert (rejects["source_line"] > 0).all()


def test_missing_column_names_the_file_and_column(raw_copy):
    path = _figures_file(raw_copy)
    _rewrite(path, lambda ls: [ls[0].replace(",note", "")] + [x.rsplit(",", 1)[0] + "\n"
                                                            for x in ls[1:]])
    with pytest.raises(DataError, match=r"missing column\(s\) note") as exc:
        load_raw(raw_copy)
    assert path.name in str(exc.value)


def test_extra_column_is_an_error(raw_copy):
    path = _figures_file(raw_copy)
    _rewrite(path, lambda ls: [ls[0].rstrip("\n") + ",extra\n"] + [x.rstrip("\n") + ",\n"
                                                                  for x in ls[1:]])
    with pytest.raises(DataError, match="unexpected column"):
        load_raw(raw_copy)


def test_blank_line_names_its_row(raw_copy):
    path = _figures_file(raw_copy)
    _rewrite(path, lambda ls: ls[:3] + ["\n"] + ls[3:])
    with pytest.raises(DataError, match=r"row 4.*blank line"):
        load_raw(raw_copy)


def test_wrong_encoding_is_reported(raw_copy):
    path = _figures_file(raw_copy)
    path.write_bytes(path.read_bytes().replace("£".encode(), "£".encode("latin-1"), 1)
                     if "£".encode() in path.read_bytes() else path.read_bytes() + b"\xa3\n")
    with pytest.raises(DataError, match="not UTF-8"):
        load_raw(raw_copy)


def test_duplicate_figure_id_names_both_rows(raw_copy):
    path = _figures_file(raw_copy)
    _rewrite(path, lambda ls: ls + [ls[1]])
    with pytest.raises(DataError, match=r"duplicate figure id .*first at .* row 2"):
        load_raw(raw_copy)


def test_unknown_measure_names_row_and_column(raw_copy):
    path = _figures_file(raw_copy)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[4, "measure_id"] = "no_such_measure"
    df.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"row 6, column 'measure_id': unknown measure id "
                       r"'no_such_measure'"):
        load_raw(raw_copy)


def test_a_figure_id_not_under_its_paper_id_names_row_and_column(raw_copy):
    path = _figures_file(raw_copy)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    other = pd.read_csv(raw_copy / "papers.csv", dtype=str)["paper_id"]
    df.loc[3, "figure_id"] = other[other != df.loc[3, "paper_id"]].iloc[0] + ".p9999"
    df.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"row 5, column 'figure_id': figure id .* does not "
                       r"start with its paper id"):
        load_raw(raw_copy)


def test_unknown_authority_is_an_error(raw_copy):
    path = _figures_file(raw_copy)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "authority"] = "Atlantis"
    df.to_csv(path, index=False)
    with pytest.raises(DataError, match="unknown authority 'Atlantis'"):
        load_raw(raw_copy)


def test_correction_pointing_at_nothing_is_an_error(raw_copy):
    path = raw_copy / "corrections.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("leicester-2025-04-30.p9999,value,1,a reason,001_cda934db640e80f7.txt:1,paper\n")
    with pytest.raises(DataError, match="no figures file contains"):
        load_raw(raw_copy)


def test_changed_paper_hash_is_an_error(tmp_path, monkeypatch):
    registry = load_registry(now().papers_csv)
    row = registry.iloc[0]
    (tmp_path / row["file_name"]).write_text("not the paper\n", encoding="utf-8")
    monkeypatch.setenv("ASC_PAPERS_DIR", str(tmp_path))
    with pytest.raises(PaperError, match="re-curate its figures"):
        check_paper_hashes(registry.iloc[[0]], Settings.from_env())


def test_build_is_deterministic_and_leaves_no_temporary_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(now().with_(processed_dir=first))
    build(now().with_(processed_dir=second))
    for name in ("indicators.csv", "rejects.csv", "indicators.parquet"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert sorted(p.name for p in first.iterdir()) == [".versions", "current", "indicators.csv",
                                                       "indicators.parquet", "rejects.csv"]
    assert [p.name for p in (first / "current").iterdir() if p.name.startswith(".")] == []


def test_failed_build_keeps_earlier_outputs(tmp_path, raw_copy):
    out = tmp_path / "out"
    build(now().with_(processed_dir=out))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()
              if p.is_file()}
    _rewrite(_figures_file(raw_copy), lambda ls: ls + [ls[1]])
    with pytest.raises(DataError):
        build(now().with_(raw_dir=raw_copy, processed_dir=out))
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()
             if p.is_file()}
    assert before == after and len(before) == 3


def test_parquet_and_csv_hold_the_same_table(tmp_path):
    build(now().with_(processed_dir=tmp_path))
    pq = pd.read_parquet(tmp_path / "indicators.parquet")
    csv = pd.read_csv(tmp_path / "indicators.csv", keep_default_na=False,
                      parse_dates=["meeting_date", "period_start", "period_end"])
    assert list(pq.columns) == list(csv.columns)
    assert len(pq) == len(csv)
    pd.testing.assert_series_equal(pq["value"], csv["value"], check_names=False)
    assert (pq["figure_id"] == csv["figure_id"]).all()


def test_schema_violation_names_the_file_row_and_column(raw_copy):
    path = sorted((raw_copy / "figures").glob("*-prose.csv"))[1]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[2, "value_type"] = "guess"
    df.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        load_raw(raw_copy)
    message = str(exc.value)
    assert path.name in message and "row 4" in message and "'value_type'" in message
    assert "'guess'" in message


def test_unreadable_figure_goes_to_rejects_with_its_reason(raw_copy, tmp_path):
    path = sorted((raw_copy / "figures").glob("*-prose.csv"))[0]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    # A word printed on the cited line, so the figure still passes the provenance check.
    line = lines_of(df.loc[0, "paper_id"])[int(df.loc[0, "line"]) - 1] \
        if PAPERS_PRESENT else "lots"
    word = next(w for w in re.findall(r"[A-Za-z]{4,}", line) if w.lower() != "estimated")
    df.loc[0, "raw"] = word
    df.to_csv(path, index=False)
    result = build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path))
    reject = result.rejects.set_index("figure_id").loc[df.loc[0, "figure_id"]]
    assert reject["reason"] == f"no figure printed ('{word}')"
    assert result.raw_rows == len(result.indicators) + len(result.rejects)


def test_a_data_error_crosses_processes_whole():
    import pickle
    error = DataError("raw/figures/x.csv", "a bad cell", row=7, column="raw", fix="Fix it.")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.path, copy.row, copy.column) == (str(error), error.path, 7, "raw")


def test_raw_rows_in_any_order_clean_to_the_same_tables():
    """Indicators and rejects come out in paper, line and figure id order, whatever order the
    figure files hold the rows in."""
    raw = load_raw(now().raw_dir)
    shuffled = dataclasses.replace(
        raw, figures=raw.figures.sample(frac=1, random_state=7).reset_index(drop=True))
    for mine, theirs in zip(clean_figures(shuffled), clean_figures(raw), strict=True):
        pd.testing.assert_frame_equal(mine, theirs)


def test_an_unreadable_correction_names_its_row_figure_and_fix(raw_copy):
    path = raw_copy / "corrections.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(',value,"around 15,450",', ",value,n/a,", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        clean_figures(load_raw(raw_copy))
    message = str(caught.value)
    assert str(path) in message and "row 2" in message and "'corrected'" in message
    assert "leicester-2025-04-30.p0022" in message and "plain figure" in message


def _cleaned(rows: list[dict], corrections: pd.DataFrame | None = None):
    """Raw rows of the Leicester paper of 30 Apr 2025 (other fields as given) cleaned."""
    from analysis.dataset.clean import RawData
    from analysis.sources.figure_files import FIGURE_COLUMNS
    raw = load_raw(now().raw_dir)
    template = {c: "" for c in FIGURE_COLUMNS} | {
        "paper_id": "leicester-2025-04-30", "line": "41", "locator": "para 2.4",
        "authority": "Leicester", "measure_id": "wf_vacancies", "period": "2023/24",
        "period_source": "printed", "value_type": "actual"}
    figures = pd.DataFrame([template | {"figure_id": f"leicester-2025-04-30.p{9000 + i}"} | row
                            for i, row in enumerate(rows)], columns=FIGURE_COLUMNS)
    fixes = raw.corrections.iloc[0:0] if corrections is None else corrections
    return clean_figures(RawData(raw.papers, raw.measures, figures, fixes, raw.authorities))


def test_each_rule_of_a_row_names_itself_in_the_flags_or_the_reason():
    ind, rej = _cleaned([
        {"raw": "-0"},                                             # 0, not -0.0
        {"raw": "85%"},                                            # a percentage of a count
        {"raw": "1,400", "period": "", "line": "42"},              # no period printed
        {"raw": "2,400", "period_source": "context", "line": "43"},
        {"raw": "3,500", "period": "2025/26", "line": "44"},       # runs past the meeting
        {"raw": "-4,500", "line": "45", "measure_id": "budget_savings",
         "value_type": "budget", "unit_hint": "£000"},              # a positive amount
        {"raw": "-4,500", "line": "46"},                           # a count keeps its sign
    ])
    flags = dict(zip(ind["raw"] + "|" + ind["source_line"].astype(str), ind["flags"],
                     strict=True))
    zero = ind.loc[ind["raw"] == "-0", "value"].iloc[0]
    assert zero == 0 and math.copysign(1, zero) == 1 and flags["-0|41"] == "negative zero"
    assert rej["reason"].tolist() == ["printed in percent but measure wf_vacancies is in count; "
                                      "check the measure id or the unit_hint"]
    assert flags["1,400|42"] == "undated: the paper prints no period"
    assert flags["2,400|43"] == "inferred period"
    assert flags["3,500|44"].startswith("to date: the period runs past the paper's meeting")
    assert flags["-4,500|45"] == ("sign: printed negative, stored as a positive amount (this "
                                  "measure's convention)")
    assert ind.loc[ind["source_line"] == 45, ["value", "printed_value"]].values.tolist() == [
        [4_500_000.0, -4_500_000.0]]
    assert ind.loc[ind["source_line"] == 46, "value"].tolist() == [-4500.0]
    assert flags["-4,500|46"] == ""  # a money convention never turns a count's sign


def test_a_corrected_value_and_period_are_flagged_with_what_was_printed():
    fixes = pd.DataFrame({"figure_id": ["leicester-2025-04-30.p9000"] * 2,
                          "field": ["value", "period"], "corrected": ["15,450", "2022/23"],
                          "reason": ["cut short", "misprinted"], "evidence": ["x.txt:1"] * 2,
                          "origin": ["conversion"] * 2, "_row": [2, 3]})
    ind, _ = _cleaned([{"raw": "around 15,"}], fixes.astype({"_row": "int64"}))
    row = ind.iloc[0]
    assert (row["value"], row["period"]) == (15_450, "2022/23")
    assert row["flags"] == ("corrected (printed 15: cut short); truncated; period corrected "
                            "(printed '2023/24': misprinted)")


def test_a_paper_of_an_unregistered_council_names_its_row_and_close_matches(raw_copy):
    path = raw_copy / "papers.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[2, "council"] = "Leicestershre"
    df.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"papers.csv, row 4, column 'council': council "
                       r"'Leicestershre' is not registered in councils.csv \(close: "
                       r"Leicestershire") as err:
        load_raw(raw_copy)
    assert "add a row to" in str(err.value)


def test_a_paper_council_written_as_an_alias_is_told_the_own_name(raw_copy):
    path = raw_copy / "papers.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "council"] = "Leicester City Council"
    df.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"row 2, column 'council': council 'Leicester City "
                       r"Council' is an alias of 'Leicester'.*own name, 'Leicester'"):
        load_raw(raw_copy)


def test_figure_authorities_are_read_through_the_councils_register(raw_copy):
    """An alias added to councils.csv is a name the build accepts, with no code changed."""
    path = raw_copy / "councils.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Leicester City;", "Leicester City;Leicester Unitary;"), encoding="utf-8")
    figures = _figures_file(raw_copy)
    df = pd.read_csv(figures, dtype=str, keep_default_na=False)
    row = df.index[df["authority"] == "Leicester"][0]
    df.loc[row, "authority"] = "Leicester Unitary"
    df.to_csv(figures, index=False)
    indicators, _ = clean_figures(load_raw(raw_copy))
    assert indicators.loc[indicators["figure_id"] == df.loc[row, "figure_id"],
                          "authority"].tolist() == ["Leicester"]
