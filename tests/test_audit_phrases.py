"""The journal in words: every action code the code base writes has a phrase, and the history
reads as sentences with translated field names and values."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

from municipium.audit.models import AuditEntry
from municipium.audit.phrases import ACTIONS, describe
from municipium.eservices.models import ApplicationStatus
from municipium.registry.models import TaskStatus

from .conftest import register_letter

SOURCE = Path(__file__).resolve().parent.parent / "src" / "municipium"
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
# Codes built with an f-string ("task.{status}"): every value the placeholder can take.
FAMILIES = {
    "task.": [value for value, _label in TaskStatus.choices],
    "application.": [value for value, _label in ApplicationStatus.choices],
    # consultations' _step(..., "publish" | "close" | "adopt", ...)
    "consultation.": ["publish", "close", "adopt"],
}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(p.value for p in node.values if isinstance(p, ast.Constant))
        return [f"{prefix}{{}}"]
    return []


def written_action_codes() -> set[str]:
    """Every action code in the sources: `action=` arguments, values assigned to `action`,
    and positional arguments of functions that take an `action` parameter (helpers that pass
    it on to `audit_record`)."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        takes_action = {
            node.name: [a.arg for a in node.args.args].index("action")
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and "action" in [a.arg for a in node.args.args]
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        found.update(_strings(keyword.value))
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                position = takes_action.get(name or "")
                if position is not None and len(node.args) > position:
                    found.update(_strings(node.args[position]))
            elif isinstance(node, ast.Assign) and any(
                getattr(target, "id", None) == "action" for target in node.targets
            ):
                found.update(_strings(node.value))
    return {code for code in found if CODE.match(code) or code.endswith(".{}")}


def test_the_collector_finds_the_codes_it_should():
    codes = written_action_codes()
    assert {"document.register", "news.schedule", "form.field_move", "menu.order"} <= codes
    assert {"task.{}", "application.{}"} <= codes
    assert len(codes) > 90


def test_every_action_code_the_code_base_writes_has_a_phrase():
    missing = []
    for code in sorted(written_action_codes()):
        if code.endswith(".{}"):
            prefix = code[:-2]
            assert prefix in FAMILIES, f"{code}: add its possible values to FAMILIES"
            missing += [
                prefix + value for value in FAMILIES[prefix] if prefix + value not in ACTIONS
            ]
        elif code not in ACTIONS:
            missing.append(code)
    assert not missing, "no phrase in municipium/audit/phrases.py ACTIONS for: " + ", ".join(
        missing
    )


def test_every_phrase_names_the_actor_by_the_placeholder_only():
    for code, phrase in ACTIONS.items():
        text = str(phrase)
        assert text.replace("%(actor)s", "").count("%") == 0, code


def test_a_registration_reads_as_a_sentence_with_the_registrars_name(world, registry):
    world.registrar_a.full_name = "Maria Petrova"
    world.registrar_a.save(update_fields=["full_name"])
    document = register_letter(world, registry).document
    entry = AuditEntry.objects.get(action="document.register", object_id=str(document.pk))
    with translation.override("en"):
        described = describe(entry)
    assert described.sentence == "Maria Petrova registered the document"
    changes = {c.label: c.text for c in described.changes}
    assert changes["Direction"] == "Incoming"
    assert changes["Registry number"] == document.number


def test_a_status_change_shows_both_states_by_their_names(world, registry):
    from municipium.registry.services import document_set_status

    document = register_letter(world, registry).document
    document_set_status(document=document, actor=world.registrar_a, status="in_progress")
    entry = AuditEntry.objects.filter(action="document.status").latest("seq")
    with translation.override("en"):
        described = describe(entry)
    assert [(c.label, c.text) for c in described.changes] == [
        ("Status", "Registered → In progress")
    ]


def test_booleans_dates_and_systems_entries_read_as_words(world):
    entry = AuditEntry(
        action="attachment.extract",
        object_type="registry.attachment",
        changes={"ocr": False, "due_on": "2026-10-02"},
    )
    with translation.override("bg"):
        described = describe(entry)
    texts = [c.text for c in described.changes]
    assert "False" not in texts
    assert "02.10.2026" in texts  # the Bulgarian short date, not ISO
    with translation.override("en"):
        assert describe(entry).changes[0].text == "no"
        assert describe(entry).sentence == "The text of a file was read"


def test_an_unknown_code_from_an_older_release_is_shown_not_hidden(world):
    entry = AuditEntry(action="legacy.thing", actor_label="old@example.org")
    assert describe(entry).sentence == "old@example.org: legacy.thing"


def test_the_actor_without_an_account_is_the_system(world):
    entry = AuditEntry(action="document.register")
    with translation.override("en"):
        assert describe(entry).sentence == "The system registered the document"


def test_roles_read_by_their_names(world):
    entry = AuditEntry(action="membership.add", changes={"roles": ["viewer", "manager"]})
    with translation.override("en"):
        assert [c.text for c in describe(entry).changes] == ["Viewer, Manager"]


def test_a_registration_reads_its_statuses_from_the_registration_not_the_event(world):
    entry = AuditEntry(
        action="registration.move",
        object_type="events.event",
        changes={"registration": 7, "was": "waitlisted", "now": "confirmed", "promoted": []},
    )
    with translation.override("en"):
        changes = {c.label: c.text for c in describe(entry).changes}
    assert changes["Before"] == "On the waiting list"
    assert changes["After"] == "Confirmed"
    cancelled = AuditEntry(
        action="event.cancel", object_type="events.event", changes={"was": "published"}
    )
    with translation.override("en"):
        assert describe(cancelled).changes[0].text == "Published"


def test_a_participant_cancelling_by_the_link_is_not_the_system(world):
    entry = AuditEntry(action="registration.cancel", object_type="events.event")
    with translation.override("en"):
        assert describe(entry).sentence == "The participant cancelled their registration"
    staff = AuditEntry(action="registration.cancel", actor_label="staff@example.org")
    with translation.override("en"):
        assert describe(staff).sentence == "staff@example.org cancelled a registration"


def test_a_report_counts_answers_by_their_names_and_moments_read_as_dates(world):
    entry = AuditEntry(
        action="consultation.report_publish",
        object_type="consultations.consultation",
        changes={"comments": 3, "counts": {"accepted": 2, "rejected": 1}},
    )
    with translation.override("en"):
        changes = {c.label: c.text for c in describe(entry).changes}
    assert changes["Answers by outcome"] == "Accepted: 2, Not accepted: 1"
    event = AuditEntry(
        action="event.create",
        object_type="events.event",
        changes={"kind": "seminar", "starts_at": "2027-03-01T08:00:00+00:00"},
    )
    with translation.override("bg"):
        texts = [c.text for c in describe(event).changes]
    assert "T08:00" not in " ".join(texts)
    assert texts[1].startswith("01.03.2027")


def test_publishing_the_figures_reads_as_a_change(world):
    entry = AuditEntry(
        action="figures.publish",
        object_type="insights.figuressettings",
        changes={"publish": [False, True]},
    )
    with translation.override("en"):
        assert [c.text for c in describe(entry).changes] == ["no → yes"]
