import uuid

from django.db import migrations, models


def give_each_clarification_its_own_id(apps, schema_editor):
    Clarification = apps.get_model("providers", "Clarification")
    for clarification in Clarification.objects.filter(public_id__isnull=True).only("pk"):
        clarification.public_id = uuid.uuid4()
        clarification.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    """Public UUIDs for clarifications, in three steps so existing rows get distinct ones."""

    dependencies = [("providers", "0003_setting_laestab_not_unique")]

    operations = [
        migrations.AddField(
            model_name="clarification",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_clarification_its_own_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clarification",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
