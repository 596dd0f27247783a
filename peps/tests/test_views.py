import datetime

import pytest
from django.urls import reverse

from authorities.terms import calendar_set_typical
from core.actors import SYSTEM
from peps.models import Pep, PepSection, Section
from peps.services import pep_initiate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pep(world):
    today = datetime.date.today()
    calendar_set_typical(la=world.la, years=[today.year - 1, today.year])
    return pep_initiate(child=world.child, actor=world.users["social_worker"], day=today)


def test_social_worker_starts_the_pep_due_now(world, signed_in):
    calendar_set_typical(
        la=world.la, years=[datetime.date.today().year - 1, datetime.date.today().year]
    )
    client = signed_in(world.users["social_worker"])
    url = reverse("peps:child", args=[world.child.pk])
    assert "Start the PEP due now" in client.get(url).content.decode()
    response = client.post(url)
    pep = Pep.objects.get()
    assert response.url == reverse("peps:detail", args=[pep.pk])
    carer = signed_in(world.users["carer"])
    assert carer.post(url).status_code == 403


def test_task_list_links_only_the_sections_a_role_writes(pep, world, signed_in):
    page = signed_in(world.users["carer"]).get(reverse("peps:detail", args=[pep.pk]))
    text = page.content.decode()
    assert reverse("peps:section", args=[pep.pk, "carer"]) in text
    assert reverse("peps:section", args=[pep.pk, "targets"]) not in text
    assert "govuk-task-list" in text


def test_task_list_in_the_plan_order_with_owners_statuses_and_the_readers_to_do(
    pep, world, signed_in
):
    """Sections in the plan's order (the child's voice first, not A to Z), each naming who
    completes it; targets that exist complete the targets section; a social worker is told
    which sections are theirs on a returned PEP, never "Nothing for you to do"."""
    import re

    from peps.models import PepTarget, Section, Status

    PepTarget.objects.create(pep=pep, what="Read daily", measure="Log", who="DT",
                             by_when=pep.due_on)  # fmt: skip
    pep.status = Status.RETURNED
    pep.returned_reason = "Add the child's views"
    pep.save()
    text = signed_in(world.users["social_worker"]).get(reverse("peps:detail", args=[pep.pk]))
    text = text.content.decode()
    task_list = text[
        text.index("govuk-task-list") : text.index("</ul>", text.index("govuk-task-list"))
    ]
    names = re.findall(r'id="section-(\w+)-status"', task_list)
    shown = [key for key in Section.values if key in names]
    assert names == shown and names[0] == "voice"
    assert "Completed by: Social worker or designated teacher" in task_list
    targets = task_list[task_list.index('id="section-targets-status"') :]
    assert targets.split("</div>")[0].endswith("Completed")
    assert "For you to complete:" in text and "Nothing for you to do" not in text


def test_a_stale_save_shows_both_versions_and_keeps_the_later_text(pep, world, signed_in):
    url = reverse("peps:section", args=[pep.pk, Section.VOICE])
    sw = signed_in(world.users["social_worker"])
    assert sw.post(url, {"text": "Wants to join the choir", "revision": 0}).status_code == 302
    dt = signed_in(world.users["designated_teacher"])
    page = dt.post(url, {"text": "Likes maths", "revision": 0})
    text = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in text
    assert "<title>Error: " in text
    assert "Test Social worker changed this section at" in text
    assert "Wants to join the choir" in text and "Likes maths" in text
    assert PepSection.objects.get(pep=pep, key=Section.VOICE).text == "Wants to join the choir"


def test_return_needs_a_reason(pep, world, signed_in):
    pep.status = "submitted"
    pep.save()
    client = signed_in(world.users["education_support_advisor"])
    page = client.post(reverse("peps:return", args=[pep.pk]), {"reason": ""})
    assert "Say why the PEP is returned" in page.content.decode()
    assert (
        client.post(reverse("peps:return", args=[pep.pk]), {"reason": "No voice"}).status_code
        == 302
    )
    pep.refresh_from_db()
    assert (pep.status, pep.returned_reason) == ("returned", "No voice")


def test_peps_of_unseen_children_are_not_found(pep, world, signed_in):
    other = signed_in(world.users["iro"])  # linked to world.child only
    assert other.get(reverse("peps:detail", args=[pep.pk])).status_code == 200
    stranger = pep_initiate(child=world.unlinked_child, actor=SYSTEM, day=datetime.date.today())
    assert other.get(reverse("peps:detail", args=[stranger.pk])).status_code == 404


def test_due_peps_show_on_the_record_and_home_pages(pep, world, signed_in):
    from authorities.terms import term_on

    # Make this term's deadline three days away, whatever today is.
    today = datetime.date.today()
    term = term_on(world.la, today)
    soon = today + datetime.timedelta(days=3)
    setattr(world.la, f"pep_deadline_{term.name}", soon.strftime("%d-%m"))
    world.la.save()
    record = signed_in(world.users["social_worker"]).get(
        reverse("children:detail", args=[world.child.pk])
    )
    assert f"Termly review PEP due {soon.day} " in record.content.decode()
    assert "(3 days left)" in record.content.decode()
    for role in ("social_worker", "designated_teacher", "virtual_school_head"):
        home = signed_in(world.users[role]).get(reverse("home")).content.decode()
        assert reverse("peps:child", args=[world.child.pk]) in home, role
    aeo_home = signed_in(world.users["area_education_officer"]).get(reverse("home"))
    assert reverse("peps:child", args=[world.child.pk]) not in aeo_home.content.decode()


def test_compliance_dashboard_counts_on_time_quality_and_overdue(world, signed_in):
    from django.utils import timezone

    from peps.models import Status

    today = datetime.date.today()
    calendar_set_typical(la=world.la, years=[today.year - 1, today.year])
    on_time = pep_initiate(child=world.child, actor=SYSTEM, day=today)
    Pep.objects.filter(pk=on_time.pk).update(
        status=Status.SIGNED_OFF,
        signed_off_at=timezone.now(),
        quality_rating="green",
        due_on=today,
    )
    # Make the term's deadline yesterday: the unlinked child's PEP (not started) is overdue and
    # the signed-off one, signed today, was late against that deadline.
    from authorities.terms import term_on

    term = term_on(world.la, today)
    setattr(
        world.la,
        f"pep_deadline_{term.name}",
        (today - datetime.timedelta(days=1)).strftime("%d-%m"),
    )
    world.la.save()
    page = signed_in(world.users["virtual_school_head"]).get(reverse("peps:compliance"))
    board = page.context["board"]
    assert (board.total.children, board.total.due, board.total.on_time) == (2, 2, 0)
    assert (board.total.overdue, board.total.rated, board.total.good) == (1, 1, 1)
    assert [d.child for d in page.context["page"]] == [world.unlinked_child]
    assert "Overdue: 1" in page.content.decode()
    _check_compliance_filters(signed_in(world.users["virtual_school_head"]), world)


def _check_compliance_filters(client, world):
    """The list below the figures filters in the database by what it is asked (an unknown
    value, as from a stale bookmark, is ignored, never an error)."""

    def listed(**params):
        page = client.get(reverse("peps:compliance"), params)
        assert page.status_code == 200
        return {d.child for d in page.context["page"]}

    both = {world.child, world.unlinked_child}
    assert listed(show="all") == both
    assert listed(show="all", status="signed_off") == {world.child}
    assert listed(show="all", status="not_started") == {world.unlinked_child}
    assert listed(show="due") == {world.unlinked_child}  # due so far and not signed off
    assert listed(show="all", advisor="none") == both  # nobody allocated in this world
    assert listed(show="all", school="999999") == both  # not a school offered: ignored
    from peps.models import KeptPepDue

    kept = KeptPepDue.objects.get(child=world.child)
    assert kept.school_id and kept.key_stage  # the world's child has a school and a year
    assert world.child in listed(show="all", school=str(kept.school_id))
    assert world.child in listed(show="all", key_stage=kept.key_stage)
    other = KeptPepDue.objects.get(child=world.unlinked_child)
    if other.school_id != kept.school_id:
        assert world.unlinked_child not in listed(show="all", school=str(kept.school_id))


def test_pep_prints_and_downloads_as_a_marked_pdf_and_each_copy_is_logged(pep, world, signed_in):
    from audit.models import AccessLog

    client = signed_in(world.users["designated_teacher"])
    html = client.get(reverse("peps:print", args=[pep.pk])).content.decode()
    assert html.count("OFFICIAL-SENSITIVE") >= 2 and 'lang="en"' in html
    pdf = client.get(reverse("peps:pdf", args=[pep.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"/StructTreeRoot" in pdf.content  # tagged for assistive technology (PDF/UA)
    logged = AccessLog.objects.filter(action="export", object_type="pep")
    assert set(logged.values_list("object_id", flat=True)) == {f"{pep.pk} html", f"{pep.pk} pdf"}


def test_pep_shows_the_sen_record_only_to_those_who_may_see_it(pep, world, signed_in):
    from sen.services import sen_status_update

    sen_status_update(child=world.child, data={"level": "K", "primary_need": "SLCN"}, actor=SYSTEM)
    url = reverse("peps:detail", args=[pep.pk])
    sw = signed_in(world.users["social_worker"]).get(url).content.decode()
    assert "Speech, language and communication needs" in sw
    dt_page = signed_in(world.users["designated_teacher"]).get(url).content.decode()
    assert "Speech, language and communication needs" not in dt_page
