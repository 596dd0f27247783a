"""The access log is append-only in the database on SQLite too: triggers refuse any UPDATE or
DELETE of a row, whatever code runs (PostgreSQL has had its trigger since 0002)."""

from django.db import migrations

from audit.triggers import SQLITE_CREATE, SQLITE_DROP


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0009_sign_in_throttled")]
    operations = [migrations.RunPython(forwards, backwards)]
