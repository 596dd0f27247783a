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


def ssda903_write(parsed, la, year: int, report: Report, actor, progress) -> None:
    rows = _rows_by_table(parsed, year)
    total = len(parsed.children) + sum(len(r) for r in rows.values())
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        progress("Writing", done[0], total)

    _write_children(parsed, la, report, actor, step)
    ids = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    in_return = {ids[c] for c in _children_in_return(parsed)}
    for model, key, attr, table, label, of_year in _tables(year):
        if table not in parsed.tables:
            continue
        prepared = [{**r, "child_id": ids[r["child"]]} for r in rows[attr]]
        for r in prepared:
            del r["child"]
        # Matched against all the LA's rows (a corrected row may have moved into the year);
        # only the year's rows of the children in the return can be replaced. (No list of ids
        # goes into a query: a return can hold more children than SQLite takes parameters.)
        existing = model.objects.filter(child__la=la)
        upsert(model, key=key, rows=prepared, existing=existing, report=report, label=label,
               actor=actor, progress=step)  # fmt: skip
        replaceable = [r for r in existing.filter(of_year) if r.child_id in in_return]
        _remove_replaced(key, prepared, replaceable, label, report, actor)
    _store_flags(parsed, la, year, ids, report)
    from funding.allocation import eligible_counts_forget  # funding reads the roll: import late

    eligible_counts_forget(la)  # the allocation's count follows the episodes
    from core.kept import kept_forget

    kept_forget(la)  # who is on the roll changed: what the pages keep follows (core.kept)


def _rows_by_table(parsed, year: int) -> dict[str, list[dict]]:
    sdq = [
        {"child": r["child"], "collection_year": year, "source": SdqScore.Source.SSDA903,
         "score": r["score"], "reason": r["reason"]}
        for r in parsed.oc2
    ]  # fmt: skip
    oc2 = [
        {k: v for k, v in r.items() if k not in {"score", "reason"}} | {"collection_year": year}
        for r in parsed.oc2
    ]
    return {
        "episodes": parsed.episodes,
        "missing": parsed.missing,
        "reviews": parsed.reviews,
        "sw_episodes": parsed.sw_episodes,
        "dolo": parsed.dolo,
        "sdq": sdq,
        "oc2_rows": oc2,
    }


def _children_in_return(parsed) -> set[str]:
    """The children the return speaks for: its Header rows, or without a Header table, every
    child its other tables name."""
    if parsed.children:
        return set(parsed.children)
    named: set[str] = set()
    for attr in ("episodes", "missing", "reviews", "oc2", "sw_episodes", "dolo"):
        named |= {r["child"] for r in getattr(parsed, attr)}
    return named


def _remove_replaced(key, prepared, stored, label, report: Report, actor) -> None:
    """Stored rows of the year that the return no longer has: a correction made at source."""
    kept = {tuple(r[f] for f in key) for r in prepared}
    stale = [obj for obj in stored if tuple(getattr(obj, f) for f in key) not in kept]
    if not stale:
        return
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


def _write_children(parsed, la, report, actor, step) -> None:
    rows = []
    stored_uasc = dict(Child.objects.filter(la=la).values_list("la_child_id", "is_uasc"))
    for child_id, data in parsed.children.items():
        row = {"la_id": la.pk, **data}
        if child_id in parsed.uasc:
            row |= {"is_uasc": True, "uasc_ceased_on": parsed.uasc[child_id]}
        elif child_id not in stored_uasc:
            row["is_uasc"] = False
        rows.append(row)
    for child_id, ceased in parsed.uasc.items():
        if child_id not in parsed.children:  # UASC rows for children already stored
            rows.append(
                {"la_id": la.pk, "la_child_id": child_id, "is_uasc": True, "uasc_ceased_on": ceased}
            )
    upsert(
        Child,
        key=("la_id", "la_child_id"),
        rows=rows,
        existing=Child.objects.filter(la=la),
        report=report,
        label="children",
        actor=actor,
        progress=step,
    )


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
