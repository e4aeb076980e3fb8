"""Benchmark the change log: how long comparing two report sets' facts takes.

Run: .venv/bin/python bench/changes.py [--councils 150] [--repeat 5]

The bundled data's facts are those every appendix publishes (built as a report run builds
them). The scaled facts follow bench/scale.py's idea of many councils:
the council figures, key messages and questions of the bundled facts are repeated for every
pair of synthetic councils (Leicester as 'Council 001', Leicestershire as 'Council 002', ...),
each value scaled by a factor of its own, while the benchmarks (England, East Midlands) stay
once. The "after" set then differs as a regeneration would: about 5% of
values revised, 1% of figures removed and as many added, 2% of ratings flipped, 1% of periods
relabelled, one key message in 20 reworded. Timed: reading the previous set's facts.csv
(with its sha256 check), the comparison (``diff`` and naming the papers), and writing
changes.csv; best of ``--repeat`` runs, wall and processor seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.publish.changes import diff, facts_of, name_papers  # noqa: E402
from analysis.runner import changelog, plan  # noqa: E402
from analysis.runner.export import build_appendices  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from analysis.sources.papers import load_registry  # noqa: E402

COUNCILS = ("Leicester", "Leicestershire")


def bundled_facts(settings: Settings) -> pd.DataFrame:
    appendices, problems = build_appendices(plan.resolve(None, {}), settings)
    if problems:
        raise SystemExit(f"appendices not built: {problems}")
    return facts_of(appendices)


def scaled(facts: pd.DataFrame, councils: int, rng: np.random.Generator) -> pd.DataFrame:
    """The facts of ``councils`` synthetic councils (benchmarks once)."""
    own = facts["authority"].isin(COUNCILS) | (facts["kind"] != "figure")
    parts = [facts[~own]]
    for i in range(1, councils // 2 + 1):  # the city and the county of each copy: two councils
        part = facts[own].copy()
        for c, name in (("Leicestershire", f"Council {2 * i:03d}"),
                        ("Leicester", f"Council {2 * i - 1:03d}")):
            for col in ("authority", "key", "text"):
                part[col] = part[col].str.replace(c, name, regex=False)
        value = pd.to_numeric(part["value"], errors="coerce") * rng.uniform(0.8, 1.2, len(part))
        part["value"] = value.round(1).map(lambda v: "" if pd.isna(v) else str(v))
        part["display"] = part["value"]
        part["figure_id"] = part["figure_id"].map(lambda f, i=i: f"{f}c{i}" if f else "")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def regenerated(before: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``before`` as a later regeneration might publish it."""
    after = before.copy()
    figures = after.index[(after["kind"] == "figure") & (after["figure_id"] != "")]
    def some(share: float) -> pd.Index:
        return pd.Index(rng.choice(figures, max(1, int(share * len(figures))), replace=False))
    revised = some(0.05)
    after.loc[revised, "value"] = after.loc[revised, "value"] + "1"
    after.loc[revised, "display"] = after.loc[revised, "value"]
    flipped = some(0.02)
    after.loc[flipped, "rating"] = after.loc[flipped, "rating"].map(
        {"better": "worse", "worse": "similar", "similar": "better", "": "similar"})
    relabelled = some(0.01)
    after.loc[relabelled, "period"] = after.loc[relabelled, "period"] + " (restated)"
    after = after.drop(index=some(0.01))
    added = before.loc[some(0.01)].assign(key=lambda f: f["key"] + "|new")
    messages = after.index[after["kind"] == "message"][::20]
    after.loc[messages, "text"] = after.loc[messages, "text"] + " (reworded)"
    after.loc[messages, "key"] = after.loc[messages, "text"]
    return pd.concat([after, added], ignore_index=True)


def timed(step, repeat: int) -> tuple[float, float, object]:
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def measure(label: str, before: pd.DataFrame, after: pd.DataFrame, registry: pd.DataFrame,
            repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / changelog.FACTS
        before.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        sha, size = changelog.sha256(path), os.path.getsize(path)
        read = timed(lambda: changelog.read_facts(path, sha), repeat)
        papers = dict(zip(registry["paper_id"], registry["sha256"], strict=True))
        compare = timed(lambda: name_papers(diff(read[2], after), registry, papers), repeat)
        changes = compare[2]
        out = Path(tmp) / changelog.CHANGES_CSV
        write = timed(lambda: changes.to_csv(out, index=False, lineterminator="\n"), repeat)
    kinds = changes["change"].value_counts().to_dict()
    print(f"{label}: {len(before):,} facts ({size / 1e6:.2f} MB facts.csv), "
          f"{len(changes):,} changes {kinds}")
    for name, (wall, cpu, _) in (("read facts.csv", read), ("compare", compare),
                                 ("write changes.csv", write)):
        print(f"  {name:18s} {wall:7.3f} s wall  {cpu:7.3f} s cpu")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings.from_env()
    registry = load_registry(settings.papers_csv)
    rng = np.random.default_rng(27)
    facts = bundled_facts(settings)
    measure("bundled data", facts, regenerated(facts, rng), registry, args.repeat)
    big = scaled(facts, args.councils, rng)
    measure(f"{args.councils} councils", big, regenerated(big, rng), registry, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
