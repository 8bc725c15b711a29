"""Drop DRF's authtoken table: its keys never expired, survived logout and password changes
and were stored in clear, so none of them is carried over; clients log in again."""

from typing import Any

from django.db import migrations

OLD_TABLE = "authtoken_token"


def drop_old_tokens(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if OLD_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_TABLE)}")
        schema_editor.execute(
            "DELETE FROM django_migrations WHERE app = %s", [OLD_TABLE.split("_")[0]]
        )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(drop_old_tokens, migrations.RunPython.noop)]
