"""Shared fixtures: two organisations and the personas of the isolation matrix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from municipium.accounts.models import User
from municipium.tenants import services
from municipium.tenants.models import Membership, Organisation, Role, Unit

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    unit_a: Unit
    unit_b: Unit
    platform_admin: User
    admin_a: User
    registrar_a: User
    official_a: User
    official_b: User
    admin_b: User
    citizen: User
    communications_a: User
    communications_b: User

    def membership(self, user: User, org: Organisation) -> Membership:
        return Membership.objects.get(user=user, organisation=org)


def make_user(email: str, **extra: Any) -> User:
    # English unless a test says otherwise: signed-in pages speak the user's language.
    extra.setdefault("language", "en")
    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        full_name=extra.pop("full_name", email.split("@")[0]),
        email_verified_at=None,
        **extra,
    )


def add_member(org: Organisation, user: User, *roles: str, unit: Unit | None = None) -> Membership:
    membership, _ = services.membership_add(
        organisation=org,
        actor=None,
        email=user.email,
        full_name=user.full_name,
        roles=list(roles),
        unit=unit,
    )
    return membership


@pytest.fixture
def world(db: Any) -> World:
    org_a = services.organisation_create(
        actor=None,
        slug="alpha",
        name="Община Алфа",
        kind="municipality",
        country="BG",
        languages=["bg", "en"],
    )
    org_b = services.organisation_create(
        actor=None,
        slug="beta",
        name="Gmina Beta",
        kind="municipality",
        country="PL",
        languages=["pl"],
    )
    unit_a = services.unit_create(organisation=org_a, actor=None, code="ADM", name="Администрация")
    unit_b = services.unit_create(organisation=org_b, actor=None, code="OR", name="Referat Org.")
    platform_admin = User.objects.create_superuser(
        "root@example.org", PASSWORD, full_name="Root", language="en"
    )
    world = World(
        org_a=org_a,
        org_b=org_b,
        unit_a=unit_a,
        unit_b=unit_b,
        platform_admin=platform_admin,
        admin_a=make_user("admin-a@example.org"),
        registrar_a=make_user("registrar-a@example.org"),
        official_a=make_user("official-a@example.org"),
        official_b=make_user("official-b@example.org"),
        admin_b=make_user("admin-b@example.org"),
        citizen=make_user("citizen@example.org"),
        communications_a=make_user("press-a@example.org"),
        communications_b=make_user("press-b@example.org"),
    )
    add_member(org_a, world.admin_a, Role.ADMIN)
    add_member(org_a, world.registrar_a, Role.REGISTRAR, unit=unit_a)
    add_member(org_a, world.official_a, Role.OFFICIAL, unit=unit_a)
    add_member(org_b, world.official_b, Role.OFFICIAL, unit=unit_b)
    add_member(org_b, world.admin_b, Role.ADMIN)
    add_member(org_a, world.communications_a, Role.COMMUNICATIONS)
    add_member(org_b, world.communications_b, Role.COMMUNICATIONS)
    return world


def client_for(user: User | None, language: str = "en") -> Client:
    """A test client signed in as `user`, with the interface in `language` (English by default,
    so assertions can name the interface's own words): the language cookie for anonymous
    visitors, the user's own language for a signed-in one."""
    client = Client()
    client.cookies["municipium_language"] = language
    if user is not None:
        if user.language != language:
            User.objects.filter(pk=user.pk).update(language=language)
            user.language = language
        client.force_login(user)
    return client


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: Any  # email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()  # a folded header starts with a space

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


class _Collector:
    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings: Any) -> Any:
    """A real SMTP server on localhost; the app sends through it with Django's SMTP backend."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield collector
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2's cost is for production; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def registry(world: World) -> Any:
    """Organisation alpha's default registers and kinds (Bulgarian), beta's (Polish)."""
    from municipium.registry.defaults import registry_setup
    from municipium.registry.models import DocumentKind, Register

    registry_setup(organisation=world.org_a, actor=None)
    registry_setup(organisation=world.org_b, actor=None)

    class Registry:
        general = Register.objects.get(organisation=world.org_a, code="general")
        rpw = Register.objects.get(organisation=world.org_b, code="rpw")
        application = DocumentKind.objects.get(organisation=world.org_a, code="application")
        letter = DocumentKind.objects.get(organisation=world.org_a, code="letter")
        pl_letter = DocumentKind.objects.get(organisation=world.org_b, code="letter")

    return Registry


def register_letter(world: World, registry: Any, **extra: Any) -> Any:
    from municipium.registry.services import document_register

    fields = {
        "organisation": world.org_a,
        "actor": world.registrar_a,
        "register": registry.general,
        "direction": "incoming",
        "kind": registry.letter,
        "subject": "Писмо",
        "channel": "post",
        **extra,
    }
    return document_register(**fields)


@pytest.fixture(autouse=True)
def _fresh_search_labels() -> None:
    """The search keeps facet labels a minute per organisation id; ids repeat between tests."""
    from municipium.search import queries

    queries._labels.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Every test stores its files in its own folder: blobs are named by their hash, so one
    test's file in the shared var/media would be found by the next (tests that use a bucket
    or another folder set STORAGES again after this)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Cached public pages of one test never reach the next (row ids are reused)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default() -> Any:
    """Each test starts in English, whatever language an earlier request in the same worker
    left active; tests about other languages switch explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


def run_together(*workers: Any, timeout: float = 600) -> None:
    """Run the functions in threads started at the same moment, each on its own database
    connection (closed after), and fail with the first errors any of them raised."""
    import threading

    from django.db import close_old_connections, connection

    errors: list[BaseException] = []
    start = threading.Barrier(len(workers))

    def run(worker: Any) -> None:
        try:
            start.wait()
            worker()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not errors, errors[:3]


def process_environ(var: Any, **extra: str) -> dict[str, str]:
    """The environment of a `municipium` process run by a test on its own SQLite database
    under `var`. It shares the suite's lemma table (built once: some 20 seconds each)."""
    import os

    from django.conf import settings

    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(
        {
            "MUNICIPIUM_VAR_DIR": str(var),
            "MUNICIPIUM_DEBUG": "true",
            "MUNICIPIUM_LEMMA_DIR": str(settings.LEMMA_DIR),
            **extra,
        }
    )
    return environ
