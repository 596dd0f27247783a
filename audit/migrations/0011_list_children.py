from django.db import migrations, models

from audit.triggers import SQLITE_CREATE


def triggers_again(apps, schema_editor):
    """Should SQLite have rebuilt the table to add the column, its triggers went with it."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0010_sqlite_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="children",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.RunPython(triggers_again, migrations.RunPython.noop),
    ]
