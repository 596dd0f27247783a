"""Seeds the national code catalogue and indexes marks by date.

Marks arrive day by day, so on PostgreSQL the table is physically in date order and a BRIN index
(a few kilobytes for 190 million rows) finds a date range; SQLite gets an ordinary index."""

from django.db import migrations


def seed_codes(apps, schema_editor):
    # The historical model, not attendance.catalogue.codes_seed(), which uses today's model.
    from attendance.catalogue import seed_rows

    model = apps.get_model("attendance", "AttendanceCode")
    for row in seed_rows():
        model.objects.update_or_create(
            code=row["code"], valid_from=row["valid_from"], defaults=row
        )


def index_dates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX attendance_mark_date_brin ON attendance_sessionmark "
            "USING brin (date) WITH (pages_per_range = 32)"
        )
    else:
        schema_editor.execute(
            "CREATE INDEX attendance_mark_date ON attendance_sessionmark (date)"
        )


def drop_date_index(apps, schema_editor):
    name = "attendance_mark_date_brin" if schema_editor.connection.vendor == "postgresql" else "attendance_mark_date"
    schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial")]

    operations = [
        migrations.RunPython(seed_codes, migrations.RunPython.noop),
        migrations.RunPython(index_dates, drop_date_index),
    ]
