"""Indexes for matching at national scale (bench/README.md has the measurements).

PostgreSQL only, so written as SQL run when the database is PostgreSQL; SQLite (the embedded
default) migrates past them untouched. The model state does not change.

- `needs @> '["ASD"]'`: a GIN index (jsonb_path_ops: containment is the only operator matching
  uses) finds the settings catering for a need without reading every setting. The planner uses
  it where it is selective: matching for a rare need (VI, MSI) takes a half to a fifth as long.
- The latest inspection of each setting (`matching.ofsted_rank_expression`): one index probe,
  already in the subquery's order and carrying `overall`, instead of a fetch and sort per setting.
"""

from django.db import migrations

INDEXES = {
    "providers_setting_needs_gin": "providers_setting USING gin (needs jsonb_path_ops)",
    "providers_inspection_latest": (
        "providers_inspection (setting_id, inspected_on DESC NULLS LAST, id DESC) INCLUDE (overall)"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0007_companies_house_message"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
