"""The change log of a report run: this set's facts, compared with the previous live set's.

Each set keeps ``facts.csv`` (see :mod:`analysis.publish.changes`) beside its manifest, which
records the file's sha256, the set's date and the papers it was built from. A new set is
compared with the previous one over the appendices this run rebuilt (a partial run carries the
other appendices' facts, as it carries their pages), and writes ``changes.csv``,
``changes.html`` and a dated banner on each rebuilt page that changed. A previous set that is
missing, damaged or from before the change log gives "no comparison available" and why, never
an error. A set whose facts are those of the previous one keeps that set's comparison (its
``changes.csv`` byte for byte): nothing new happened since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..atomic import current_version, kept_versions, link_or_copy, write_text_atomic
from ..publish.changes import (
    CHANGE_COLUMNS,
    FACT_COLUMNS,
    counts,
    diff,
    facts_of,
    name_papers,
    paper_news,
)
from ..publish.changes_page import (
    FIRST_SET,
    banner,
    changes_page,
    summary_section,
    summary_text,
    with_banner,
)
from ..sources.citations import meeting
from .lock import ReportError

FACTS, CHANGES_CSV, CHANGES_HTML = "facts.csv", "changes.csv", "changes.html"
FORMAT = 2  # manifests from before the change log have no "format"


@dataclass(frozen=True)
class Baseline:
    """The previous live set, as far as a comparison needs it (``facts`` None: none possible,
    ``reason`` says why)."""
    folder: Path | None = None
    facts: pd.DataFrame | None = None
    day: str = ""                     # its generation date, ISO
    reason: str = FIRST_SET
    papers: dict[str, str] = field(default_factory=dict)   # paper id -> sha256
    log: dict = field(default_factory=dict)                # its manifest's "changes"
    commit: str = ""                                       # the commit that made it, short


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_facts(path: Path, recorded: str) -> pd.DataFrame:
    """A set's facts, checked against the sha256 its manifest ``recorded``; ValueError (or
    OSError) saying what is wrong with them."""
    if sha256(path) != recorded:
        raise ValueError(f"{path.name} does not match the sha256 its manifest records (it "
                         "was damaged or edited)")
    facts = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(facts.columns) != FACT_COLUMNS:
        missing = [c for c in FACT_COLUMNS if c not in facts.columns]
        raise ValueError(f"{path.name} was written by another version of the tool, which kept "
                         "other facts" + (f" (no {', '.join(missing)})" if missing else "")
                         + "; the next report set will be compared with this one")
    return facts


def baseline(folder: Path, manifest: dict, unreadable: str = "") -> Baseline:
    """What the previous set (in ``folder``, with its ``manifest``) can be compared on."""
    if unreadable:
        return Baseline(reason=f"the previous report set's manifest could not be read "
                        f"({unreadable})")
    if not manifest:
        return Baseline()
    if manifest.get("format", 1) != FORMAT or "facts_sha256" not in manifest:
        return Baseline(reason="the previous report set was made by an older version, which "
                        "did not keep the facts it published")
    if not _is_date(manifest.get("generated")) or not isinstance(manifest.get("papers"), dict):
        return Baseline(reason="the previous report set's manifest has no generation date or "
                        "papers (it was edited or damaged)")
    try:
        facts = read_facts(folder / FACTS, manifest["facts_sha256"])
    except (OSError, ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        return Baseline(reason=f"the previous report set's facts could not be read "
                        f"({exc.strerror if isinstance(exc, OSError) else exc}: {folder / FACTS})")
    return Baseline(folder, facts, str(manifest.get("generated", "")), "",
                    dict(manifest.get("papers", {})), dict(manifest.get("changes", {})),
                    str(manifest.get("git_commit") or "")[:7])


def _is_date(text) -> bool:
    from datetime import date

    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True


def set_facts(appendices: dict, compared: list[str], shown: list[str],
              base: Baseline) -> pd.DataFrame:
    """The facts the new set publishes: those of the appendices rebuilt (``compared``), and the
    previous set's for the others ``shown`` (their pages are carried too; from the appendices
    when the previous set gave none)."""
    new = facts_of({n: a for n, a in appendices.items() if n in compared})
    others = [n for n in shown if n not in compared]
    if base.facts is not None:
        old = base.facts[base.facts["appendix"].isin(set(others))]
    else:
        old = facts_of({n: appendices[n] for n in others if n in appendices})
    both = pd.concat([new, old], ignore_index=True) if len(old) else new
    return both.sort_values("appendix", kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class Log:
    """What a set says changed: ``changes`` since the set of ``since`` (ISO date), or None and
    ``reason``; ``made``: the date of the set that compared (an earlier one when ``carried``)."""
    changes: pd.DataFrame | None
    since: str
    reason: str
    compared: list[str]
    not_compared: list[str]
    made: str
    since_version: str = ""
    carried: bool = False
    since_commit: str = ""  # the commit that made the set compared with, so a reader can name it
    papers: list[str] = field(default_factory=list)  # papers new or changed since, named

    def entry(self) -> dict:
        """The manifest's "changes"."""
        return {"status": "compared" if self.changes is not None else "unavailable",
                "since": self.since, "since_version": self.since_version,
                "since_commit": self.since_commit, "made": self.made,
                "reason": self.reason, "compared": self.compared,
                "not_compared": self.not_compared, "papers": self.papers,
                "counts": counts(self.changes) if self.changes is not None else {}}

    def heading(self) -> str:
        if self.changes is None:
            return f"What changed: no comparison available: {self.reason}."
        return f"What changed since the report set of {meeting(self.since)}"

    def sheet(self) -> tuple[pd.DataFrame | None, str]:
        """What the workbook's Changes sheet shows."""
        return self.changes, self.heading()


def read_changes(path: Path) -> pd.DataFrame | None:
    try:
        found = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return None
    return found if list(found.columns) == CHANGE_COLUMNS else None


def compare(base: Baseline, facts: pd.DataFrame, compared: list[str], shown: list[str],
            registry: pd.DataFrame, generated: str) -> Log:
    """The set's change log against ``base``, over the ``compared`` appendices of those
    ``shown``; changes to figures of a new or changed paper name it."""
    not_compared = [n for n in shown if n not in compared]
    if base.facts is None:
        return Log(None, "", base.reason, compared, not_compared, generated)
    changes = name_papers(diff(base.facts, facts, set(compared)), registry, base.papers)
    version = base.folder.name if base.folder else ""
    carry = {"since", "compared", "not_compared", "made"} <= set(base.log)
    if changes.empty and base.log.get("status") == "compared" and carry \
            and _is_date(base.log["since"]):
        earlier = read_changes(base.folder / CHANGES_CSV)
        if earlier is not None:  # nothing new: the previous set's comparison still holds
            return Log(earlier, base.log["since"], "", list(base.log["compared"]),
                       list(base.log["not_compared"]), base.log["made"],
                       base.log.get("since_version", ""), carried=True,
                       papers=list(base.log.get("papers", [])),
                       since_commit=str(base.log.get("since_commit", "")))
    return Log(changes, base.day, "", compared, not_compared, generated, version,
               papers=list(paper_news(registry, base.papers).values()),
               since_commit=base.commit)


def write(staged: Path, log: Log, facts: pd.DataFrame, base: Baseline, titles: dict[str, str],
          rebuilt: set[str], page_done=None) -> str:
    """facts.csv, changes.csv and changes.html into ``staged``, and a banner on each page this
    run rebuilt whose appendix changed (``page_done(name)`` then prints it again); returns the
    index's section."""
    facts.to_csv(staged / FACTS, index=False, lineterminator="\n", encoding="utf-8")
    since = since_words(log) if log.changes is not None else None
    if log.carried:
        link_or_copy(base.folder / CHANGES_CSV, staged / CHANGES_CSV)
    elif log.changes is not None:
        log.changes.to_csv(staged / CHANGES_CSV, index=False, lineterminator="\n",
                           encoding="utf-8")
    (staged / CHANGES_HTML).write_text(changes_page(
        log.changes, since, meeting(log.made), titles, log.reason, log.compared,
        log.not_compared), encoding="utf-8")
    if log.changes is not None:
        # a caveat reworded is in the log, not worth a banner at the top of its page
        bannered = log.changes[log.changes["change"] != "caveat changed"]
        for name, rows in bannered.groupby("appendix"):
            page = staged / f"{name}.html"
            if name in rebuilt and page.is_file():  # never a page carried from another set
                write_text_atomic(page, with_banner(page.read_text(encoding="utf-8"),
                                                    banner(rows, since, name)))
                if page_done:
                    page_done(name)
    return summary_section(log.changes, since, reason=log.reason, titles=titles,
                           compared=log.compared, not_compared=log.not_compared,
                           papers=log.papers)


def since_words(log: Log) -> str:
    """Which set the changes are since, as a reader says it: 'the report set of 1 Dec 2026',
    or 'the earlier report set of 7 Dec 2026 (commit 3b81efb)' when both were made that day,
    so the set is named and not only its day."""
    same_day = str(log.made)[:10] == str(log.since)[:10]
    made_by = f" (commit {log.since_commit})" if same_day and log.since_commit else ""
    return f"the {'earlier ' if same_day else ''}report set of {meeting(log.since)}{made_by}"


def manifest_fields(staged: Path, log: Log, generated: str,
                    registry: pd.DataFrame) -> dict:
    """What the manifest records for the next run's comparison."""
    return {"format": FORMAT, "generated": generated, "facts_sha256": sha256(staged / FACTS),
            "papers": dict(zip(registry["paper_id"], registry["sha256"], strict=True)),
            "changes": log.entry()}


# ---------------------------------------------------------------- python -m analysis changes
def kept_sets(out_dir: Path) -> list[tuple[Path, dict]]:
    """The whole report sets kept under ``out_dir/.versions``, oldest first, with their
    manifests (a set whose manifest cannot be read has {})."""
    from .plan import read_manifest

    return [(v, read_manifest(v / "manifest.json")[0]) for v in kept_versions(out_dir)]


def pick(out_dir: Path, since: str) -> Path:
    """The kept set ``since`` names: its version folder's name, or a date (the newest set of
    that day); ReportError naming the kept sets otherwise."""
    sets = kept_sets(out_dir)
    found = [v for v, m in sets if since in (v.name, m.get("generated"))]
    if found:
        return found[-1]
    kept = "; ".join(f"{v.name} ({m.get('generated', 'no date')})" for v, m in sets) or "none"
    raise ReportError(f"--since {since}: no kept report set has that name or date. The sets "
                      f"kept in {out_dir / '.versions'} are: {kept}. Give one of these names "
                      "or dates (YYYY-MM-DD).")


def since_summary(out_dir: Path, since: str | None = None, every: bool = False,
                  registry: pd.DataFrame | None = None) -> str:
    """What changed in the live set: since the set it replaced (as its index says), or since
    the kept set ``since`` names (figures of papers new or changed since then named from the
    paper ``registry``)."""
    from .plan import read_manifest

    folder = current_version(out_dir)
    if folder is None:
        raise ReportError(f"{out_dir} holds no report set yet. Run `python -m analysis report` "
                          "first.")
    manifest, unreadable = read_manifest(folder / "manifest.json")
    if since is None:
        entry = manifest.get("changes", {})
        if unreadable or not entry:
            return summary_text(None, None, "the live report set's manifest has no change "
                                "log (it is damaged or from an older version)")
        changes = read_changes(folder / CHANGES_CSV) if entry["status"] == "compared" else None
        return summary_text(changes, meeting(entry["since"]) if changes is not None else None,
                            entry.get("reason", ""), every=every)
    chosen = pick(out_dir, since)
    base = baseline(chosen, read_manifest(chosen / "manifest.json")[0])
    now = baseline(folder, manifest, unreadable)
    if base.facts is None or now.facts is None:
        why = base.reason if base.facts is None else now.reason.replace("previous", "live")
        return summary_text(None, None, why.replace("previous", "chosen"))
    changes = diff(base.facts, now.facts, set(now.facts["appendix"]))
    if registry is not None:
        changes = name_papers(changes, registry, base.papers)
    return summary_text(changes, f"{meeting(base.day)} (set {chosen.name})", every=every)
