import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import RoleAssignment, User
from authorities.models import LocalAuthority

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_add_user_creates_and_prints_a_one_time_link(world, client):
    out = run(
        "add_user",
        "Head@Example.gov.uk",
        "--role",
        "virtual_school_head",
        "--la",
        "330",
        "--name",
        "Vera Head",
        "--base-url",
        "http://testserver",
    )
    user = User.objects.get(email="head@example.gov.uk")
    assert user.full_name == "Vera Head"
    assert RoleAssignment.objects.filter(user=user, la__code="330").count() == 1
    link = re.search(r"http://testserver(\S+)", out).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "the head's own passphrase"
    client.post(form_url, {"password1": new, "password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get(link, follow=True).context["token_fail"]  # used once, then dead


def test_add_user_again_changes_nothing(world):
    run("add_user", "x@example.org", "--role", "carer", "--la", "330")
    out = run("add_user", "X@example.org", "--role", "carer", "--la", "330")
    assert "already held" in out
    assert User.objects.filter(email="x@example.org").count() == 1
    assert RoleAssignment.objects.filter(user__email="x@example.org").count() == 1


def test_add_user_designated_teacher_by_urn(world):
    run(
        "add_user",
        "dt@example.org",
        "--role",
        "designated_teacher",
        "--school",
        str(world.other_school.urn),
    )
    assert RoleAssignment.objects.get(user__email="dt@example.org").school == world.other_school


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "carer"], "needs --la CODE"),
        (["--role", "carer", "--la", "999"], "No local authority with code 999"),
        (["--role", "designated_teacher", "--la", "330"], "needs --school URN"),
        (["--role", "designated_teacher", "--school", "1"], "No school with URN 1"),
    ],
)
def test_add_user_explains_bad_input(world, args, message):
    with pytest.raises(CommandError, match=message):
        run("add_user", "y@example.org", *args)
    assert not User.objects.filter(email="y@example.org").exists()


def test_setup_la_is_idempotent_and_keeps_history_clean(db):
    run("setup_la", "--code", "330", "--name", "Birmingham")
    assert "Unchanged" in run("setup_la", "--code", "330", "--name", "Birmingham")
    la = LocalAuthority.objects.get(code="330")
    assert la.history.count() == 1
    run("setup_la", "--code", "330", "--name", "Birmingham City")
    la.refresh_from_db()
    assert la.name == "Birmingham City" and la.history.count() == 2


def test_setup_la_rejects_a_bad_code(db):
    with pytest.raises(CommandError, match="3-digit"):
        run("setup_la", "--code", "33", "--name", "X")
    assert not LocalAuthority.objects.exists()
