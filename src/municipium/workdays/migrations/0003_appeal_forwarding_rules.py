"""Two rules for the office's own step on an appeal against its act: forwarding it to the
higher (appeal) authority — АПК чл. 88(1) in Bulgaria, KPA art. 133 in Poland (decision
record 0028). Installed like the other platform rules (create or update by code)."""

from django.db import migrations

from municipium.workdays.platform_rules import install_platform_rules

NEW = ["bg-apk-88-appeal-forward", "pl-kpa-133-appeal-forward"]


def ship_rules(apps, schema_editor):
    install_platform_rules(apps.get_model("workdays", "DeadlineRule"))


def remove_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    DeadlineRule.objects.filter(organisation=None, code__in=NEW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0002_platform_rules"),
    ]

    operations = [
        migrations.RunPython(ship_rules, remove_rules),
    ]
