"""The default kinds for appeals count the office's own step (decision record 0028):

- Bulgarian "Жалба" (code complaint) used the two-month rule for proposals and signals
  (АПК чл. 118); it is an appeal against an administrative act, which the office forwards to
  the higher authority within 3 days (АПК чл. 88(1)). It is renamed "Жалба срещу
  административен акт" so that grievances are registered as "Предложение или сигнал".
- Polish "Odwołanie" (code appeal) used the appeal authority's month (KPA art. 35 §3); the
  office that issued the decision forwards the appeal within 7 days (KPA art. 133).

Only kinds still as shipped are changed: a kind an organisation renamed or pointed at another
rule is its own choice and stays. Documents registered before keep their computed deadlines.
"""

from django.db import migrations

CHANGES = [
    # (country, kind code, old name, old rule, new name, new rule)
    (
        "BG",
        "complaint",
        "Жалба",
        "bg-apk-118-proposal-signal",
        "Жалба срещу административен акт",
        "bg-apk-88-appeal-forward",
    ),
    ("PL", "appeal", "Odwołanie", "pl-kpa-35-3-appeal", "Odwołanie", "pl-kpa-133-appeal-forward"),
]


def _apply(apps, forward):
    DocumentKind = apps.get_model("registry", "DocumentKind")
    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    for country, code, old_name, old_rule, new_name, new_rule in CHANGES:
        if not forward:
            old_name, old_rule, new_name, new_rule = new_name, new_rule, old_name, old_rule
        source = DeadlineRule.objects.filter(organisation=None, code=old_rule).first()
        target = DeadlineRule.objects.filter(organisation=None, code=new_rule).first()
        if source is None or target is None:
            continue
        DocumentKind.objects.filter(
            organisation__country=country, code=code, name=old_name, deadline_rule=source
        ).update(name=new_name, deadline_rule=target)


def forwards(apps, schema_editor):
    _apply(apps, True)


def backwards(apps, schema_editor):
    _apply(apps, False)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_correspondent_match_key"),
        ("workdays", "0003_appeal_forwarding_rules"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
