"""Each return's counts of targets scored and met, kept beside its mean progress so that
benchmarking groups returns rather than scores; filled here from the scores already made."""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def counts_fill(apps, schema_editor):
    TermlyReturn = apps.get_model("outcomes", "TermlyReturn")
    TargetScore = apps.get_model("outcomes", "TargetScore")

    def counted(**met):
        scores = (
            TargetScore.objects.filter(termly_return=OuterRef("pk"), **met)
            .order_by()
            .values("termly_return")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(scores, output_field=IntegerField()), 0)

    TermlyReturn.objects.filter(~Q(scores=None)).update(
        targets_scored=counted(), targets_met=counted(met=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="termlyreturn",
            name="targets_met",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="termlyreturn",
            name="targets_scored",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(counts_fill, migrations.RunPython.noop, elidable=True),
    ]
