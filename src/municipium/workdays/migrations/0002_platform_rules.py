"""The statutory deadlines of Bulgarian and Polish law, shipped as platform rules.

Periods are calendar days unless the law says otherwise; every deadline ends on a working day
(KPA art. 57 §4). Names are in the country's language, for the officials who pick them. Rules
whose period comes from secondary sources carry "(verify)" in their note: organisations can
replace any of them with their own rule of the same code.
"""

from django.db import migrations

from municipium.workdays.platform_rules import RULES, install_platform_rules


def ship_rules(apps, schema_editor):
    install_platform_rules(apps.get_model("workdays", "DeadlineRule"))


def remove_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    DeadlineRule.objects.filter(
        organisation=None, code__in=[rule["code"] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(ship_rules, remove_rules),
    ]
