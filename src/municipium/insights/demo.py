"""The demo municipalities publish their figures (idempotent: publishing again changes
nothing)."""

from __future__ import annotations

from municipium.tenants.models import Organisation, OrganisationKind

from .services import figures_publish_set


def demo_publish(slugs: list[str]) -> list[str]:
    """Publish the figures of the demo municipalities among `slugs`; returns their slugs."""
    published = []
    for organisation in Organisation.objects.filter(
        slug__in=slugs, kind=OrganisationKind.MUNICIPALITY
    ).order_by("slug"):
        figures_publish_set(organisation=organisation, actor=None, publish=True)
        published.append(organisation.slug)
    return published
