"""The attendance cohort as the page opens (this term so far), kept per child (core.kept has the
rule for keeping them true): each child's tally and groups, worked out by the one rule
(attendance.cohort.cohort_lines) for the children a change touches, and added up in the
database for the page. After a change to one child, the page no longer works out 25,000
children's measures and roll entries again; it reads the kept lines with a few GROUP BY queries.
Other periods are worked out as before (kept whole per LA and period, attendance.cohort)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from attendance.cohort import (
    CohortSummary,
    Group,
    _sen_label,
    cohort_default_start,
    cohort_lines,
)
from attendance.measures import COUNTS, Attended, Tally, absence_flags, attended_db, measures
from attendance.models import KeptAttendanceLine
from children.roll.groups import label_order
from children.roll.rules import LOCATION_LABELS, nc_year_label
from core.kept import Keeper, Kept, kept_current, kept_las
from core.sql import one_of, plain_rows
from imports.upsert import insert_rows

WHAT = "attendance_lines"
TALLY = COUNTS
# The cohort's groups (attendance.cohort._groups) that the lines hold as labels.
LABELLED = {"Key stage": "key_stage", "Year group": "year_group"}


def lines_summary(la, today: datetime.date, *, with_sen: bool) -> CohortSummary:
    """The LA's cohort for this term so far (attendance.cohort.cohort_default_start to today),
    from the kept lines: the same figures as cohort_summary, in a fixed number of queries."""
    kept_current(WHAT, {la.pk}, today)
    rows = KeptAttendanceLine.objects.filter(la=la)
    groups = {title: _grouped(rows, column) for title, column in LABELLED.items()}
    by_school = _by_school(rows, la)
    groups["In or out of the LA"] = _merged(by_school, lambda name, in_la: LOCATION_LABELS[in_la])
    groups["School"] = _merged(by_school, lambda name, in_la: name or "No school")
    if with_sen:
        groups["SEN status"] = _grouped(rows, "sen")
    total = _group("All children", rows.aggregate(**_sums()))
    ordered = rows.select_related("child").order_by("child__la_child_id", "pk")
    return CohortSummary(
        total,
        groups,
        Kept(ordered.filter(persistent=True), _pair),
        Kept(ordered.filter(severe=True), _pair),
    )


def kept_attended(la, start: datetime.date, day: datetime.date) -> dict[int, Attended] | None:
    """Each child's Attended (attendance.measures) from `start` to `day` from the kept lines,
    when they hold that period (this term so far, kept for today); None otherwise."""
    if start != cohort_default_start(la, day) or day != timezone.localdate():
        return None
    kept_current(WHAT, {la.pk}, day)
    return attended_rows(KeptAttendanceLine.objects.filter(la=la), la)


def attended_rows(lines, la) -> dict[int, Attended]:
    """Each line's child's Attended, worked out beside the rows (attended_db): a grown roll's
    45,000 tallies and tests were a fifth of its dashboard's time in Python. Whole numbers
    and booleans, read as the driver returns them (core.sql.plain_rows)."""
    rows = plain_rows(lines.order_by().values_list("child_id", *attended_db(la)))
    return {row[0]: row[1:] for row in rows}


def _sums() -> dict:
    sums = {name: Sum(name) for name in TALLY}
    return sums | {"children": Count("pk"), "n_persistent": Count("pk", filter=Q(persistent=True)),
                   "n_severe": Count("pk", filter=Q(severe=True))}  # fmt: skip


def _group(label: str, sums: dict) -> Group:
    present, approved, authorised, unauthorised, not_possible, no_mark = (
        sums[name] or 0 for name in TALLY
    )
    tally = Tally(present, approved, authorised, unauthorised, not_possible, no_mark)
    return Group(label, sums["children"], tally, sums["n_persistent"], sums["n_severe"])


def _grouped(rows, column: str) -> list[Group]:
    found = rows.values(column).annotate(**_sums()).order_by()
    return sorted((_group(r[column], r) for r in found), key=lambda g: label_order((g.label,)))


def _by_school(rows, la) -> list[tuple[str | None, bool | None, dict]]:
    """(school name, whether in the LA, sums) for each school attended, and for no school."""
    found = rows.values("school_id", "school__name", "school__la_code").annotate(**_sums())
    out = []
    for r in found.order_by():
        in_la = None if r["school_id"] is None else r["school__la_code"] == la.code
        out.append((r["school__name"], in_la, r))
    return out


def _merged(by_school, label_of) -> list[Group]:
    """Schools' sums added up by a label (two schools of one name are one row, as on the
    cohort worked out in full)."""
    merged: dict[str, dict] = {}
    for name, in_la, sums in by_school:
        into = merged.setdefault(label_of(name, in_la), dict.fromkeys(sums, 0))
        for key, value in sums.items():
            if key not in ("school_id", "school__name", "school__la_code"):
                into[key] += value or 0
    groups = [_group(label, sums) for label, sums in merged.items()]
    return sorted(groups, key=lambda g: label_order((g.label,)))


def _pair(row: KeptAttendanceLine) -> tuple[int, Tally]:
    return row.child_id, Tally(**{name: getattr(row, name) for name in TALLY})


def _store(children, day: datetime.date) -> int:
    made = 0
    for la in kept_las(children):
        start = cohort_default_start(la, day)
        lines = cohort_lines(children.filter(la=la), start, day)
        made += len(insert_rows(KeptAttendanceLine, [_line(la, start, x) for x in lines]))
    return made


# A line's columns that come from the child's roll entry on the kept day, not from marks.
LABELS = ("la_id", "child_id", "starts_on", "key_stage", "year_group", "sen", "school_id")


def _marks_changed(children, day: datetime.date, dates) -> None:
    """After the marks writer changed these children's marks and nothing else: each line's
    tally and flags worked out again (attendance.cohort.cohort_lines' measures and flags), its
    labels kept, as the roll on the kept day has not changed. Loading 25,000 roll entries again
    for labels that cannot have changed was half of the kept refresh after a day's marks. A
    child who now has a tally and no line, or a line and no tally, gets the full rule."""
    for la in kept_las(children):
        ours = children.filter(la=la)
        tallies = measures(ours.on_roll(day), cohort_default_start(la, day), day)
        lines = KeptAttendanceLine.objects.filter(child__in=ours.values("pk"))
        kept = {row["child_id"]: row for row in lines.values(*LABELS)}
        odd = set(tallies).symmetric_difference(kept)
        flags = absence_flags(la)
        rows = [_retallied(kept[pk], tallies[pk], flags) for pk in kept if pk not in odd]
        lines.delete()
        insert_rows(KeptAttendanceLine, rows)
        if odd:
            _store(ours.filter(pk__in=one_of(odd)), day)


def _retallied(labels: dict, tally: Tally, flags) -> dict:
    persistent, severe = flags(tally)
    counts = {name: getattr(tally, name) for name in TALLY}
    return labels | counts | {"persistent": persistent, "severe": severe}


def _line(la, start: datetime.date, line) -> dict:
    """The line's row as attribute names (written by COPY on PostgreSQL: no model per row)."""
    entry, tally = line.entry, line.tally
    school = entry.placement.school if entry.placement else None
    return dict(
        la_id=la.pk,
        child_id=line.child.pk,
        starts_on=start,
        **{name: getattr(tally, name) for name in TALLY},
        persistent=line.persistent,
        severe=line.severe,
        key_stage=entry.key_stage_label,
        year_group=nc_year_label(entry.nc_year),
        sen=_sen_label(entry),
        school_id=school.pk if school else None,
    )


def _clear(children) -> None:
    KeptAttendanceLine.objects.filter(child__in=children.values("pk")).delete()


def keeper() -> Keeper:
    from attendance.models import SessionMark, TermSummary
    from authorities.models import ClosureDay, LocalAuthority, Term
    from children.models import CareEpisode, Child, EducationPlacement
    from sen.models import SenStatus

    # The child's own row: the date of birth gives the year group.
    return Keeper(WHAT, _store, _clear, KeptAttendanceLine,
                  child_models=(Child, SessionMark, TermSummary, CareEpisode, EducationPlacement,
                                SenStatus),
                  la_models=(Term, ClosureDay, LocalAuthority),
                  changed_only=SessionMark, refresh_changed=_marks_changed)  # fmt: skip
