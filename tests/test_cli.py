"""The `municipium` console script, run as a real process on its own SQLite database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import process_environ

MUNICIPIUM = str(Path(sys.executable).with_name("municipium"))


def run(
    *args: str, var: Path, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = process_environ(var, **env)
    return subprocess.run(
        [MUNICIPIUM, *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("cli")
    result = run("migrate", "--no-input", "-v", "0", var=var)
    assert result.returncode == 0, result.stderr
    return var


@pytest.mark.parametrize("command", ["serve", "worker", "demo", "audit", "createadmin", "registry"])
def test_every_command_has_help(site: Path, command: str) -> None:
    result = run(command, "--help", var=site)
    assert result.returncode == 0
    assert "usage: municipium " + command in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-command"], "unknown command 'no-such-command'"),
        (["serve", "--bind", "nowhere"], "--bind must be host:port"),
        (["serve", "--workers", "many"], "invalid int value"),
        (["worker", "--interval", "0"], "must be above 0"),
        (["audit"], "required"),
        (["audit", "verify", "--org", "nowhere"], "no organisation"),
        (["createadmin", "--email", "not-an-address", "--no-input"], "not an e-mail address"),
        (["createadmin", "--email", "a@example.org", "--no-input"], "MUNICIPIUM_ADMIN_PASSWORD"),
        (["demo", "--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(site: Path, args: list[str], message: str) -> None:
    result = run(*args, var=site)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert message in lines[0]


def test_production_settings_without_a_secret_key_exit_2(tmp_path: Path) -> None:
    result = run("check", var=tmp_path, MUNICIPIUM_DEBUG="false", MUNICIPIUM_SECRET_KEY="")
    assert result.returncode == 2
    assert "MUNICIPIUM_SECRET_KEY" in result.stderr
    result = run("check", var=tmp_path, MUNICIPIUM_LOGIN_FAILURE_LIMIT="many")
    assert result.returncode == 2
    assert "MUNICIPIUM_LOGIN_FAILURE_LIMIT" in result.stderr


def _counts(var: Path) -> dict[str, int]:
    with sqlite3.connect(var / "municipium.sqlite3") as db:
        return {
            table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in [
                "tenants_organisation",
                "tenants_unit",
                "tenants_membership",
                "accounts_user",
                "audit_auditentry",
            ]
        }


def test_demo_loads_once_and_a_second_run_changes_nothing(site: Path) -> None:
    first = run("demo", var=site)
    assert first.returncode == 0, first.stderr
    assert "admin.primerovo@example.org" in first.stdout
    assert "municipium-demo" in first.stdout
    counts = _counts(site)
    assert counts["tenants_organisation"] == 6
    assert counts["tenants_membership"] == 36  # one person per role in each
    assert "admin.naso-rb@example.org" in first.stdout
    assert "communications.daeu@example.org" in first.stdout
    second = run("demo", "--quiet", var=site)
    assert "nothing changed" in second.stdout
    assert _counts(site) == counts


def test_createadmin_makes_a_platform_administrator(site: Path) -> None:
    result = run(
        "createadmin",
        "--email",
        "Boss@Example.org",
        "--name",
        "Boss",
        "--no-input",
        var=site,
        MUNICIPIUM_ADMIN_PASSWORD="a long admin passphrase",
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(site / "municipium.sqlite3") as db:
        row = db.execute(
            "SELECT is_superuser, is_staff FROM accounts_user WHERE email = 'boss@example.org'"
        ).fetchone()
    assert row == (1, 1)
    again = run(
        "createadmin",
        "--email",
        "boss@example.org",
        "--no-input",
        var=site,
        MUNICIPIUM_ADMIN_PASSWORD="a long admin passphrase",
    )
    assert again.returncode == 2


def test_audit_verify_passes_then_names_a_tampered_entry(site: Path) -> None:
    run("demo", "--quiet", var=site)
    result = run("audit", "verify", var=site)
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout
    with sqlite3.connect(site / "municipium.sqlite3") as db:
        db.execute(
            "UPDATE audit_auditentry SET object_repr = 'forged' "
            "WHERE chain = 'primerovo' AND seq = 3"
        )
    result = run("audit", "verify", "--org", "primerovo", var=site)
    assert result.returncode == 1
    assert "chain primerovo: entry #3: was altered" in result.stderr


def test_worker_batch_runs_the_periodic_jobs_and_exits(site: Path) -> None:
    result = run("worker", "--batch", var=site)
    assert result.returncode == 0, result.stderr
    assert "enqueued periodic jobs" in result.stdout
    with sqlite3.connect(site / "municipium.sqlite3") as db:
        rows = db.execute(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    assert {path.rsplit(".", 1)[1] for path, _ in rows} == {
        "verify_journal",
        "prune_login_failures",
        "prune_task_results",
        "send_task_digest",
        "poll_intake",
        "prune_rate_attempts",
        "requeue_abandoned_tasks",
        "prune_idempotency_keys",
        "publish_due_news",
        "send_newsletters",
        "purge_newsletter_requests",
        "update_figures",
        "send_event_reminders",
        # associations (issue 13)
        "alert_mandates_ending",
    }
    assert {status for _, status in rows} == {"SUCCESSFUL"}
    again = run("worker", "--batch", var=site)
    assert "enqueued" not in again.stdout


def test_migrate_builds_the_dictionary_of_word_forms_so_no_request_waits_for_it(
    tmp_path: Path,
) -> None:
    """Seen before: the first registration after install took 31.5 s, building the table."""
    lemmas = tmp_path / "lemmas"
    result = run(
        "migrate",
        "--no-input",
        "-v",
        "0",
        var=tmp_path,
        timeout=600,
        MUNICIPIUM_LEMMA_DIR=str(lemmas),
    )
    assert result.returncode == 0, result.stderr
    assert [path.name for path in lemmas.glob("*.lemmas")] == ["bg-pl-en.v4.lemmas"]
    assert "dictionary of word forms ready" in result.stderr
    # A second migrate finds it and says nothing about it.
    again = run("migrate", "--no-input", "-v", "0", var=tmp_path, MUNICIPIUM_LEMMA_DIR=str(lemmas))
    assert again.returncode == 0 and "dictionary" not in again.stderr
