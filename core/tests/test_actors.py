"""A service is told who acts: a person, or SYSTEM for a command or task. A missing actor is
refused rather than read as "the system", so it cannot switch a permission check off unseen."""

import datetime

import pytest

from accounts import services as accounts_services
from attendance import services as attendance_services
from authorities import services as authorities_services
from children import services as children_services
from core.actors import SYSTEM, as_user, is_system
from imports import services as imports_services
from peps.services import pep_initiate
from reports import services as reports_services
from schools import services as schools_services
from sen import services as sen_services

pytestmark = pytest.mark.django_db


def test_a_missing_actor_is_refused(world):
    with pytest.raises(ValueError, match="SYSTEM"):
        pep_initiate(child=world.child, actor=None, day=datetime.date(2025, 10, 1))


def test_the_system_acts_without_role_checks_and_is_no_one_in_the_history(world):
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=datetime.date(2025, 10, 1))
    assert pep.created_by is None
    assert pep.history.first().history_user is None


def test_a_person_is_checked(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # a board member may not start a PEP
        pep_initiate(
            child=world.child, actor=world.users["board_member"], day=datetime.date(2025, 10, 1)
        )
    assert not is_system(world.users["board_member"]) and is_system(SYSTEM)
    assert as_user(SYSTEM) is None


# Writes that take no actor, each for a reason: the person acts on themselves (a token, their
# own sessions), an operator's command names them, or a task carries out a run whose maker was
# checked when it was made.
NO_ACTOR = {
    "accounts.services": {
        "user_create_or_update",  # then role_assign, which checks
        "user_details_update",  # add_user --name, at the command line
        "user_sessions_end",  # part of deactivating and resetting MFA
        "sign_in_link",
        "api_token_create",  # a person's own token, from their own account page
    },
    "imports.services": {"import_run_execute", "import_runs_sweep"},
    "reports.services": {"report_run_execute", "report_runs_sweep"},
}
# The access log records who did something (no one, for a failed sign-in); it checks nothing.
NOT_SERVICES = {"audit.services"}


def _service_functions():
    import importlib
    import inspect

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.module.__name__.startswith(config.name) or "." in config.name:
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        if module.__name__ in NOT_SERVICES:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield module.__name__, name, inspect.signature(function)


def test_every_service_that_writes_names_its_actor_with_no_default():
    """`actor` is keyword-only and required wherever it appears; a write without one is on the
    list above with its reason. (Helpers that only read take no actor and no keyword-only
    arguments.)"""
    import inspect

    seen = 0
    for module, name, signature in _service_functions():
        actor = signature.parameters.get("actor")
        if actor is not None:
            seen += 1
            assert actor.kind is inspect.Parameter.KEYWORD_ONLY, f"{module}.{name}"
            assert actor.default is inspect.Parameter.empty, f"{module}.{name} defaults its actor"
        elif any(p.kind is inspect.Parameter.KEYWORD_ONLY for p in signature.parameters.values()):
            assert name in NO_ACTOR.get(module, set()), f"{module}.{name} takes no actor"
    assert seen > 30  # the walk found the services


def test_every_importer_names_its_actor():
    import inspect

    from imports.registry import importers

    for importer in importers():
        # one_file() wraps a one-file importer: the function inside is the one to read.
        function = inspect.getclosurevars(importer.run).nonlocals.get("function", importer.run)
        actor = inspect.signature(function).parameters["actor"]
        assert actor.default is inspect.Parameter.empty, importer.kind


D = datetime.date
# Each service refuses, by the same rule its page applies, a person whose roles do not reach it.
REFUSALS = {
    "sen_status_update": ("carer", lambda w, a: sen_services.sen_status_update(
        child=w.child, data={"level": "K"}, actor=a)),
    "ehcp_assessment_save": ("carer", lambda w, a: sen_services.ehcp_assessment_save(
        child=w.child, data={"requested_on": D(2025, 1, 6)}, actor=a)),
    "sdq_record": ("board_member", lambda w, a: sen_services.sdq_record(
        child=w.child, collection_year=2026, score=12, recorded_on=D(2026, 1, 5), actor=a)),
    "exclusion_record": ("carer", lambda w, a: attendance_services.exclusion_record(
        child=w.child, kind="suspension", starts_on=D(2025, 10, 1), reasons=["PA"], actor=a)),
    "alert_action_record": ("board_member", lambda w, a: attendance_services.alert_action_record(
        child=w.child, kind="exclusion", since=D(2025, 10, 1), action="Called", actor=a)),
    "education_placement_start": ("carer", lambda w, a: children_services.education_placement_start(
        child=w.child, provision_type="school", started_on=D(2025, 10, 1), actor=a)),
    "placement_end": ("carer", lambda w, a: children_services.placement_end(
        placement=w.child.education_placements.get(), ended_on=D(2025, 10, 1),
        end_reason="planned", actor=a)),
    "education_placement_move_to_successor": ("social_worker", lambda w, a:
        children_services.education_placement_move_to_successor(
            placement=w.child.education_placements.get(), actor=a)),
    "local_authority_update": ("social_worker", lambda w, a:
        authorities_services.local_authority_update(la=w.la, data={"name": "X"}, actor=a)),
    "local_authority_setup": ("virtual_school_head", lambda w, a:
        authorities_services.local_authority_setup(code="999", name="New", actor=a)),
    "import_run_create": ("social_worker", lambda w, a: imports_services.import_run_create(
        kind="attendance", la=w.la, files=[], dry_run=True, actor=a)),
    "school_inspection_record": ("designated_teacher", lambda w, a:
        schools_services.school_inspection_record(school=w.school, outcome="Good",
                                            inspected_on=D(2025, 1, 1), source="x", actor=a)),
    "benchmark_save": ("social_worker", lambda w, a: reports_services.benchmark_save(
        la=w.la, measure="x", value=1, source_year=2025, actor=a)),
    "user_reactivate": ("data_officer", lambda w, a: accounts_services.user_reactivate(
        user=w.users["virtual_school_head"], actor=a)),
    "user_mfa_reset": ("social_worker", lambda w, a: accounts_services.user_mfa_reset(
        user=w.users["carer"], actor=a)),
    "role_assign": ("social_worker", lambda w, a: accounts_services.role_assign(
        user=w.users["carer"], role="iro", la=w.la, actor=a)),
}  # fmt: skip


@pytest.mark.parametrize("service", sorted(REFUSALS))
def test_each_service_refuses_a_person_its_rule_does_not_reach(world, service):
    from django.core.exceptions import PermissionDenied, ValidationError

    role, call = REFUSALS[service]
    with pytest.raises((PermissionDenied, ValidationError)) as refused:
        call(world, world.users[role])
    if isinstance(refused.value, ValidationError):  # the accounts rules explain themselves
        assert refused.value.messages and "not valid" not in refused.value.messages[0]
