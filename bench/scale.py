"""Scale: many councils, ten years of papers each, through build, audit and one notebook.

Run: .venv/bin/python bench/scale.py [--sizes 15 50 150] [--years 10] [--notebook]
Each synthetic council's papers are the five real papers' figures, renamed to that council
(its own figures only: a city paper's 'Leicester' figures and a county paper's 'Leicestershire'
figures both become 'Council 001'), dated one year apart; benchmarks (England, East Midlands)
keep their names. So that no cache of parsed strings can make the benchmark faster than real
papers would be, every council-year prints its own values (each number scaled by a factor of
its own, in the printed format) and its own periods (shifted with the meeting date); the run
prints how many raw strings are unique. Every stage runs in its own process so peak memory is
its own; 'cpu s' is the stage's processor time (user + system), which a machine shared with
other work inflates less than the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from child import run_child  # noqa: E402

from analysis.settings import ROOT, Settings  # noqa: E402

STAGE = """
import json, resource, sys, time
start = time.perf_counter()
from analysis.settings import ROOT, Settings
here = Settings.from_env()
stage = sys.argv[1]
if stage == "build":
    from analysis.dataset.build import build
    n = build(here).raw_rows
elif stage == "audit":
    from analysis.audit import audit, load_checks
    from analysis.dataset.build import load_indicators
    spec = {k: v for k, v in load_checks(here.checks_toml).items()
            if k in ("split", "parts", "formula")}
    from analysis.atomic import write_in_set
    # as the build runs it, the raw ids are the indicators' and the rejects', read on their own:
    # this stage measures the audit's memory, not that of a second copy of the indicators
    import pandas as pd
    known = set(pd.read_parquet(here.indicators_parquet, columns=["figure_id"])["figure_id"]
                .tolist()) | set(pd.read_csv(here.rejects_csv, usecols=["figure_id"],
                                             dtype=str)["figure_id"].tolist())
    checks = audit(load_indicators(here.indicators_parquet), spec, known_ids=known)
    from analysis.dataset import csv_files  # the writer the build uses for the audit
    write_in_set(here.processed_dir, here.audit_csv.name,
                 lambda tmp: csv_files.write_csv(checks, tmp))
    n = len(checks)
else:
    import papermill as pm
    pm.execute_notebook(str(ROOT / "notebooks" / "10_workforce.ipynb"), sys.argv[2],
                        parameters={"authorities": ["Council 001", sys.argv[3]]},
                        kernel_name="asc-compare", cwd=str(ROOT / "notebooks"),
                        progress_bar=False)
    n = 1
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({"n": n, "seconds": time.perf_counter() - start,
                  "cpu": sum(u.ru_utime + u.ru_stime for u in usage),
                  "peak_mib": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024}))
"""


NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
PERIOD_YEAR = re.compile(r"\b(19|20)(\d\d)(?:/(\d\d))?\b|\b([A-Z][a-z]{2})-(\d\d)\b")


def perturb_number(text: str, factor: float) -> str:
    """A printed number scaled by ``factor``, keeping its decimals and thousands separators."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    value = float(text.replace(",", "")) * factor
    shown = f"{value:,.{decimals}f}" if "," in text else f"{value:.{decimals}f}"
    return shown


def perturb(raw: str, seed: int) -> str:
    """Every number in a printed figure changed by a factor of this council-year's own (within
    15%), its format kept."""
    factor = 1 + ((seed * 7919) % 3001 - 1500) / 10_000
    return NUMBER.sub(lambda m: perturb_number(m.group(0), factor), raw)


def shift_years(period: str, years: int) -> str:
    """A period moved on by ``years``: '2023/24' -> '2025/26', 'Nov-24' -> 'Nov-26'."""
    def move(m):
        if m.group(4):
            return f"{m.group(4)}-{(int(m.group(5)) + years) % 100:02d}"
        start = int(m.group(1) + m.group(2)) + years
        return f"{start}/{(int(m.group(3)) + years) % 100:02d}" if m.group(3) else str(start)
    return PERIOD_YEAR.sub(move, period)


def make_raw(dest: Path, councils: int, years: int) -> tuple[int, int]:
    """A raw-data folder of ``councils`` x ``years`` papers; returns (papers, figure rows)."""
    shutil.copytree(Settings.from_env().raw_dir, dest,
                    ignore=shutil.ignore_patterns("papers", "figures"))
    (dest / "figures").mkdir()
    registry = pd.read_csv(Settings.from_env().papers_csv, dtype=str, keep_default_na=False)
    figures = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                         for p in sorted(Settings.from_env().figures_dir.glob("*.csv"))])
    papers, rows = [], 0
    for c in range(1, councils + 1):
        name = f"Council {c:03d}"
        frames = []
        for y in range(years):
            real = registry.iloc[y % len(registry)]
            pid = f"c{c:03d}-y{y:02d}-{real['paper_id']}"
            date = pd.Timestamp(real["meeting_date"]) + pd.DateOffset(years=y // len(registry))
            papers.append(real.to_dict() | {"paper_id": pid, "council": name,
                                            "meeting_date": f"{date:%Y-%m-%d}",
                                            "file_name": f"{pid}.txt"})
            own = figures[figures["paper_id"] == real["paper_id"]].copy()
            own["figure_id"] = own["figure_id"].str.replace(real["paper_id"], pid, regex=False)
            own["paper_id"] = pid
            seed = c * years + y
            own["raw"] = own["raw"].map(lambda r, s=seed: perturb(r, s))
            shift = y // len(registry)
            own["period"] = own["period"].map(lambda p, k=shift: shift_years(p, k))
            own.loc[own["authority"] == real["council"], "authority"] = name
            frames.append(own)
        council_rows = pd.concat(frames)
        rows += len(council_rows)
        council_rows.to_csv(dest / "figures" / f"council-{c:03d}.csv", index=False)
    pd.DataFrame(papers).to_csv(dest / "papers.csv", index=False)
    # every council of papers.csv is registered (the build refuses one that is not); the
    # synthetic councils print the real papers' comparisons with the East Midlands
    registered = pd.read_csv(dest / "councils.csv", dtype=str, keep_default_na=False)
    synthetic = pd.DataFrame([{"council": f"Council {c:03d}", "kind": "unitary",
                               "region": "East Midlands", "aliases": ""}
                              for c in range(1, councils + 1)])
    pd.concat([registered, synthetic]).to_csv(dest / "councils.csv", index=False)
    # the declared table checks name the real papers' cells; keep the generic declarations
    (dest / "checks.toml").write_text(generic_checks(), encoding="utf-8")
    from analysis.dataset.schemas import CORRECTION_COLUMNS
    pd.DataFrame(columns=CORRECTION_COLUMNS).to_csv(dest / "corrections.csv", index=False)
    # the CQC steps cite the real councils' papers, which the synthetic set does not register
    from analysis.sources.assessments import ASSESSMENT_COLUMNS
    pd.DataFrame(columns=ASSESSMENT_COLUMNS).to_csv(dest / "assessments.csv", index=False)
    from analysis.sources.minutes import MINUTES_COLUMNS
    pd.DataFrame(columns=MINUTES_COLUMNS).to_csv(dest / "minutes.csv", index=False)
    return len(papers), rows


def generic_checks() -> str:
    from analysis.audit import load_checks

    lines = []
    for kind in ("split", "parts", "formula"):
        for spec in load_checks(Settings.from_env().checks_toml).get(kind, []):
            lines.append(f"[[{kind}]]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in spec.items()]
            lines.append("")
    return "\n".join(lines)


def stage(name: str, env: dict, *extra: str) -> dict:
    return run_child(STAGE, name, *extra, what=name, env=env)


def unique_share(raw_dir: Path) -> float:
    """The share of raw printed strings that are printed only once across the whole set."""
    raws = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)["raw"]
                      for p in sorted((raw_dir / "figures").glob("*.csv"))])
    return raws.nunique() / len(raws)


def run_size(councils: int, years: int, notebook: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n_papers, n_rows = make_raw(tmp / "raw", councils, years)
        env = os.environ | {"ASC_RAW_DIR": str(tmp / "raw"),
                            "ASC_PROCESSED_DIR": str(tmp / "processed")}
        results = {"build": stage("build", env), "audit": stage("audit", env)}
        if notebook:
            results["notebook 10_workforce"] = stage("notebook", env, str(tmp / "out.ipynb"),
                                                     f"Council {councils:03d}")
        return {"papers": n_papers, "rows": n_rows, "unique": unique_share(tmp / "raw"),
                "stages": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["15,50,150"],
                        help="numbers of councils to run, by spaces or commas (default 15 50 150)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--notebook", action="store_true",
                        help="also run the workforce notebook at the largest size")
    args = parser.parse_args()
    sizes = [int(x) for arg in args.sizes for x in arg.split(",")]
    print(f"{'councils':>9}{'papers':>8}{'raw rows':>10}{'unique':>8}  {'stage':<22}"
          f"{'items':>9}{'seconds':>9}{'cpu s':>8}{'us/row':>8}{'peak MiB':>9}")
    for size in sizes:
        r = run_size(size, args.years, args.notebook and size == max(sizes))
        timed = [s for k, s in r["stages"].items() if k in ("build", "audit")]
        total, cpu = (sum(s[key] for s in timed) for key in ("seconds", "cpu"))
        for name, s in r["stages"].items():
            print(f"{size:>9}{r['papers']:>8,}{r['rows']:>10,}{r['unique']:>8.0%}  {name:<22}"
                  f"{s['n']:>9,}{s['seconds']:>9.1f}{s['cpu']:>8.1f}"
                  f"{1e6 * s['seconds'] / r['rows']:>8.0f}{s['peak_mib']:>9.0f}")
        print(f"{size:>9}{'':>26}  {'build + audit':<22}{'':>9}{total:>9.1f}{cpu:>8.1f}"
              f"{1e6 * total / r['rows']:>8.0f}")


if __name__ == "__main__":
    main()
