"""Who the client is: one helper (audit.services.client_ip / client_key) decides it for the audit
journal and for every abuse limit, trusting X-Forwarded-For only as far as our own proxies."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from municipium import settings as municipium_settings
from municipium.accounts.models import LoginFailure
from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_record, client_ip, client_key

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"
TRACK = reverse("eservices:track", kwargs={"org": "alpha"})


def _track(remote: str, forwarded: str | None = None) -> int:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(TRACK, {"number": "1", "code": "X"}, **headers).status_code


def test_without_a_trusted_proxy_a_forged_header_is_ignored(rf: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "192.0.2.10"


def test_without_a_trusted_proxy_changing_the_header_does_not_escape_the_limit(
    world: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 0
    settings.TRACK_RATE_PER_HOUR = 3
    statuses = [_track("192.0.2.10", f"10.9.9.{n}") for n in range(5)]
    assert 429 not in statuses[:3]
    assert statuses[3:] == [429, 429]


def test_behind_one_proxy_the_hop_it_added_is_the_client(rf: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    # The client sent "6.6.6.6" itself; our proxy appended the address it saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert client_ip(request) == "192.0.2.7"


def test_behind_two_proxies_the_second_hop_from_the_end_is_the_client(
    rf: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7, 10.0.0.9"
    )
    assert client_ip(request) == "192.0.2.7"
    # Fewer hops than proxies (the outer one was bypassed): the leftmost, which a proxy of
    # ours added, not the connecting address that everyone would share.
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert client_ip(request) == "192.0.2.8"


@pytest.mark.parametrize("forwarded", ["garbage", "unknown", "6.6.6.6, garbage", " , ", "1.2.3"])
def test_an_unreadable_forwarded_address_is_the_connecting_address(
    rf: Any, settings: Any, forwarded: str
) -> None:
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == "10.0.0.1"
    assert client_key(request) == "10.0.0.1"


def test_a_garbage_forwarded_header_is_still_limited_by_the_connecting_address(
    world: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 1
    settings.TRACK_RATE_PER_HOUR = 3
    statuses = [_track("10.0.0.1", "garbage") for _ in range(5)]
    assert 429 not in statuses[:3]
    assert statuses[3:] == [429, 429]
    # Another client behind the same proxy, with a real address, is not affected.
    assert _track("10.0.0.1", "192.0.2.50") != 429


def test_behind_a_proxy_each_client_has_its_own_limit(world: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    settings.TRACK_RATE_PER_HOUR = 2
    for _ in range(2):
        _track("10.0.0.1", "192.0.2.1")
    assert _track("10.0.0.1", "192.0.2.1") == 429
    assert _track("10.0.0.1", "192.0.2.2") != 429
    # A client's own header in front of the proxy's hop changes nothing.
    assert _track("10.0.0.1", "198.51.100.77, 192.0.2.1") == 429


def test_ipv6_clients_are_limited_per_64_network(world: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = 0
    settings.TRACK_RATE_PER_HOUR = 3
    statuses = [_track(f"2001:db8:1:2::{n:x}") for n in range(1, 6)]
    assert statuses[3:] == [429, 429]
    assert _track("2001:db8:1:3::1") != 429  # the neighbouring network


def test_the_journal_records_the_address_the_helper_decides(world: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    request = Client().get("/", REMOTE_ADDR="10.0.0.1").wsgi_request
    cases = {
        "6.6.6.6, 192.0.2.7": "192.0.2.7",
        "garbage": "10.0.0.1",
        "2001:0DB8::0001": "2001:db8::1",
    }
    for forwarded, expected in cases.items():
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
        entry = audit_record(
            organisation=world.org_a, actor=None, action="test.ip", request=request
        )
        assert AuditEntry.objects.get(pk=entry.pk).ip_address == expected


def test_failed_sign_ins_are_counted_by_the_same_address(world: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    Client().post(
        "/accounts/login/",
        {"email": world.official_a.email, "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
    )
    failure = LoginFailure.objects.get()
    assert failure.ip_address == "192.0.2.7"
    assert failure.client == "192.0.2.7"


def test_behind_proxy_alone_means_one_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUNICIPIUM_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("MUNICIPIUM_BEHIND_PROXY", "true")
    assert municipium_settings._trusted_proxies() == 1
    monkeypatch.setenv("MUNICIPIUM_BEHIND_PROXY", "false")
    assert municipium_settings._trusted_proxies() == 0
    monkeypatch.delenv("MUNICIPIUM_BEHIND_PROXY")
    monkeypatch.setenv("MUNICIPIUM_TRUSTED_PROXIES", "2")
    assert municipium_settings._trusted_proxies() == 2


@pytest.mark.parametrize(("behind", "count"), [("true", "0"), ("false", "1")])
def test_contradicting_proxy_settings_fail_loudly(
    monkeypatch: pytest.MonkeyPatch, behind: str, count: str
) -> None:
    monkeypatch.setenv("MUNICIPIUM_BEHIND_PROXY", behind)
    monkeypatch.setenv("MUNICIPIUM_TRUSTED_PROXIES", count)
    with pytest.raises(ImproperlyConfigured, match="MUNICIPIUM_TRUSTED_PROXIES"):
        municipium_settings._trusted_proxies()


def test_a_negative_proxy_count_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUNICIPIUM_BEHIND_PROXY", raising=False)
    monkeypatch.setenv("MUNICIPIUM_TRUSTED_PROXIES", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        municipium_settings._trusted_proxies()


def test_the_shipped_nginx_config_overwrites_both_forwarded_headers() -> None:
    config = (DEPLOY / "nginx.conf").read_text()
    directives = dict(
        re.findall(r"^\s*proxy_set_header\s+(\S+)\s+(\S+);", config, flags=re.MULTILINE)
    )
    assert directives.get("X-Forwarded-Proto") == "$scheme"
    # Overwritten with the address nginx saw, not appended to the client's own header.
    assert directives.get("X-Forwarded-For") == "$remote_addr"


def test_the_shipped_environments_trust_exactly_the_one_proxy() -> None:
    assert "MUNICIPIUM_TRUSTED_PROXIES=1" in (DEPLOY / "municipium.env").read_text()
    assert 'MUNICIPIUM_TRUSTED_PROXIES: "1"' in (DEPLOY / "compose.yaml").read_text()
