"""What changed since the last report set: the facts a set published, and the changes between two.

Each report set keeps ``facts.csv`` beside its manifest: every comparison-frame row it showed
(measure, authority, period, value, display, rating, direction, comparability), its key
messages and the data-quality questions. Comparing a new set's facts with the live set's gives
``changes.csv``, one row per change a reader should know of:

- ``added`` / ``removed``: a figure now shown that was not, or no longer shown;
- ``revised``: the same measure, authority and period with another value;
- ``relabelled``: the same printed figure with another period, value type or scope;
- ``replaced``: another printing, of another period, shown in its place (the one it replaces
  may still be named beside it, as a newer figure held back, say);
- ``rating changed``, ``direction changed``, ``comparability changed``;
- ``caveat changed``: what the page says about the figure (its caveats and audit notes);
- ``message changed``: a key message added, dropped or reworded;
- ``question added`` / ``question resolved``: the data-quality questions.

All pure: frames in, frames out.

>>> row = {"measure_id": "wf_vacancy_rate", "authority": "Leicester", "role": "council",
...        "period": "2023/24", "figure_id": "leicester-2025-04-30.p0011"}
>>> before = frame_facts("10_workforce", pd.DataFrame([row | {"value": 7.5, "display": "7.5%",
...                                                          "rating": "similar"}]))
>>> after = frame_facts("10_workforce", pd.DataFrame([row | {"value": 8.1, "display": "8.1%",
...                                                         "rating": "worse"}]))
>>> diff(before, after)[["change", "before", "after"]].values.tolist()
[['revised', '7.5%', '8.1%'], ['rating changed', 'similar', 'worse']]
"""

from __future__ import annotations

import pandas as pd

FACT_COLUMNS = ["appendix", "kind", "key", "measure_id", "measure", "authority", "role",
                "period", "value", "display", "value_type", "scope", "rating", "direction",
                "comparability", "figure_id", "locations", "source", "caveats", "text"]
CHANGE_COLUMNS = ["change", "measure_id", "measure", "authority", "period", "before", "after",
                  "figure_id", "source", "appendix"]
KINDS = ["added", "removed", "revised", "relabelled", "replaced", "rating changed",
         "direction changed", "comparability changed", "caveat changed", "message changed",
         "question added", "question resolved"]
# What a reader of the briefing hears first: a key message or a rating that moved.
FIRST = ("message changed", "rating changed")
FRAME_FIELDS = ["measure_id", "measure", "authority", "role", "period", "value", "display",
                "value_type", "scope", "rating", "direction", "comparability", "figure_id",
                "locations", "sources", "caveats", "audit"]


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def frame_facts(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One fact per comparison-frame row of appendix ``name``, keyed by measure, authority and
    the row's role (a council's figure, a benchmark)."""
    rows = frame.reindex(columns=FRAME_FIELDS)
    out = pd.DataFrame({c: rows[c].map(_text) for c in FRAME_FIELDS
                        if c not in ("sources", "caveats", "audit")})
    out["source"] = rows["sources"].map(_text)
    out["caveats"] = [" ".join(filter(None, (_text(c), _text(a)))) for c, a in zip(
        rows["caveats"], rows["audit"], strict=True)]
    out["appendix"], out["kind"], out["text"] = name, "figure", ""
    out["key"] = out["measure_id"] + "|" + out["authority"] + "|" + out["role"]
    return out[FACT_COLUMNS]


def text_facts(name: str, kind: str, texts: list[str]) -> pd.DataFrame:
    """Facts of sentences (key messages, questions), keyed by their words."""
    out = pd.DataFrame({"text": list(dict.fromkeys(texts))})
    out["appendix"], out["kind"], out["key"] = name, kind, out["text"]
    return out.reindex(columns=FACT_COLUMNS, fill_value="")


def facts_of(appendices: dict) -> pd.DataFrame:
    """Every fact the appendices (``Appendix`` objects by notebook name) publish."""
    parts = []
    for name, appendix in sorted(appendices.items()):
        if appendix.frame is not None:
            parts.append(frame_facts(name, appendix.frame))
        parts.append(text_facts(name, "message", list(appendix.messages)))
        questions = appendix.tables.get("questions")
        if questions is not None:
            parts.append(text_facts(name, "question",
                                    questions.data["what the papers print"].tolist()))
    if not parts:
        return pd.DataFrame(columns=FACT_COLUMNS)
    return pd.concat(parts, ignore_index=True)[FACT_COLUMNS]


def _row(change: str, fact, before: str, after: str) -> dict:
    return {"change": change, "measure_id": fact["measure_id"], "measure": fact["measure"],
            "authority": fact["authority"], "period": fact["period"], "before": before,
            "after": after, "figure_id": fact["figure_id"], "source": fact["source"],
            "appendix": fact["appendix"]}


def _shown(fact) -> str:
    return f"{fact['display']} ({fact['period']})" if fact["period"] else fact["display"]


def figure_changes(old: dict | None, new: dict | None) -> list[dict]:
    """The changes between the figure one frame row showed before and shows now (each a fact,
    as a dict or a Series)."""
    had = old is not None and old["figure_id"] != ""
    has = new is not None and new["figure_id"] != ""
    if not had and not has:
        return []
    if not had:
        return [_row("added", new, "", _shown(new))]
    if not has:
        return [_row("removed", old, _shown(old), "")]
    out = []
    if old["figure_id"] == new["figure_id"]:
        labels = [(f, old[f], new[f]) for f in ("period", "value_type", "scope")
                  if old[f] != new[f]]
        if labels:
            out.append(_row("relabelled", new, "; ".join(f"{f} {a}" for f, a, _ in labels),
                            "; ".join(f"{f} {b}" for f, _, b in labels)))
        if old["value"] != new["value"]:
            out.append(_row("revised", new, old["display"], new["display"]))
    elif old["period"] == new["period"]:
        if old["value"] != new["value"]:
            out.append(_row("revised", new, old["display"], new["display"]))
    else:
        out.append(_row("replaced", new, _shown(old), _shown(new)))
    for field, change in (("rating", "rating changed"), ("direction", "direction changed"),
                          ("comparability", "comparability changed"),
                          ("caveats", "caveat changed")):
        if old[field] != new[field]:
            out.append(_row(change, new, old[field], new[field]))
    return out


def _by_key(facts: pd.DataFrame, kind: str) -> dict[tuple[str, str], dict]:
    # plain dicts, not a Series per row: a comparison at 150 councils is 15,000 facts a side
    rows = facts[facts["kind"] == kind].to_dict("records")
    return {(r["appendix"], r["key"]): r for r in rows}


def message_changes(old: dict, new: dict) -> list[dict]:
    """Key messages dropped, added, or reworded: in each appendix, the n-th message dropped
    and the n-th added, in the order the page shows them, are one message reworded.

    >>> f = lambda t: {"appendix": "a", "text": t, **dict.fromkeys(FACT_COLUMNS[3:-1], "")}
    >>> [(r["before"], r["after"]) for r in message_changes(
    ...     {("a", t): f(t) for t in ("same", "7% here", "gone")},
    ...     {("a", t): f(t) for t in ("same", "8% here")})]
    [('7% here', '8% here'), ('gone', '')]
    """
    rows = []
    for name in sorted({a for a, _ in old} | {a for a, _ in new}):
        gone = [old[k] for k in old if k[0] == name and k not in new]
        came = [new[k] for k in new if k[0] == name and k not in old]
        rows += [_row("message changed", b, b["text"], a["text"])
                 for b, a in zip(gone, came, strict=False)]
        rows += [_row("message changed", b, b["text"], "") for b in gone[len(came):]]
        rows += [_row("message changed", a, "", a["text"]) for a in came[len(gone):]]
    return rows


def diff(before: pd.DataFrame, after: pd.DataFrame,
         appendices: set[str] | None = None) -> pd.DataFrame:
    """The changes from ``before``'s facts to ``after``'s, over ``appendices`` (all by default:
    a partial run compares only what it rebuilt), in the order of ``KINDS``."""
    if appendices is not None:
        before = before[before["appendix"].isin(appendices)]
        after = after[after["appendix"].isin(appendices)]
    rows: list[dict] = []
    old, new = _by_key(before, "figure"), _by_key(after, "figure")
    for key in sorted(set(old) | set(new)):
        rows += figure_changes(old.get(key), new.get(key))
    rows += message_changes(_by_key(before, "message"), _by_key(after, "message"))
    old, new = _by_key(before, "question"), _by_key(after, "question")
    rows += [_row("question resolved", old[k], old[k]["text"], "") for k in old if k not in new]
    rows += [_row("question added", new[k], "", new[k]["text"]) for k in new if k not in old]
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = out["change"].map({k: i for i, k in enumerate(KINDS)})
    return out.assign(_o=order).sort_values(["_o", "appendix", "measure", "authority"],
                                            kind="mergesort").drop(columns="_o") \
        .reset_index(drop=True)


def paper_of(figure_id: str) -> str:
    """The paper a figure is printed in: its id's part before the dot.

    >>> paper_of("leicester-2025-04-30.p0077"), paper_of("")
    ('leicester-2025-04-30', '')
    """
    return figure_id.split(".", 1)[0] if figure_id else ""


def paper_news(registry: pd.DataFrame, before: dict[str, str]) -> dict[str, str]:
    """The papers new or changed since the set ``before`` (paper id -> sha256), each as a
    reader names it: title and meeting date.

    >>> reg = pd.DataFrame({"paper_id": ["p", "q"], "title": ["Budget", "Old"],
    ...                     "meeting_date": ["2026-11-02", "2025-01-20"], "sha256": ["b", "c"]})
    >>> paper_news(reg, {"p": "a", "q": "c"})
    {'p': 'a changed paper: Budget (meeting of 2 Nov 2026)'}
    """
    from ..sources.citations import meeting

    news = {}
    for r in registry.to_dict("records"):
        if before.get(r["paper_id"]) != r["sha256"]:
            state = "new" if r["paper_id"] not in before else "changed"
            news[r["paper_id"]] = (f"a {state} paper: {r['title']} (meeting of "
                                   f"{meeting(r['meeting_date'])})")
    return news


def name_papers(changes: pd.DataFrame, registry: pd.DataFrame,
                before: dict[str, str]) -> pd.DataFrame:
    """Each change to a figure of a paper that is new or changed since the set ``before``
    with that paper named in its ``source`` (``paper_news``).

    >>> reg = pd.DataFrame({"paper_id": ["p"], "title": ["Budget"], "meeting_date": ["2026-11-02"],
    ...                     "sha256": ["b"]})
    >>> row = dict.fromkeys(CHANGE_COLUMNS, "") | {"figure_id": "p.p1", "source": "line 4"}
    >>> name_papers(pd.DataFrame([row]), reg, {"p": "a"})["source"].iloc[0]
    'line 4; from a changed paper: Budget (meeting of 2 Nov 2026)'
    """
    news = paper_news(registry, before)
    out = changes.copy()
    named = out["figure_id"].map(lambda f: f"from {news[paper_of(f)]}"
                                 if paper_of(f) in news else "")
    out["source"] = [f"{s}; {n}" if s and n else s or n for s, n in
                     zip(out["source"], named, strict=True)]
    return out


def counts(changes: pd.DataFrame) -> dict[str, int]:
    """How many changes of each kind, in the order of ``KINDS``, leaving out kinds with none."""
    found = changes["change"].value_counts()
    return {k: int(found[k]) for k in KINDS if k in found}


def headline(changes: pd.DataFrame, most: int = 5) -> pd.DataFrame:
    """The few changes a reader hears first: messages and ratings, then the rest."""
    first = changes[changes["change"].isin(FIRST)]
    return pd.concat([first, changes[~changes["change"].isin(FIRST)]]).head(most)

