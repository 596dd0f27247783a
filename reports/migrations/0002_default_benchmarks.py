"""The national figures in reporting.md, as editable defaults (no LA)."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    ("cla_31_march", "Children looked after at 31 March, England", "81770", "number", 2025),
    ("cla_rate", "Children looked after per 10,000 children, England", "67", "number", 2025),
    ("uasc", "Unaccompanied asylum-seeking children looked after, England", "6540", "number", 2025),
    ("cin", "Children in need at 31 March, England", "402400", "number", 2025),
    ("ks2_rwm_cla", "KS2 expected standard in RWM, CLA 12+ months", "37", "percent", 2019),
    ("ks2_rwm_all", "KS2 expected standard in RWM, all pupils", "65", "percent", 2019),
    ("a8_cla", "Attainment 8, children looked after", "19.1", "number", 2019),
    ("a8_all", "Attainment 8, all pupils", "46.7", "number", 2019),
    ("em5_cla", "Grade 5+ in English and maths, children looked after", "7.2", "percent", 2019),
    ("em5_all", "Grade 5+ in English and maths, all pupils", "43.2", "percent", 2019),
    ("pa_cla", "Persistent absence, children looked after", "10.9", "percent", 2019),
]


def seed(apps, schema_editor):
    Benchmark = apps.get_model("reports", "Benchmark")
    for measure, label, value, unit, year in DEFAULTS:
        Benchmark.objects.update_or_create(
            la=None,
            measure=measure,
            defaults={
                "label": label,
                "value": Decimal(value),
                "unit": unit,
                "source_year": year,
                "source": "DfE national statistics (shared/domain/reporting.md)",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
