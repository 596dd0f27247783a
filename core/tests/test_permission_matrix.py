"""Every URL from the resolver, requested as every role and anonymously, against a checked-in
table (permission_matrix.csv). A URL missing from the table fails; so does any changed status.

To see what changed after adding a URL: RECORD_PERMISSION_MATRIX=1 pytest this file writes the
observed table to permission_matrix.observed.csv, to compare and review by hand before copying.
"""

from __future__ import annotations

import csv
import datetime
import os
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from accounts import services as account_services
from accounts.models import RoleAssignment
from accounts.roles import Role
from accounts.services import sign_in_link
from audit.models import AccessLog
from core.urls_inventory import all_routes
from sen.models import EhcpAssessment

HERE = Path(__file__).parent
TABLE = HERE / "permission_matrix.csv"
OBSERVED = HERE / "permission_matrix.observed.csv"
WHO = ["anonymous", *Role.values]

# Requests other than GET worth pinning down: they change who can do what.
EXTRA_REQUESTS = [
    ("POST", "accounts:user_deactivate"),
    ("POST", "accounts:user_reactivate"),
    ("POST", "accounts:user_mfa_reset"),
    ("POST", "accounts:user_role_add"),
    ("POST", "accounts:user_role_remove"),
    ("POST", "accounts:api_token_create"),
    ("POST", "accounts:api_token_revoke"),
    ("POST", "authorities:settings"),
    ("POST", "imports:list"),
    ("POST", "children:caseloads"),
    ("POST", "children:placement_end"),
    ("POST", "children:placement_to_successor"),
    ("POST", "schools:inspection"),
    ("POST", "attendance:exclusion_new"),
    ("POST", "attendance:alert_action"),
    ("POST", "sen:status_edit"),
    ("POST", "peps:section"),
    ("POST", "peps:submit"),
    ("POST", "peps:sign_off"),
    ("POST", "peps:new_version"),
    ("POST", "peps:evaluate"),
    ("POST", "funding:settings"),
    ("POST", "funding:decide"),
    ("POST", "funding:requests"),
    ("POST", "schools:areas"),
    ("POST", "schools:area"),
    ("POST", "schools:designated_teacher"),
    ("POST", "schools:visit_new"),
    ("POST", "schools:action_done"),
    ("POST", "self_evaluations:school"),
    ("POST", "self_evaluations:detail"),
    ("POST", "self_evaluations:criteria"),
    ("POST", "events:new"),
    ("POST", "events:detail"),
    ("POST", "events:book"),
    ("POST", "events:cancel"),
    ("POST", "events:evaluation"),
    ("POST", "school_places:refer"),
    ("POST", "school_places:detail"),
    ("POST", "school_places:letter_edit"),
    ("POST", "school_places:package_new"),
    ("POST", "school_places:package"),
    ("POST", "school_places:transfer_new"),
    ("POST", "school_places:transfer"),
    ("POST", "la_directory:edit"),
    ("POST", "advice:new"),
    ("POST", "advice:detail"),
    ("POST", "ask:form"),
    ("POST", "enrichment:new"),
    ("POST", "enrichment:detail"),
    ("POST", "enrichment:edit"),
    ("POST", "enrichment:consent"),
    ("POST", "enrichment:post16_check"),
    ("POST", "post16:plan"),
    ("POST", "post16:grant_new"),
    ("POST", "post16:grant_edit"),
    ("POST", "post16:request"),
    ("POST", "post16:request_new"),
    ("POST", "funding:line_release"),
    ("POST", "funding:run_new"),
    ("POST", "funding:central_new"),
    ("POST", "reports:list"),
    ("POST", "reports:benchmarks"),
]


def _load_table() -> dict[tuple[str, str], dict[str, str]]:
    with TABLE.open(newline="") as fh:
        return {(row["method"], row["url"]): row for row in csv.DictReader(fh)}


def _pep(world):
    """A PEP in progress for world.child, in a term of the LA's calendar."""
    from authorities.terms import calendar_set_typical
    from peps.models import Pep

    pep = Pep.objects.filter(child=world.child).first()
    if pep is None:
        calendar_set_typical(la=world.la, years=[2025])
        pep = Pep.objects.create(
            child=world.child, pep_type="termly", due_on=datetime.date(2025, 11, 28)
        )
        pep.sections.create(key="carer")
    return pep


def _values(world) -> dict:
    """The arguments of most URLs, built once per test outside the requests' savepoints.

    Each request rolls back what it did; the objects made here (a case, an event, a grant
    line...) outlive those rollbacks, so one test makes them once, not once per person.
    """
    target = world.users["social_worker"]
    return {
        "children:detail": {"pk": world.child.pk},
        "children:access_log": {"pk": world.child.pk},
        "children:data_quality_check": {"key": "upn"},
        "children:placement_new": {"pk": world.child.pk},
        "accounts:user_detail": {"pk": target.pk},
        "accounts:user_deactivate": {"pk": target.pk},
        "accounts:user_reactivate": {"pk": target.pk},
        "accounts:user_mfa_reset": {"pk": target.pk},
        "accounts:user_role_add": {"pk": target.pk},
        "accounts:user_role_remove": {
            "pk": target.pk,
            "assignment_pk": RoleAssignment.objects.get(user=target).pk,
        },
        "api:get_child": {"child_id": world.child.pk},
        "authorities:settings": {"code": world.la.code},
        "schools:detail": {"urn": world.school.urn},
        "schools:inspection": {"urn": world.school.urn},
        "schools:designated_teacher": {"urn": world.school.urn},
        "schools:governors_report": {"urn": world.school.urn, "fmt": "docx"},
        "self_evaluations:school": {"urn": world.school.urn},
        "school_places:refer": {"child_pk": world.child.pk},
        "school_places:detail": {"pk": _case(world).pk},
        "school_places:letter": {
            "pk": _case(world).pk,
            "escalation_pk": _escalation(world).pk,
            "kind": "sos_request",
            "fmt": "pdf",
        },
        "school_places:letter_edit": {"la_pk": world.la.pk, "kind": "notice"},
        "school_places:package_new": {"child_pk": world.child.pk},
        "school_places:package": {"pk": _package(world).pk},
        "school_places:transfer_new": {"child_pk": world.child.pk},
        "school_places:transfer": {"pk": _transfer(world).pk},
        "la_directory:edit": {"code": "331"},
        "advice:detail": {"pk": _advice(world).pk},
        "ask:form": {"la_code": world.la.code},
        "ask:sent": {"la_code": world.la.code},
        "enrichment:detail": {"pk": _activity(world).pk},
        "enrichment:edit": {"pk": _activity(world).pk},
        "enrichment:consent": {"child_pk": world.child.pk},
        "enrichment:post16_check": {"child_pk": world.child.pk},
        "post16:plan": {"pep_pk": _pep(world).pk},
        "post16:grant": {"pk": _post16_request(world).grant_id},
        "post16:grant_edit": {"pk": _post16_request(world).grant_id},
        "post16:request": {"pk": _post16_request(world).pk},
        "post16:request_new": {"child_pk": world.child.pk},
        "api:get_case": {"case_id": _case(world).pk},
        "api:add_application": {"case_id": _case(world).pk},
        "api:get_package": {"package_id": _package(world).pk},
        "api:list_bookings": {"activity_id": _activity(world).pk},
        **{
            f"events:{n}": {"pk": _event(world).pk}
            for n in ("detail", "book", "cancel", "certificate", "evaluation")
        },
        "self_evaluations:detail": {"pk": _self_evaluation(world).pk},
        "schools:visit_new": {"urn": world.school.urn},
        "schools:area": {"pk": _area(world).pk},
        "schools:action_done": {"pk": _action(world).pk},
        "api:get_school_api": {"urn": world.school.urn},
        "api:school_work_api": {"urn": world.school.urn},
        "attendance:child": {"pk": world.child.pk},
        "attendance:exclusion_new": {"pk": world.child.pk},
        "attendance:alert_action": {
            "pk": world.child.pk,
            "kind": "exclusion",
            "since": "2025-10-01",
        },
        "api:child_attendance": {"child_id": world.child.pk},
        "sen:child": {"pk": world.child.pk},
        "attainment:child": {"pk": world.child.pk},
        "peps:child": {"pk": world.child.pk},
        "sen:status_edit": {"pk": world.child.pk},
        "sen:ehcp_new": {"pk": world.child.pk},
        "sen:sdq_new": {"pk": world.child.pk},
    }


def _kwargs(world, values, route, user) -> dict:
    """Concrete arguments for each parameterised URL, from the world fixture."""
    # Fresh from the database: force_login changes last_login in memory, which would make
    # the sign-in link's token stale after the transaction rolls back.
    target = type(world.users["social_worker"]).objects.get(pk=world.users["social_worker"].pk)
    if route.name in ("children:placement_end", "children:placement_to_successor"):
        placement = world.child.education_placements.get()
        return {"pk": world.child.pk, "placement_pk": placement.pk}
    if route.name.startswith("peps:") and route.name not in {"peps:child", "peps:compliance"}:
        kwargs = {"pk": _pep(world).pk}
        if route.name == "peps:section":
            kwargs["key"] = "carer"
        if route.name == "peps:evaluate":
            kwargs["target_pk"] = 1  # any: a GET is refused before the target is looked up
        return kwargs
    if route.name.startswith("api:") and "pep_id" in route.params:
        return {"pep_id": _pep(world).pk}
    if route.name.startswith("funding:") and route.params:
        return {"pk": _funding(world)[route.name]}
    if route.name == "api:ppplus_summary":
        _funding(world)
        return {"year": "2025-26"}
    if route.name in ("reports:detail", "reports:file"):
        return {
            "pk": _report(world).pk,
            **({"name": "board_pdf"} if "name" in route.params else {}),
        }
    if route.name == "children:ks4_move_approve":
        return {"pk": world.child.pk, "episode_pk": world.child.episodes.first().pk}
    if route.name == "sen:ehcp_edit":
        assessment, _ = EhcpAssessment.objects.get_or_create(
            child=world.child, requested_on=datetime.date(2025, 1, 6)
        )
        return {"pk": world.child.pk, "assessment_pk": assessment.pk}
    if route.name == "children:letter":
        return {"pk": world.child.pk, "notification_pk": _letter(world).pk}
    if route.name.startswith("imports:") and route.params:
        return {"pk": _import_run(world).pk}
    if route.name == "accounts:api_token_revoke":
        # The social worker's token: only its owner may revoke it; anyone else gets a 404.
        return {"pk": target.api_tokens.first().pk}
    if route.name == "account_reset_password_from_key":
        link = sign_in_link(user=target, base_url="")
        uidb36, key = link.rstrip("/").split("/")[-1].split("-", 1)
        return {"uidb36": uidb36, "key": key}
    if route.params and route.name not in values:
        pytest.fail(f"{route.name} takes {route.params}: add its arguments to _kwargs()")
    return values.get(route.name, {})


def _letter(world):
    from notifications.models import SchoolNotification

    return SchoolNotification.objects.get_or_create(
        child=world.child,
        school=world.school,
        recipient="headteacher",
        method="letter",
        recipient_name="Head",
        placement=world.child.education_placements.first(),
    )[0]


def _funding(world) -> dict[str, int]:
    """A grant year with a request, a held line and a payment run, keyed by the route using it."""
    from decimal import Decimal

    from funding.models import GrantYear, PaymentLine, PaymentRun, PpRequest
    from peps.models import PepTarget

    grant, _ = GrantYear.objects.get_or_create(
        la=world.la, year="2025-26", defaults={"rate_per_child": Decimal("2630")}
    )
    pep = _pep(world)
    target, _ = PepTarget.objects.get_or_create(
        pep=pep,
        what="Tuition",
        defaults={"measure": "m", "by_when": datetime.date(2026, 3, 1), "who": "DT"},
    )
    request, _ = PpRequest.objects.get_or_create(
        grant_year=grant, target=target, defaults={"requested": Decimal("100")}
    )
    run, _ = PaymentRun.objects.get_or_create(grant_year=grant, number=1)
    line, _ = PaymentLine.objects.get_or_create(
        grant_year=grant,
        child=world.child,
        pep=pep,
        kind="release",
        defaults={"amount": Decimal("600"), "status": "held"},
    )
    by_grant = ["ledger", "settings", "requests", "central_new", "run_new"]
    return {
        **{f"funding:{name}": grant.pk for name in by_grant},
        "funding:decide": request.pk,
        "funding:line_release": line.pk,
        "funding:run_csv": run.pk,
    }


def _post16_request(world):
    """A Post-16 PP+ line and a request waiting for a decision for world.child."""
    from decimal import Decimal

    from authorities.terms import calendar_set_typical
    from post16.models import Post16Grant, Post16Request

    calendar_set_typical(la=world.la, years=[2025])
    grant, _ = Post16Grant.objects.get_or_create(
        la=world.la, year="2025-26", defaults={"allocation": Decimal("5000")}
    )
    request, _ = Post16Request.objects.get_or_create(
        grant=grant,
        child=world.child,
        defaults={
            "term": world.la.terms.first(),
            "amount": Decimal("100"),
            "purpose": "course",
            "detail": "Books",
        },
    )
    return request


def _report(world):
    from reports.models import ReportRun

    return ReportRun.objects.filter(la=world.la).first() or ReportRun.objects.create(
        la=world.la,
        kind="termly",
        period="2025-autumn",
        created_by=world.users["virtual_school_head"],
        status="succeeded",
        board_pdf=b"%PDF-1.7",
    )


def _area(world):
    from schools.models import Area, AreaSchool

    area, _ = Area.objects.get_or_create(la=world.la, name="North")
    area.officers.add(world.users["area_education_officer"])
    AreaSchool.objects.get_or_create(la=world.la, school=world.school, defaults={"area": area})
    return area


def _case(world):
    import datetime

    from school_places.models import Case

    return Case.objects.filter(child=world.child).first() or Case.objects.create(
        la=world.la,
        child=world.child,
        source="officer",
        reason="Gap",
        opened_on=datetime.date(2026, 1, 5),
    )


def _escalation(world):
    import datetime

    from school_places.models import Application, Escalation

    case = _case(world)
    found = Escalation.objects.filter(case=case).first()
    if found:
        return found
    application = Application.objects.create(
        case=case, school=world.school, sent_on=datetime.date(2026, 1, 6), decision="refused"
    )
    return Escalation.objects.create(
        case=case, application=application, route="sos", started_on=datetime.date(2026, 1, 20)
    )


def _package(world):
    import datetime

    from school_places.models import Package

    return Package.objects.filter(child=world.child).first() or Package.objects.create(
        la=world.la, child=world.child, kind="part_time", provider="school",
        provider_name="Oak Park", provider_urn=world.school.urn, hours_a_week=15,
        payer="school", starts_on=datetime.date(2026, 1, 5),
        review_on=datetime.date(2026, 2, 16))  # fmt: skip


def _transfer(world):
    import datetime

    from school_places.models import EhcpTransfer

    return EhcpTransfer.objects.filter(child=world.child).first() or EhcpTransfer.objects.create(
        la=world.la, child=world.child, from_la_code="331", to_la_code="330",
        paying_la_code="330", moved_on=datetime.date(2026, 1, 5),
        notified_on=datetime.date(2026, 1, 2))  # fmt: skip


def _activity(world):
    import datetime

    from enrichment.models import Activity

    return Activity.objects.filter(la=world.la).first() or Activity.objects.create(
        la=world.la, title="Drumming", category="music", starts_on=datetime.date(2030, 2, 1),
        ends_on=datetime.date(2030, 2, 1), place="Hall", where="in_la", capacity=10,
        groups=["cla"])  # fmt: skip


def _advice(world):
    import datetime

    from advice.models import AdviceRequest

    return AdviceRequest.objects.filter(la=world.la).first() or AdviceRequest.objects.create(
        la=world.la, reference="ADV-TEST01", received_on=datetime.date(2026, 1, 5),
        channel="phone", requester_type="adoptive_parent", topics=["admissions"],
        question="Which school?", due_on=datetime.date(2026, 1, 14))  # fmt: skip


def _event(world):
    import datetime

    from events.models import Event

    start = datetime.datetime(2030, 1, 10, 9, 30, tzinfo=datetime.UTC)
    return Event.objects.filter(la=world.la).first() or Event.objects.create(
        la=world.la, kind="dt_network", title="Network", starts_at=start, place="Hall",
        ends_at=start + datetime.timedelta(hours=2), capacity=30)  # fmt: skip


def _self_evaluation(world):
    import datetime

    from self_evaluations.models import SelfEvaluation

    return SelfEvaluation.objects.filter(la=world.la).first() or SelfEvaluation.objects.create(
        la=world.la, school=world.school, started_on=datetime.date(2026, 1, 5))  # fmt: skip


def _action(world):
    import datetime

    from visits.models import SchoolAction

    return SchoolAction.objects.filter(la=world.la).first() or SchoolAction.objects.create(
        la=world.la, school=world.school, what="Update the DT register", owner_name="Head",
        due_on=datetime.date(2026, 1, 31))  # fmt: skip


def _import_run(world):
    from imports.models import ImportRun

    run = ImportRun.objects.filter(la=world.la).first()
    return run or ImportRun.objects.create(
        kind="people", la=world.la, created_by=world.users["data_officer"], status="failed"
    )


def _request(client, world, values, method, route, who):
    user = None if who == "anonymous" else world.users[who]
    headers = {}
    with transaction.atomic():
        account_services.api_token_create(
            user=world.users["social_worker"], name="matrix", lifetime=_DAY
        )
        if user is not None:
            if route.name.startswith("api:"):
                raw = account_services.api_token_create(user=user, name="api", lifetime=_DAY)
                headers["Authorization"] = f"Bearer {raw}"
            else:
                client.force_login(user, backend=_BACKEND)
        url = reverse(route.name, kwargs=_kwargs(world, values, route, user))
        data = {"role": Role.CARER, "la": str(world.la.pk)} if method == "POST" else None
        logged_before = AccessLog.objects.filter(user=user).count() if user else 0
        response = client.generic(
            method,
            url,
            data=_encode(data),
            headers=headers,
            content_type="application/x-www-form-urlencoded",
        )
        logged = bool(user) and AccessLog.objects.filter(user=user).count() > logged_before
        transaction.set_rollback(True)
    body = response.content if "html" in response.get("Content-Type", "") else b""
    _UNTITLED_ERRORS[(method, route.name, who)] = (
        b"govuk-error-summary" in body and b"<title>Error: " not in body
    )
    client.logout()
    _LOGGED[(method, route.name, who)] = logged
    return response.status_code


# Whether each request left an access-log row for its user (read by the walk below).
_LOGGED: dict[tuple[str, str, str], bool] = {}
# Whether a page showed an error summary without "Error: " starting its title (GOV.UK).
_UNTITLED_ERRORS: dict[tuple[str, str, str], bool] = {}
CHILD_SCOPED_APPS = {
    "children",
    "attendance",
    "sen",
    "attainment",
    "peps",
    "school_places",
    "enrichment",
    "post16",
}
CHILD_SCOPED_API = {
    "api:get_child",
    "api:child_attendance",
    "api:get_pep",
    "api:get_case",
    "api:get_package",
    "api:list_bookings",
}


def _shows_a_child(route) -> bool:
    """URLs that take a child or a child-owned object (a PEP, a placement, an assessment)."""
    app = route.name.split(":")[0]
    if route.name in NOT_A_CHILD:
        return False
    return bool(route.params) and (app in CHILD_SCOPED_APPS or route.name in CHILD_SCOPED_API)


# In a child-scoped app, with parameters, but about no child: an LA's letter wording, a grant
# line's settings. (A grant line's page names children only once it has requests.)
NOT_A_CHILD = {
    "school_places:letter_edit",
    "enrichment:edit",
    "post16:grant",
    "post16:grant_edit",
}


def _encode(data):
    from urllib.parse import urlencode

    return urlencode(data) if data else ""


_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
_DAY = __import__("datetime").timedelta(days=1)


def _cases():
    routes = {r.name: r for r in all_routes()}
    cases = [("GET", r) for r in routes.values()]
    cases += [(m, routes[name]) for m, name in EXTRA_REQUESTS]
    return cases


@pytest.mark.parametrize(("method", "route"), _cases(), ids=lambda v: getattr(v, "name", v))
def test_permission_matrix(method, route, world, client):
    values = _values(world)
    observed = {who: str(_request(client, world, values, method, route, who)) for who in WHO}
    if os.environ.get("RECORD_PERMISSION_MATRIX"):
        _record(method, route.name, observed)
    expected = _load_table().get((method, route.name))
    assert expected is not None, (
        f"{method} {route.name} has no row in {TABLE.name}. Observed: {observed}"
    )
    mismatches = {w: (expected[w], observed[w]) for w in WHO if expected[w] != observed[w]}
    assert not mismatches, f"{method} {route.name}: (expected, observed) {mismatches}"
    untitled = [w for w in WHO if _UNTITLED_ERRORS[(method, route.name, w)]]
    assert not untitled, f"{method} {route.name}: an error summary without 'Error: ' in the title"
    # The access-log walk: a page or endpoint that answered a child's data left a row.
    if _shows_a_child(route):
        silent = [w for w in WHO if observed[w] == "200" and not _LOGGED[(method, route.name, w)]]
        assert not silent, f"{method} {route.name} showed child data with no access log: {silent}"


def test_table_has_no_rows_for_urls_that_no_longer_exist():
    known = {(m, r.name) for m, r in _cases()}
    stale = set(_load_table()) - known
    assert not stale, f"Rows for URLs that no longer exist: {sorted(stale)}"


def _record(method, name, observed):
    new = not OBSERVED.exists()
    with OBSERVED.open("a", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["method", "url", *WHO])
        if new:
            writer.writeheader()
        writer.writerow({"method": method, "url": name, **observed})
