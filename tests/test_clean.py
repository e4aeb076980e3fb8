"""Raw figures to indicators: bad input gets a clear error naming file, row and column."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.dataset.build import build, check_paper_hashes
from analysis.dataset.clean import clean_figures, load_raw
from analysis.errors import DataError, PaperError
from analysis.sources.papers import load_registry, paper_lines

from .conftest import PAPERS_PRESENT


def _figures_file(raw: Path) -> Path:
    return sorted((raw / "figures").glob("*-tables.csv"))[0]


def _rewrite(path: Path, edit) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")


def test_raw_rows_equal_indicators_plus_rejects():
    raw = load_raw()
    indicators, rejects = clean_figures(raw)
    assert len(raw.figures) == len(indicators) + len(rejects)
    assert set(indicators["figure_id"]).isdisjoint(rejects["figure_id"])


def _same_in_worker_slices(raw, monkeypatch, slice_rows: int) -> tuple[pd.DataFrame, ...]:
    """The serial cleaning of ``raw``, asserted equal to the cleaning in worker slices."""
    from analysis.dataset import clean

    serial = clean_figures(raw)
    monkeypatch.setattr(clean, "PARALLEL_ROWS", 100)
    monkeypatch.setattr(clean, "SLICE_ROWS", slice_rows)
    for mine, theirs in zip(clean_figures(raw), serial, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    return serial


def test_cleaning_in_worker_slices_gives_exactly_the_serial_result(monkeypatch):
    # Slices small enough that some hold no indicator or no reject at all.
    _same_in_worker_slices(load_raw(), monkeypatch, 7)


def test_every_reject_has_a_reason_and_its_provenance():
    _, rejects = clean_figures(load_raw())
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
    registry = load_registry()
    row = registry.iloc[0]
    (tmp_path / row["file_name"]).write_text("not the paper\n", encoding="utf-8")
    monkeypatch.setenv("ASC_PAPERS_DIR", str(tmp_path))
    with pytest.raises(PaperError, match="re-curate its figures"):
        check_paper_hashes(registry.iloc[[0]])


def test_build_is_deterministic_and_leaves_no_temporary_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(out_dir=first)
    build(out_dir=second)
    for name in ("indicators.csv", "rejects.csv", "indicators.parquet"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert sorted(p.name for p in first.iterdir()) == [".versions", "current", "indicators.csv",
                                                       "indicators.parquet", "rejects.csv"]
    assert [p.name for p in (first / "current").iterdir() if p.name.startswith(".")] == []


def test_failed_build_keeps_earlier_outputs(tmp_path, raw_copy):
    out = tmp_path / "out"
    build(out_dir=out)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()
              if p.is_file()}
    _rewrite(_figures_file(raw_copy), lambda ls: ls + [ls[1]])
    with pytest.raises(DataError):
        build(raw_dir=raw_copy, out_dir=out)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()
             if p.is_file()}
    assert before == after and len(before) == 3


def test_parquet_and_csv_hold_the_same_table(tmp_path):
    build(out_dir=tmp_path)
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
    line = paper_lines(df.loc[0, "paper_id"])[int(df.loc[0, "line"]) - 1] \
        if PAPERS_PRESENT else "lots"
    word = next(w for w in re.findall(r"[A-Za-z]{4,}", line) if w.lower() != "estimated")
    df.loc[0, "raw"] = word
    df.to_csv(path, index=False)
    result = build(raw_dir=raw_copy, out_dir=tmp_path)
    reject = result.rejects.set_index("figure_id").loc[df.loc[0, "figure_id"]]
    assert reject["reason"] == f"no figure printed ('{word}')"
    assert result.raw_rows == len(result.indicators) + len(result.rejects)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the files are read on two cores")
def test_figure_files_read_in_parallel_give_the_same_frame_and_the_first_error(raw_copy,
                                                                             monkeypatch):
    """Read by workers, the figures are the same rows in the same order; of two broken files
    the error names the first, with its row, as a one-by-one read does."""
    from analysis.sources import figure_files as formats
    files = formats.figure_files(raw_copy / "figures")
    serial = formats.load_figures(files)
    monkeypatch.setattr(formats, "PARALLEL_BYTES", 0)
    pd.testing.assert_frame_equal(formats.load_figures(files), serial)
    first, second = files[1], files[-1]
    for broken in (second, first):
        broken.write_text(broken.read_text(encoding="utf-8") + ",,,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        formats.load_figures(files)
    assert caught.value.path == first and caught.value.row is not None
    assert str(first) in str(caught.value) and "blank line" in str(caught.value)


def test_a_data_error_crosses_processes_whole():
    import pickle
    error = DataError("raw/figures/x.csv", "a bad cell", row=7, column="raw", fix="Fix it.")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.path, copy.row, copy.column) == (str(error), error.path, 7, "raw")


def test_worker_slices_hold_whole_runs_of_a_paper_and_cover_every_row():
    from hypothesis import given
    from hypothesis import strategies as st

    from analysis.dataset.clean import slice_bounds

    @given(st.lists(st.sampled_from("abc"), max_size=40), st.integers(1, 9))
    def check(papers, size):
        ids = pd.Series(papers, dtype="str")
        bounds = slice_bounds(ids, size)
        assert [i for a, b in bounds for i in range(a, b)] == list(range(len(papers)))
        for a, b in bounds:
            assert b - a >= min(size, len(papers) - a)  # no smaller than asked, but the last
            assert b == len(papers) or papers[b] != papers[b - 1]  # ends where a run ends
    check()


def test_cleaning_papers_out_of_order_in_worker_slices_still_gives_the_serial_result(
        monkeypatch):
    """Slices whose sorted rows do not join up in order (papers interleaved in the raw rows)
    are sorted again by the parent."""
    from analysis.dataset import clean

    raw = load_raw()
    shuffled = clean.RawData(raw.papers, raw.measures,
                             raw.figures.sample(frac=1, random_state=7).reset_index(drop=True),
                             raw.corrections)
    serial = _same_in_worker_slices(shuffled, monkeypatch, 50)
    assert serial[0]["figure_id"].tolist() == clean_figures(raw)[0]["figure_id"].tolist()


def test_an_unreadable_correction_names_its_row_figure_and_fix(raw_copy):
    path = raw_copy / "corrections.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(',value,"around 15,450",', ",value,n/a,", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        clean_figures(load_raw(raw_copy))
    message = str(caught.value)
    assert str(path) in message and "row 2" in message and "'corrected'" in message
    assert "leicester-2025-04-30.p0022" in message and "plain figure" in message
