import pytest
from django.urls import reverse

from attainment.importers import attainment_import
from attainment.measures import attainment8, ks2_expected_rwm, ks4
from attainment.models import AssessmentResult
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def test_attainment8_slots():
    grades = {
        "maths": "6",
        "english_language": "5",
        "english_literature": "7",
        "combined_science": "4",
        "history": "6",
        "french": "3",
        "art": "8",
        "music": "2",
        "drama": "5",
        "pe": "4",
    }
    # maths 2x6=12; English both taken: 2x7=14, language 5 to the open pool;
    # EBacc: science 4+4, history 6, french 3 -> best three 6+4+4=14, french 3 to open;
    # open: art 8, language 5, drama 5 -> 18. Total 12+14+14+18 = 58.
    assert attainment8(grades) == 58
    # With only one English qualification it counts once.
    assert attainment8({"maths": "4", "english_language": "4"}) == 12
    assert attainment8({"maths": "U"}) == 0


def _results(child, rows):
    return [
        AssessmentResult(child=child, academic_year=y, term=t, subject=s, kind=k, result=r)
        for y, t, s, k, r in rows
    ]


def test_ks2_combined_expected_standard(world):
    base = [
        (2025, "summer", "reading", "ks2_scaled", "104"),
        (2025, "summer", "maths", "ks2_scaled", "100"),
        (2025, "summer", "writing", "ks2_ta", "EXS"),
    ]
    assert ks2_expected_rwm(_results(world.child, base)) is True
    base[1] = (2025, "summer", "maths", "ks2_scaled", "99")
    assert ks2_expected_rwm(_results(world.child, base)) is False
    assert ks2_expected_rwm(_results(world.child, base[:2])) is None


def test_ks4_uses_results_over_predictions_and_the_better_english(world):
    rows = [
        (2025, "spring", "maths", "predicted", "3"),
        (2025, "summer", "maths", "gcse", "5"),
        (2025, "summer", "english_language", "gcse", "4"),
        (2025, "summer", "english_literature", "gcse", "6"),
    ]
    result = ks4(_results(world.child, rows))
    assert (result.english_maths_4, result.english_maths_5, result.predicted) == (True, True, False)
    predicted = ks4(_results(world.child, rows[:1]))
    assert predicted.predicted and not predicted.english_maths_4


def test_import_is_all_or_nothing_idempotent_and_shown(world, tmp_path, signed_in):
    cid = world.child.la_child_id
    path = tmp_path / "att.csv"
    path.write_text(
        "child_id,academic_year,term,subject,kind,result,target,progress\n"
        f"{cid},2025,summer,Reading,ks2_scaled,104,105,expected\n"
        f"{cid},2025,summer,writing,ks2_ta,gds,,above\n"
    )
    assert attainment_import(path=path, la=world.la, actor=SYSTEM).ok
    again = attainment_import(path=path, la=world.la, actor=SYSTEM)
    assert again.counts["Assessment results"]["unchanged"] == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "child_id,academic_year,term,subject,kind,result\n"
        f"{cid},2025,summer,maths,ks2_scaled,130\n"
        f"{cid},2025,winter,maths,gcse,4\n"
    )
    report = attainment_import(path=bad, la=world.la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(2, "result"), (3, "term")]
    assert AssessmentResult.objects.count() == 2
    page = signed_in(world.users["designated_teacher"]).get(
        reverse("attainment:child", args=[world.child.pk])
    )
    text = page.content.decode()
    assert "GDS (working at greater depth)" in text and "Reading" in text
