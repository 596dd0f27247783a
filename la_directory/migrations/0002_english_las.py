"""Load every English LA's code, name and region from the shipped list; contacts start blank.
Re-running leaves edited contacts alone."""

import csv
from pathlib import Path

from django.db import migrations

LIST = Path(__file__).resolve().parent.parent / "data" / "english_las.csv"


def load(apps, schema_editor):
    Authority = apps.get_model("la_directory", "Authority")
    with LIST.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            Authority.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "region": row["region"]}
            )


class Migration(migrations.Migration):
    dependencies = [("la_directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
