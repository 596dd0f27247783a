"""The access log: reads, denials, sign-ins; append-only in the app and in PostgreSQL."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError, InternalError

from accounts.roles import Role
from accounts.tests.factories import PASSWORD
from audit.models import AccessLog, AppendOnlyError
from audit.services import access_log_record, client_ip

pytestmark = pytest.mark.django_db


def test_viewing_a_child_is_logged_without_field_values(world, signed_in):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    signed_in(vsh).get(f"/children/{world.child.pk}/", REMOTE_ADDR="10.1.2.3")
    entry = AccessLog.objects.get(action="view", object_type="child")
    assert (entry.user, entry.object_id, entry.ip_address) == (vsh, str(world.child.pk), "10.1.2.3")
    stored = " ".join(str(v) for v in AccessLog.objects.values_list().get(pk=entry.pk))
    for value in [world.child.forename, world.child.surname, "B1 1ZZ", "Asthma"]:
        assert value not in stored


def test_refused_child_is_logged_as_denied(world, signed_in):
    carer = world.users[Role.CARER]
    response = signed_in(carer).get(f"/children/{world.unlinked_child.pk}/")
    assert response.status_code == 404
    assert AccessLog.objects.filter(
        user=carer, action="denied", object_id=str(world.unlinked_child.pk)
    ).exists()


def test_forbidden_page_is_logged_as_denied(world, signed_in):
    carer = world.users[Role.CARER]
    assert signed_in(carer).get("/users/").status_code == 403
    assert AccessLog.objects.filter(user=carer, action="denied", object_id="/users/").exists()


def test_sign_in_success_and_failure_are_logged(world, client):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    client.post("/accounts/login/", {"login": vsh.email, "password": "wrong password here"})
    assert AccessLog.objects.filter(action="sign_in_failed", user=None).count() == 1
    client.post("/accounts/login/", {"login": vsh.email, "password": PASSWORD})
    from accounts.totp import totp_code_now

    code = totp_code_now(world.totp_secrets[Role.VIRTUAL_SCHOOL_HEAD])
    client.post("/accounts/2fa/authenticate/", {"code": "000000" if code != "000000" else "111111"})
    assert AccessLog.objects.filter(action="mfa_failed", object_id=str(vsh.pk)).count() == 1
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert AccessLog.objects.filter(action="sign_in", user=vsh).count() == 1


def test_entries_cannot_be_changed_or_deleted_through_the_app(db):
    entry = access_log_record(action="view", object_type="child", object_id=1)
    entry.action = "export"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(action="export")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=entry.pk).action == "view"


def test_the_database_refuses_update_and_delete_even_in_raw_sql(db):
    """PostgreSQL and SQLite alike (a trigger on each)."""
    entry = access_log_record(action="view", object_type="child", object_id=1)
    for sql in [
        "UPDATE audit_accesslog SET action = 'export' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ]:
        with (
            pytest.raises((InternalError, DatabaseError), match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AccessLog.objects.get(pk=entry.pk).action == "view"


def test_vsh_sees_who_looked_at_a_child(world, signed_in):
    sw = world.users[Role.SOCIAL_WORKER]
    signed_in(sw).get(f"/children/{world.child.pk}/")
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    page = client.get(f"/children/{world.child.pk}/access-log/").content.decode()
    assert sw.email in page
    assert "Viewed" in page


def test_client_ip_uses_forwarded_header_only_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # a client could have forged the header
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"


def test_lists_of_named_children_record_which_children_they_showed(world, signed_in, client):
    from api.tests.test_api import token_for

    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    shown = {str(world.child.pk), str(world.unlinked_child.pk)}
    signed_in(vsh).get("/children/")
    roll = AccessLog.objects.filter(user=vsh, object_id="roll page 1").get()
    assert set(roll.children.split(",")) == shown
    token = token_for(world, Role.VIRTUAL_SCHOOL_HEAD)
    client.get("/api/v1/children?limit=1", headers={"Authorization": f"Bearer {token}"})
    page = AccessLog.objects.filter(user=vsh, via_api=True, object_type="child_list").get()
    assert len(page.children.split(",")) == 1 and page.children in shown
    advisor = world.users[Role.EDUCATION_SUPPORT_ADVISOR]
    world.child.education_support_advisor = advisor
    world.child.save()
    signed_in(advisor).get("/")
    home = AccessLog.objects.filter(user=advisor, object_id="home").get()
    assert str(world.child.pk) in home.children.split(",")


def test_every_404_a_signed_in_person_meets_is_a_logged_denial_once(world, signed_in):
    sw = world.users[Role.SOCIAL_WORKER]
    client = signed_in(sw)
    client.get(f"/children/{world.unlinked_child.pk}/")  # the helper logs the child it refused
    client.get("/funding/999999/")  # a helper that names nothing: the 404 handler logs the path
    denials = AccessLog.objects.filter(user=sw, action="denied").order_by("id")
    assert [(d.object_type, d.object_id) for d in denials] == [
        ("child", str(world.unlinked_child.pk)),
        ("page", "/funding/999999/"),
    ]


def test_an_export_records_the_children_it_contained(world, signed_in):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    signed_in(vsh).get("/children/?export=csv")
    export = AccessLog.objects.get(user=vsh, action="export", object_type="roll")
    assert set(export.children.split(",")) == {str(world.child.pk), str(world.unlinked_child.pk)}
