"""Writing a checked SSDA903 return. The return is authoritative for its collection year: for
each child it carries, the episodes, reviews, missing periods, OC2 rows, social worker episodes
and deprivation of liberty orders that fall in the year are replaced by the return's rows
(what goes is kept in history as a deletion and counted in the result); rows outside the year
are kept. A table the return did not carry is left alone. Consistency problems are stored as
ReturnFlags for the year (ssda903_checks.py).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from children.importers.ssda903_checks import flags_for_return
from children.importers.ssda903_rows import (
    Checker,
    dolo_row,
    episode_row,
    header_row,
    missing_row,
    oc2_row,
    parsed_rows,
    review_row,
    sw_episode_row,
    uasc_row,
)
from children.importers.ssda903_year import year_bounds
from children.models import (
    CareEpisode,
    CareReview,
    Child,
    DeprivationOfLiberty,
    MissingEpisode,
    Oc2Outcome,
    ReturnFlag,
    SdqScore,
    SocialWorkerEpisode,
)
from core.actors import as_user
from core.sql import one_of
from imports.problems import Report
from imports.upsert import upsert


def _overlaps(start: datetime.date, end: datetime.date) -> Q:
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _tables(year: int) -> list[tuple]:
    """(model, natural key, parsed attribute, table name, label, rows of the year)."""
    start, end = year_bounds(year)
    in_year = Q(collection_year=year)
    return [
        (CareEpisode, ("child_id", "started_on"), "episodes", "Episodes", "care episodes",
         _overlaps(start, end)),
        (MissingEpisode, ("child_id", "started_on", "kind"), "missing", "Missing",
         "missing episodes", Q(started_on__range=(start, end))),
        (CareReview, ("child_id", "reviewed_on"), "reviews", "Reviews", "reviews",
         Q(reviewed_on__range=(start, end))),
        (SocialWorkerEpisode, ("child_id", "started_on", "social_worker_id"), "sw_episodes",
         "SWEpisodes", "social worker episodes", _overlaps(start, end)),
        (DeprivationOfLiberty, ("child_id", "started_on"), "dolo", "DoLo",
         "deprivation of liberty orders", _overlaps(start, end)),
        (SdqScore, ("child_id", "collection_year", "source"), "sdq", "OC2", "SDQ scores",
         in_year & Q(source=SdqScore.Source.SSDA903)),
        (Oc2Outcome, ("child_id", "collection_year"), "oc2_rows", "OC2", "OC2 outcomes", in_year),
    ]  # fmt: skip


def ssda903_write(tables, parsed, la, year: int, report: Report, actor, progress) -> None:
    """The second read of the return's tables: rows written in batches as they stream."""
    uasc_only = sum(1 for child in parsed.uasc if child not in parsed.children)
    total = (
        len(parsed.children)
        + uasc_only
        + sum(
            parsed.counts.get(table, 0)
            for table, _ in _SOURCES.values()  # OC2 is written twice
        )
    )
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        progress("Writing", done[0], total)

    _write_children(tables, parsed, la, report, actor, step)
    ids = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    in_return = {ids[c] for c in (parsed.children or parsed.named)}
    for model, key, attr, table, label, of_year in _tables(year):
        if table in parsed.tables:
            written: set[int] = set()  # the natural keys' hashes: what the return holds
            rows = _prepared(_rows_of(tables, attr, year), ids, key, written)
            _write_table(model, key, rows, report, label, actor, step, la)
            # Matched against all the LA's rows (a corrected row may have moved into the year);
            # only the year's rows of the children in the return can be replaced.
            stored = model.objects.filter(child__la=la).filter(of_year)
            _remove_replaced(key, written, stored, in_return, label, report, actor)
    progress("Writing", total, total)  # a review listed twice was written once
    _store_flags(parsed, la, year, ids, report)
    from funding.allocation import eligible_counts_forget  # funding reads the roll: import late

    eligible_counts_forget(la)  # the allocation's count follows the episodes
    from core.kept import kept_forget

    kept_forget(la)  # who is on the roll changed: what the pages keep follows (core.kept)


def _rows_of(tables, attr: str, year: int):
    """The return's rows for one model, parsed again from the files."""
    table, parse = _SOURCES[attr]
    for r in parsed_rows(tables, table, parse):
        if attr == "sdq":
            yield {"child": r["child"], "collection_year": year, "source": SdqScore.Source.SSDA903,
                   "score": r["score"], "reason": r["reason"]}  # fmt: skip
        elif attr == "oc2_rows":
            yield {k: v for k, v in r.items() if k not in {"score", "reason"}} | {
                "collection_year": year}  # fmt: skip
        else:
            yield r


_SOURCES = {
    "episodes": ("Episodes", episode_row),
    "missing": ("Missing", missing_row),
    "reviews": ("Reviews", review_row),
    "sw_episodes": ("SWEpisodes", sw_episode_row),
    "dolo": ("DoLo", dolo_row),
    "sdq": ("OC2", oc2_row),
    "oc2_rows": ("OC2", oc2_row),
}


def _prepared(rows, ids: dict[str, int], key, seen: set[int]):
    """Rows with the child's key, each natural key once (the first listed: a review listed
    twice is one review, its differing codes flagged when checked); `seen` gathers the keys'
    hashes. One set for both: a second of the same hashes was 35 MiB of the peak at 100,000
    children (550,000 reviews)."""
    for r in rows:
        r["child_id"] = ids[r.pop("child")]
        natural = hash(tuple(r[f] for f in key))
        if natural not in seen:
            seen.add(natural)
            yield r


def _write_table(model, key, rows, report, label, actor, step, la) -> None:
    """Upserted a batch at a time, each against the stored rows of its batch's children only."""
    for batch in _batches(rows):
        children = {r["child_id"] for r in batch}
        existing = model.objects.filter(child_id__in=one_of(children))
        upsert(model, key=key, rows=batch, existing=existing,
               report=report, label=label, actor=actor, progress=step,
               la_ids={la.pk})  # fmt: skip


BATCH = 5000  # rows: a batch's children stay well under SQLite's 32,766 parameters (3.32+)


def _batches(rows):
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _remove_replaced(key, written, stored, in_return, label, report: Report, actor) -> None:
    """Stored rows of the year that the return no longer has: a correction made at source.
    (A hash shared by two keys could only keep a row, never remove one.)"""
    stale_pks = [
        pk for pk, *natural in stored.values_list("pk", *key).iterator(chunk_size=5000)
        if natural[0] in in_return and hash(tuple(natural)) not in written
    ]  # fmt: skip
    if not stale_pks:
        return
    stale = list(stored.model.objects.filter(pk__in=stale_pks))
    children = len({obj.child_id for obj in stale})
    for obj in stale:  # one by one: few, and each leaves a "-" history record with its author
        obj._history_user = as_user(actor)
        obj._change_reason = "replaced by a later return"
        obj.delete()
    report.count(label, "removed", len(stale))
    report.notes.append(
        f"{len(stale)} {label} replaced for {children} "
        f"{'child' if children == 1 else 'children'} (kept in history)"
    )


def _write_children(tables, parsed, la, report, actor, step) -> None:
    """The Header's children, then UASC status (for them or for children already stored)."""
    rows = ({"la_id": la.pk} | header_row(c) for c in _checkers(tables, "Header"))
    for batch in _batches(rows):
        _upsert_children(batch, parsed, la, report, actor, step)
    in_header = set(parsed.children)
    uasc = (
        {
            "la_id": la.pk,
            "la_child_id": r["child"],
            "is_uasc": True,
            "uasc_ceased_on": r["ceased_on"],
        }
        for r in parsed_rows(tables, "UASC", uasc_row)
        if r["child"] not in in_header
    )
    for batch in _batches(uasc):
        _upsert_children(batch, parsed, la, report, actor, step)


def _upsert_children(rows, parsed, la, report, actor, step) -> None:
    existing = Child.objects.filter(
        la=la, la_child_id__in=one_of([r["la_child_id"] for r in rows], "text")
    )
    stored_uasc = dict(existing.values_list("la_child_id", "is_uasc"))
    for row in rows:
        child = row["la_child_id"]
        if "is_uasc" in row:
            continue
        if child in parsed.uasc:
            row |= {"is_uasc": True, "uasc_ceased_on": parsed.uasc[child]}
        elif child not in stored_uasc:
            row["is_uasc"] = False
    upsert(Child, key=("la_id", "la_child_id"), rows=rows, existing=existing, report=report,
           label="children", actor=actor, progress=step)  # fmt: skip


def _checkers(tables, name: str):
    """Checkers over the named tables' rows, reporting to no one (the rows were checked)."""
    quiet = Report()
    for table in tables.get(name, []):
        for row in table.rows:
            yield Checker(quiet, table, row)


def _store_flags(parsed, la, year: int, ids: dict[str, int], report: Report) -> None:
    """This year's consistency flags replace the last import's for the same year."""
    flags = flags_for_return(parsed, la, year)
    ReturnFlag.objects.filter(la=la, collection_year=year).delete()
    ReturnFlag.objects.bulk_create(
        ReturnFlag(la=la, child_id=ids[f.child], collection_year=year, kind=f.kind,
                   rule=f.rule, message=f.message)
        for f in flags
    )  # fmt: skip
    for f in flags:
        report.notes.append(
            f"CHILD {f.child}: {f.message}" + (f" (rule {f.rule})" if f.rule else "")
        )
