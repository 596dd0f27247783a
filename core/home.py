"""The per-role home page: 'your work', one section per role the user holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from accounts.roles import LA_SCOPED_ROLES, Capability, Role
from accounts.selectors import role_assignments, user_capabilities
from attendance.alerts import ATTENDANCE_ALERT_ROLES
from authorities.selectors import las_for_user
from children.kept_no_place import NO_PLACE_ROLES, no_place_for
from children.ks4_moves import ks4_moves
from children.models import Child
from children.roll.loader import roll_entries
from children.selectors import children_for_home
from core.kept import kept_figures, outside
from peps.kept_due import due_soon
from peps.rules import PEP_ROLES


@dataclass
class Section:
    title: str
    empty_text: str
    children: list = field(default_factory=list)
    count: int | None = None
    link_href: str = ""
    link_text: str = ""
    alerts: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    attendance_alerts: list = field(default_factory=list)
    peps_due: list = field(default_factory=list)
    schools: list = field(default_factory=list)  # schools.figures.SchoolRow
    actions: list = field(default_factory=list)  # visits.models.SchoolAction
    advice: list = field(default_factory=list)  # (advice.models.AdviceRequest, days left)
    more: int = 0
    more_href: str = ""  # the full list, where "and N more" leads

    def child_ids(self) -> set[int]:
        """The children this section names (for the access log)."""
        named = [*self.children]
        for items in (self.entries, self.alerts, self.attendance_alerts, self.peps_due):
            named += [getattr(item, "child", None) for item in items]
        return {c.pk for c in named if c is not None}


def _reports_section(user) -> Section:
    from reports.access import reports_visible_to

    ready = reports_visible_to(user).filter(status="succeeded").count()
    text = f"{ready} report{'s' if ready != 1 else ''} ready" if ready else "No reports yet"
    return Section("Reports", "", link_href=reverse("reports:list"), link_text=text)


def _funding_section(user) -> Section:
    from funding.access import grants_visible_to
    from funding.models import PpRequest

    waiting = PpRequest.objects.filter(
        grant_year__in=grants_visible_to(user), status=PpRequest.Status.PENDING
    ).count()
    return Section(
        "Pupil Premium Plus",
        "",
        link_href=reverse("funding:list"),
        link_text=f"{waiting} request{'s' if waiting != 1 else ''} waiting for a decision",
    )


def home_sections(user) -> list[Section]:
    roles = {a.role for a in role_assignments(user)}
    caps = user_capabilities(user)
    sections: list[Section] = []
    if roles & LA_SCOPED_ROLES:
        sections.append(_roll_section(user))
    if roles & {Role.SOCIAL_WORKER, Role.IRO, Role.CARER, Role.DESIGNATED_TEACHER}:
        sections.append(_my_children_section(user, roles))
    if Role.EDUCATION_SUPPORT_ADVISOR in roles:
        sections.append(_class_list_section(user))
    if Role.AREA_EDUCATION_OFFICER in roles:
        sections.append(_schools_section(user))
    elif Capability.MANAGE_AREAS in caps:
        sections.append(_schools_to_follow_up(user))
    if Capability.WORK_WITH_SCHOOLS in caps or Role.DESIGNATED_TEACHER in roles:
        sections.append(_actions_section(user))
    if roles & NO_PLACE_ROLES:
        sections.append(_no_place_section(user, roles))
    if Capability.MANAGE_SCHOOL_PLACES in caps:
        sections.append(_cases_section(user))
        sections.append(_packages_section(user))
    if roles & {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}:
        sections.append(_ks4_moves_section(user))
    if roles & ATTENDANCE_ALERT_ROLES:
        sections.append(_attendance_alerts_section(user, roles))
    if Capability.VIEW_CHILD in caps and roles & PEP_ROLES:  # PEPs are not everyone's work
        sections.append(_peps_due_section(user, roles))
    if Capability.MANAGE_ADVICE in caps:
        sections.append(_advice_section(user))
    if Capability.MANAGE_ENRICHMENT in caps or Role.PARTNER_STAFF in roles:
        sections.append(_activities_section(user))
    if roles & {Role.EDUCATION_SUPPORT_ADVISOR, Role.TEAM_MANAGER}:
        sections.append(_neet_section(user))
    if roles & {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER, Role.EDUCATION_SUPPORT_ADVISOR}:
        sections.append(_post16_pp_section(user))
    if _cwsw(user):
        sections.append(
            Section(
                "Children with a social worker",
                "",
                link_href=reverse("cwsw:figures"),
                link_text="Cohort figures from the CIN census",
            )
        )
    if Capability.VIEW_AGGREGATE in caps:
        sections.append(_reports_section(user))
    if Capability.MANAGE_FUNDING in caps:
        sections.append(_funding_section(user))
    if Capability.VIEW_AGGREGATE in caps and Capability.VIEW_CHILD in caps:
        sections.append(
            Section(
                "Cohort",
                "",
                link_href=reverse("children:cohort"),
                link_text="The cohort by key stage, school and time in care",
            )
        )
    if Capability.MANAGE_CASELOADS in caps:
        sections.append(
            Section(
                "Caseloads",
                "",
                link_href=reverse("children:caseloads"),
                link_text="Allocate children to advisors",
            )
        )
    if Capability.IMPORT_DATA in caps:
        sections.append(
            Section(
                "Data",
                "",
                link_href=reverse("children:data_quality"),
                link_text="Data quality: records to check",
            )
        )
    if Capability.MANAGE_USERS in caps:
        sections.append(
            Section("Users", "", link_href=reverse("accounts:user_list"), link_text="Manage users")
        )
    for la in las_for_user(user, Capability.MANAGE_LA_SETTINGS):
        sections.append(
            Section(
                f"{la.name} settings",
                "",
                link_href=reverse("authorities:settings", args=[la.code]),
                link_text="Deadlines and thresholds",
            )
        )
    return sections


def _schools_section(user) -> Section:
    from schools.figures import officer_rows

    rows = officer_rows(user, timezone.localdate())
    flagged = sorted(rows, key=lambda r: (not r.flags, r.school.name))  # what needs doing first
    return Section(
        "Your schools",
        "No schools yet: ask your Virtual School Head for an area.",
        schools=flagged[:ALERTS_SHOWN],
        more=max(0, len(rows) - ALERTS_SHOWN),
        more_href=reverse("schools:mine"),
    )


def _schools_to_follow_up(user) -> Section:
    """For the VSH and team managers: schools with our children and no designated teacher, an
    untrained or lapsed one, or an overdue visit (every school with our children is counted)."""
    from schools.figures import officer_rows

    rows = [r for r in officer_rows(user, timezone.localdate()) if r.flags]
    return Section(
        "Schools to follow up",
        "Every school with our children has a trained designated teacher and is visited on time.",
        schools=rows[:ALERTS_SHOWN],
        more=max(0, len(rows) - ALERTS_SHOWN),
        more_href=reverse("schools:mine"),
    )


def _cases_section(user) -> Section:
    from school_places.selectors import cases_visible_to, overdue_decisions

    today = timezone.localdate()
    cases = cases_visible_to(user)
    count = cases.filter(closed_on__isnull=True).count()
    late = overdue_decisions(cases, today).count()
    text = f"{count} open case{'s' * (count != 1)}"
    if late:
        text += f", {late} admission decision{'s' * (late != 1)} overdue"
    return Section(
        "School place cases", "", link_href=reverse("school_places:list"), link_text=text
    )


def _packages_section(user) -> Section:
    """AP, bespoke packages and part-time timetables needing the officer, and the clocks of
    escalations and EHCP transfers that have run out."""
    from school_places.selectors import flagged_packages, late_clocks, packages_for

    today = timezone.localdate()
    flagged = flagged_packages(packages_for(user), today).count()
    late = late_clocks(user, today)
    text = f"{flagged} package{'s' * (flagged != 1)} need{'s' * (flagged == 1)} attention"
    if late:
        text += f"; {late} escalation or EHCP transfer step{'s' * (late != 1)} overdue"
    return Section(
        "Alternative provision and part-time timetables",
        "",
        link_href=reverse("school_places:packages") + "?alerts=1",
        link_text=text,
    )


def _activities_section(user) -> Section:
    from enrichment.access import activities_for

    soon = activities_for(user).filter(ends_on__gte=timezone.localdate()).count()
    text = f"{soon} activit{'ies' if soon != 1 else 'y'} coming up"
    return Section(
        "Enrichment activities", "", link_href=reverse("enrichment:list"), link_text=text
    )


def _neet_section(user) -> Section:
    """Young people in Years 12 and 13 not in education, employment or training this month."""
    from enrichment.models import Post16Check
    from enrichment.post16_views import post16_children

    today = timezone.localdate()
    neet = Post16Check.objects.filter(
        child__in=post16_children(user, today), month=today.replace(day=1), activity="neet"
    ).select_related("child__la")
    children = [c.child for c in neet[:ALERTS_SHOWN]]
    return Section(
        "Not in education, employment or training (NEET) this month",
        "No young person is recorded as NEET this month.",
        children=children,
        link_href=reverse("enrichment:post16"),
        link_text="Post-16 activity",
    )


def _post16_pp_section(user) -> Section:
    """Post-16 PP+ requests this person decides: within the advisor's limit, or referred to
    them as the post-16 lead or the VSH."""
    from post16.selectors import waiting_for

    waiting = waiting_for(user).count()
    return Section(
        "Post-16 Pupil Premium Plus",
        "",
        link_href=reverse("post16:grants"),
        link_text=f"{waiting} request{'s' * (waiting != 1)} waiting for your decision",
    )


def _cwsw(user) -> bool:
    from cwsw.access import cwsw_la_ids

    return bool(cwsw_la_ids(user))


def _advice_section(user) -> Section:
    """Requests not yet answered, the nearest due (and the overdue) first."""
    from advice.access import requests_for
    from advice.rules import working_days_left

    today = timezone.localdate()
    waiting = requests_for(user).filter(closed_on__isnull=True, first_answered_on__isnull=True)
    total = waiting.count()
    shown = [(r, working_days_left(r.due_on, today)) for r in waiting[:ALERTS_SHOWN]]
    return Section(
        "Advice requests",
        "No advice requests are waiting for an answer.",
        advice=shown,
        more=max(0, total - ALERTS_SHOWN),
        more_href=reverse("advice:list"),
    )


def _actions_section(user) -> Section:
    from visits.selectors import open_actions_for

    actions = open_actions_for(user)
    total = actions.count()
    return Section(
        "Your actions for schools",
        "You have no open actions.",
        actions=list(actions[:ALERTS_SHOWN]),
        more=max(0, total - ALERTS_SHOWN),
    )


def _no_place_section(user, roles) -> Section:
    alerts = no_place_for(user, timezone.localdate())  # kept, paged in the database
    total = len(alerts)
    return Section(
        "Children without a school place",
        "Every child on the roll has a school place.",
        alerts=alerts[:ALERTS_SHOWN],
        more=max(0, total - ALERTS_SHOWN),
        more_href=reverse("children:no_place"),
    )


ALERTS_SHOWN = 50


def _attendance_alerts_section(user, roles) -> Section:
    """The alerts the person follows (attendance.kept_alerts.alerts_for has who follows what),
    paged in the database."""
    from attendance.kept_alerts import alerts_for

    alerts = alerts_for(user, timezone.localdate())
    return Section(
        "Attendance and exclusion alerts",
        "No attendance or exclusion alerts need your attention.",
        attendance_alerts=alerts[:ALERTS_SHOWN],
        more=max(0, len(alerts) - ALERTS_SHOWN),
        more_href=reverse("attendance:alerts"),
    )


def _ks4_moves_section(user) -> Section:
    visible, today = Child.objects.visible_to(user), timezone.localdate()

    def unapproved(children) -> list[int]:
        return [m.child.pk for m in ks4_moves(children, today) if not m.approved]

    whole = _whole_roll_la_ids(user)  # kept per LA (core.kept); anyone else's worked out
    others = outside(visible, whole)
    # Usually nobody (a VSH sees their own LA's children): asked first, since the moves' query
    # for no children still read the LA's care episodes (25 ms at 25,000 children).
    ids = unapproved(others) if others.exists() else []
    for la_id in sorted(whole):
        la_children = Child.objects.filter(la_id=la_id)
        ids += kept_figures(la_id, f"ks4-unapproved:{today}", lambda c=la_children: unapproved(c))
    shown = {c.pk: c for c in Child.objects.filter(pk__in=ids[:ALERTS_SHOWN]).select_related("la")}
    return Section(
        "KS4 placement moves without approval",
        "Every KS4 placement move is approved or recorded as an emergency.",
        children=[shown[pk] for pk in ids[:ALERTS_SHOWN] if pk in shown],
        more=max(0, len(ids) - ALERTS_SHOWN),
        more_href=reverse("children:ks4_moves"),
        link_href=reverse("children:ks4_moves"),
        link_text="KS4 placement moves (regulation 10)",
    )


def _peps_due_section(user, roles) -> Section:
    """Overdue PEPs and those due in four weeks: the whole LA for the VSH and team managers,
    an advisor's caseload, and the children a social worker, teacher or carer is linked to."""
    visible = Child.objects.visible_to(user)
    whole = {
        a.la_id
        for a in role_assignments(user)
        if a.role in {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}
    }
    if roles & LA_SCOPED_ROLES:
        linked = visible.exclude(la_id__in=_whole_roll_la_ids(user))
        visible = (
            visible.filter(la_id__in=whole)
            | visible.filter(education_support_advisor=user)
            | linked
        )
    # Kept rows, paged in the database; the whole LAs by LA (LA-scoped roles see every child).
    due = due_soon(visible.distinct(), timezone.localdate(), whole=whole & _whole_roll_la_ids(user))
    total = len(due)
    return Section(
        "Personal Education Plans due",
        "No PEPs are due in the next four weeks.",
        peps_due=due[:ALERTS_SHOWN],
        more=max(0, total - ALERTS_SHOWN),
        more_href=reverse("peps:compliance"),
    )


def _class_list_section(user) -> Section:
    """The advisor's own caseload: each child's current setting and flags."""
    today = timezone.localdate()
    mine = Child.objects.visible_to(user).filter(education_support_advisor=user).on_roll(today)
    first = mine.order_by("surname", "forename", "la_child_id").values_list("pk", flat=True)
    first = first[:ALERTS_SHOWN]
    entries = roll_entries(Child.objects.filter(pk__in=list(first)), today)
    entries.sort(key=lambda e: (e.child.surname, e.child.forename, e.child.la_child_id))
    return Section(
        "Your class list",
        "No children are allocated to you yet.",
        entries=entries,
        more=max(0, mine.count() - ALERTS_SHOWN),
        more_href=reverse("children:list") + "?caseload=mine",
        link_href=reverse("children:list") + "?caseload=mine",
        link_text="All your children on the roll",
    )


def _roll_section(user) -> Section:
    today = timezone.localdate()
    whole = _whole_roll_la_ids(user)
    others = outside(children_for_home(user), whole).on_roll(today).count()
    count = others + sum(_kept_on_roll(la_id, today) for la_id in whole)
    return Section(
        "Your Virtual School",
        "No children are on the roll yet.",
        count=count,
        link_href=reverse("children:list"),
        link_text="View all children",
    )


def _kept_on_roll(la_id: int, today) -> int:
    """The LA's roll today: its kept dashboard lines (a line for each child on the roll, by the
    roll's rule), counted again after a change (7 ms at 25,000, where on_roll took 46)."""
    from reports.kept_lines import kept_roll_count

    return kept_figures(la_id, f"on-roll:{today}", lambda: kept_roll_count(la_id, today))


def _my_children_section(user, roles) -> Section:
    title = (
        "Children in care at your school" if Role.DESIGNATED_TEACHER in roles else "Your children"
    )
    linked = children_for_home(user).exclude(la_id__in=_whole_roll_la_ids(user))
    return Section(title, "No children are linked to you yet.", children=list(linked[:20]))


def _whole_roll_la_ids(user) -> set[int]:
    return {a.la_id for a in role_assignments(user) if a.role in LA_SCOPED_ROLES}
