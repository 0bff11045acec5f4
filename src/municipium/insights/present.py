"""Figures as rows of a table: the same rows feed the pages, the CSV and JSON downloads and
the API, under stable column names (documented in docs/open-data.md). In public, a group
with fewer than five documents shows no numbers ("fewer than 5")."""

from __future__ import annotations

from typing import Any

from .figures import Figures

COLUMNS = (
    "received",
    "answered",
    "answered_with_deadline",
    "answered_on_time",
    "on_time_rate",
    "median_days",
    "p90_days",
    "online",
    "counter",
    "online_share",
    "suspended",
    "extended",
    "suppressed",
)
TABLES = ("months", "kinds", "channels", "units", "services")
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def row(figures: Figures, *, public: bool) -> dict[str, Any]:
    """One row under the stable column names; suppressed (all None) when small and public."""
    hidden = public and figures.small
    values: dict[str, Any] = {
        "received": figures.received,
        "answered": figures.answered,
        "answered_with_deadline": figures.with_deadline,
        "answered_on_time": figures.on_time,
        "on_time_rate": _rate(figures.on_time_rate),
        "median_days": figures.median_days,
        "p90_days": figures.p90_days,
        "online": figures.online,
        "counter": figures.counter,
        "online_share": _rate(figures.online_share),
        "suspended": figures.suspended,
        "extended": figures.extended,
    }
    if hidden:
        values = dict.fromkeys(values)
    values["suppressed"] = hidden
    return values


def month_rows(months: list[Figures], *, public: bool) -> list[dict[str, Any]]:
    return [
        {"month": f.month.strftime("%Y-%m") if f.month else "", **row(f, public=public)}
        for f in months
    ]


def group_rows(groups: list[Figures], *, public: bool) -> list[dict[str, Any]]:
    return [{"group": g.label, **row(g, public=public)} for g in groups]
