"""National figures for all pupils to set the cohort's beside (editable, like every benchmark):
DfE statistics for 2018/19, the last year before the pandemic changed attendance and exclusions."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    ("absence_all", "Overall absence, all pupils", "4.7", "percent", 2019),
    ("pa_all", "Persistent absence (10% or more), all pupils", "10.9", "percent", 2019),
    ("sa_all", "Severe absence (50% or more), all pupils", "0.8", "percent", 2019),
    ("suspension_all", "Suspensions per 100 pupils, all pupils", "5.36", "number", 2019),
    ("pex_all", "Permanent exclusions per 100 pupils, all pupils", "0.10", "number", 2019),
]


def seed(apps, schema_editor):
    Benchmark = apps.get_model("reports", "Benchmark")
    for measure, label, value, unit, year in DEFAULTS:
        Benchmark.objects.get_or_create(
            la=None,
            measure=measure,
            defaults={"label": label, "value": Decimal(value), "unit": unit,
                      "source_year": year, "source": "DfE statistics (editable)"},
        )


class Migration(migrations.Migration):
    dependencies = [("cwsw", "0001_initial"), ("reports", "0002_default_benchmarks")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
