"""The installation's DCAT-AP catalogue (JSON-LD): one dataset per publishing organisation
and measure (table), each with a CSV and a JSON distribution, the licence, the publisher,
its temporal coverage and its update frequency."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from . import present, publication

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"
CSV = "http://publications.europa.eu/resource/authority/file-type/CSV"
JSON = "http://publications.europa.eu/resource/authority/file-type/JSON"

TITLES = {
    "months": "Service figures by month",
    "kinds": "Service figures by kind of document",
    "channels": "Service figures by channel",
    "units": "Service figures by unit",
    "services": "Service figures by e-service",
}
DESCRIPTIONS = {
    "months": "Documents received and answered each month, the share answered on time, the "
    "median and 90th-percentile days to answer, the online share, suspensions and extensions.",
}


def _typed(value: str, kind: str) -> dict[str, str]:
    return {"@value": value, "@type": f"xsd:{kind}"}


def catalogue(base: str, today: date) -> dict[str, Any]:
    """The catalogue as a JSON-LD document; `base` is the installation's address."""
    datasets = []
    for organisation in publication.publishing().order_by("slug"):
        covered = publication.coverage(organisation)
        page = base + reverse("insights:public", kwargs={"org": organisation.slug})
        publisher = {
            "@id": base + reverse("tenants:public_home", kwargs={"org": organisation.slug}),
            "@type": "foaf:Agent",
            "foaf:name": organisation.name,
        }
        for table in present.TABLES:
            identifier = f"{base}/data/{organisation.slug}/{table}"
            distributions = []
            for fmt, media, kind in (("csv", "text/csv", CSV), ("json", "application/json", JSON)):
                url = base + reverse(
                    "insights:data", kwargs={"org": organisation.slug, "table": table, "fmt": fmt}
                )
                distributions.append(
                    {
                        "@id": f"{identifier}#{fmt}",
                        "@type": "dcat:Distribution",
                        "dcat:accessURL": {"@id": url},
                        "dcat:downloadURL": {"@id": url},
                        "dcat:mediaType": media,
                        "dct:format": {"@id": kind},
                        "dct:license": {"@id": present.LICENCE},
                        "dct:title": f"{TITLES[table]} ({fmt.upper()})",
                    }
                )
            dataset: dict[str, Any] = {
                "@id": identifier,
                "@type": "dcat:Dataset",
                "dct:identifier": identifier,
                "dct:title": f"{organisation.name}: {TITLES[table]}",
                "dct:description": DESCRIPTIONS.get(
                    table,
                    f"{TITLES[table]}: the columns of the monthly table, per group; groups "
                    "with fewer than 5 documents are suppressed.",
                ),
                "dct:publisher": publisher,
                "dct:license": {"@id": present.LICENCE},
                "dct:accrualPeriodicity": {"@id": DAILY},
                "dct:spatial": organisation.country,
                "dcat:landingPage": {"@id": page},
                "dcat:keyword": ["public services", "registry", "service quality"],
                "dcat:distribution": distributions,
            }
            if covered is not None:
                dataset["dct:temporal"] = {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": _typed(covered[0].isoformat(), "date"),
                    "dcat:endDate": _typed(covered[1].isoformat(), "date"),
                }
            datasets.append(dataset)
    return {
        "@context": CONTEXT,
        "@id": f"{base}/data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": "Municipium open data: service figures",
        "dct:description": "Service-quality figures published by the organisations of this "
        "installation.",
        "dct:publisher": {"@id": base + "/", "@type": "foaf:Agent", "foaf:name": "Municipium"},
        "dct:license": {"@id": present.LICENCE},
        "dct:modified": _typed(today.isoformat(), "date"),
        "dcat:dataset": datasets,
    }
