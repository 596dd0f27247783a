import pytest

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_vsh_changes_settings_and_history_records_who(world, signed_in):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    client = signed_in(vsh)
    page = client.get("/la/330/settings/")
    assert page.status_code == 200
    data = page.context["form"].initial | {"pep_deadline_autumn": "01-12", "name": "Birmingham"}
    data = {k: v for k, v in data.items() if v is not None and k in page.context["form"].fields}
    data["count_short_breaks_as_looked_after"] = ""
    response = client.post("/la/330/settings/", data)
    assert response.status_code == 302
    world.la.refresh_from_db()
    assert world.la.pep_deadline_autumn == "01-12"
    assert world.la.history.first().history_user == vsh


def test_bad_values_are_explained_and_nothing_is_saved(world, signed_in):
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    form = client.get("/la/330/settings/").context["form"]
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data |= {"pep_deadline_autumn": "32-11", "severe_absence_percent": "5"}
    response = client.post("/la/330/settings/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert (
        "<title>Error: " in page
        and "<title>Error: " not in client.get("/la/330/settings/").content.decode()
    )
    assert "Use day-month" in page
    world.la.refresh_from_db()
    assert world.la.pep_deadline_autumn == "28-11"


def test_settings_of_another_la_are_not_found(world, signed_in):
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    assert client.get("/la/331/settings/").status_code == 404
    assert signed_in(world.users[Role.DATA_OFFICER]).get("/la/330/settings/").status_code == 404


def test_settings_page_shows_the_school_calendar(world, signed_in):
    from authorities.terms import calendar_set_typical

    client = signed_in(world.users["virtual_school_head"])
    assert "No term dates are loaded" in client.get("/la/330/settings/").content.decode()
    calendar_set_typical(la=world.la, years=[2025])
    page = client.get("/la/330/settings/").content.decode()
    assert "Autumn 2025/26" in page and "Half-term" in page
