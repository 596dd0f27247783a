"""The home page gives each role its own work: the PEPs section only to the roles with a part
in a PEP (no false "No PEPs are due" for others), and every capped list links to all of it."""

import pytest

from accounts.roles import Role
from core.home import Section, home_sections

pytestmark = pytest.mark.django_db


# peps.rules' docstring: the social worker initiates and writes, the designated teacher writes
# and submits, the carer writes the carer's section, the IRO reads, the Virtual School (VSH,
# team managers, advisors) runs them. Nobody else has a part in a PEP.
PEP_ROLES = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER, Role.EDUCATION_SUPPORT_ADVISOR,
             Role.SOCIAL_WORKER, Role.DESIGNATED_TEACHER, Role.CARER, Role.IRO}  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
def test_the_peps_section_goes_to_the_roles_with_a_part_in_a_pep(world, role):
    titles = {s.title for s in home_sections(world.users[role.value])}
    assert ("Personal Education Plans due" in titles) == (role in PEP_ROLES), role


def test_a_capped_list_links_to_all_of_it(world):
    from django.template.loader import render_to_string

    sections = {s.title: s for s in home_sections(world.users["virtual_school_head"])}
    assert sections["Personal Education Plans due"].more_href == "/peps/"
    assert sections["Attendance and exclusion alerts"].more_href == "/attendance/alerts/"
    assert sections["KS4 placement moves without approval"].more_href == "/children/ks4-moves/"
    assert sections["Children without a school place"].more_href == "/children/no-school-place/"
    adviser = {s.title: s for s in home_sections(world.users["education_support_advisor"])}
    assert adviser["Your class list"].more_href == "/children/?caseload=mine"
    text = render_to_string(
        "core/home_more.html", {"section": Section("PEPs due", "", more=3, more_href="/peps/")}
    )
    assert '<a class="govuk-link" href="/peps/">And 3 more' in text


def test_more_without_a_full_list_stays_text():
    from django.template.loader import render_to_string

    text = render_to_string("core/home_more.html", {"section": Section("X", "", more=3)})
    assert "And 3 more." in text and "<a" not in text
