"""Two editors saving one section at the same moment, each on its own database connection:
exactly one save wins and the other is refused, nothing half-written."""

import datetime
import threading

import pytest
from django.db import connection, connections

from authorities.terms import calendar_set_typical
from core.actors import SYSTEM
from peps.models import PepSection, Section
from peps.services import PepConflict, pep_initiate, pep_section_save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time, so saves cannot overlap; "
    "test_two_editors_of_one_section_never_lose_text covers it there",
)
def test_simultaneous_saves_on_separate_connections(world):
    calendar_set_typical(la=world.la, years=[2025])
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=datetime.date(2025, 10, 1))
    section_id = PepSection.objects.get(pep=pep, key=Section.VOICE).pk
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str, role: str) -> None:
        try:
            section = PepSection.objects.select_related("pep__child").get(pk=section_id)
            barrier.wait()
            pep_section_save(section=section, text=text, revision=0, actor=world.users[role])
            outcomes.append("saved")
        except PepConflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("From the social worker", "social_worker")),
        threading.Thread(target=save, args=("From the teacher", "designated_teacher")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]
    final = PepSection.objects.get(pk=section_id)
    assert final.revision == 1
    assert final.text in {"From the social worker", "From the teacher"}
