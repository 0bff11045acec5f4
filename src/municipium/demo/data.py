"""The demo installation: six organisations (four fictional ones, and the municipal
secretaries' association and the e-Government agency of the real news samples, with made-up
contacts) with one person per role in each."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from municipium.accounts.models import User
from municipium.demo.public_content import NEW_ORGANISATIONS
from municipium.eservices.demo import eservices_demo
from municipium.registry.defaults import registry_setup
from municipium.tenants import services as tenant_services
from municipium.tenants.models import Membership, Organisation, Role, Unit

DEMO_PASSWORD = "municipium-demo"  # noqa: S105 - demo accounts only sign in while DEBUG is on


@dataclass(frozen=True)
class DemoOrg:
    slug: str
    name: str
    short_name: str
    kind: str
    country: str
    languages: list[str]
    description: str
    email: str
    phone: str
    address: str
    units: list[tuple[str, str]] = field(default_factory=list)


ORGANISATIONS = [
    DemoOrg(
        slug="primerovo",
        name="Община Примерово",
        short_name="Примерово",
        kind="municipality",
        country="BG",
        languages=["bg", "en"],
        description=(
            "Община Примерово е измислена община за демонстрация на Municipium: деловодство, "
            "електронни услуги, обществени консултации и новини."
        ),
        email="obshtina@primerovo.example.org",
        phone="+359 2 000 0000",
        address="пл. „Централен“ 1, 9999 Примерово",
        units=[
            ("ADM", "Дирекция „Административно обслужване“"),
            ("DEL", "Деловодство"),
            ("UT", "Дирекция „Устройство на територията“"),
            ("FIN", "Дирекция „Финанси и бюджет“"),
        ],
    ),
    DemoOrg(
        slug="przykladowo",
        name="Gmina Przykładowo",
        short_name="Przykładowo",
        kind="municipality",
        country="PL",
        languages=["pl", "en"],
        description=(
            "Gmina Przykładowo to fikcyjna gmina pokazowa Municipium: kancelaria, e-usługi, "
            "konsultacje społeczne i aktualności."
        ),
        email="urzad@przykladowo.example.org",
        phone="+48 00 000 00 00",
        address="ul. Rynek 1, 00-000 Przykładowo",
        units=[
            ("OR", "Referat Organizacyjny"),
            ("KAN", "Kancelaria"),
            ("GK", "Referat Gospodarki Komunalnej"),
            ("FN", "Referat Finansowy"),
        ],
    ),
    DemoOrg(
        slug="skom",
        name="Сдружение на комуникаторите в общините",
        short_name="СКО",
        kind="association",
        country="BG",
        languages=["bg", "en"],
        description=(
            "Измислено професионално сдружение на специалистите по връзки с обществеността "
            "в общините: семинари, работни групи и обмен на добри практики."
        ),
        email="office@skom.example.org",
        phone="+359 2 000 0001",
        address="ул. „Примерна“ 10, 1000 София",
        units=[("US", "Управителен съвет"), ("SEK", "Секретариат")],
    ),
    DemoOrg(
        slug="siec-pogranicza",
        name="Sieć Współpracy Gmin Pogranicza",
        short_name="SWGP",
        kind="network",
        country="PL",
        languages=["pl", "en"],
        description=(
            "Fikcyjna międzygminna sieć projektowa: grupy robocze, wymiana doświadczeń "
            "i biblioteka dobrych praktyk."
        ),
        email="biuro@siec-pogranicza.example.org",
        phone="+48 00 000 00 01",
        address="ul. Graniczna 5, 00-001 Przykładowo",
        units=[("BP", "Biuro projektu"), ("GR", "Grupy robocze")],
    ),
    *(DemoOrg(**dataclasses.asdict(spec)) for spec in NEW_ORGANISATIONS),
]

PERSON_NAMES = {
    "BG": {
        Role.ADMIN: "Мария Петрова",
        Role.REGISTRAR: "Иван Георгиев",
        Role.MANAGER: "Елена Димитрова",
        Role.OFFICIAL: "Николай Стоянов",
        Role.COMMUNICATIONS: "Светла Иванова",
        Role.VIEWER: "Георги Тодоров",
    },
    "PL": {
        Role.ADMIN: "Anna Kowalska",
        Role.REGISTRAR: "Piotr Nowak",
        Role.MANAGER: "Katarzyna Wiśniewska",
        Role.OFFICIAL: "Tomasz Wójcik",
        Role.COMMUNICATIONS: "Magdalena Lewandowska",
        Role.VIEWER: "Marek Zieliński",
    },
}


def demo_email(role: str, slug: str) -> str:
    return f"{role}.{slug}@example.org"


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (organisation, role, email)


def _demo_user(email: str, full_name: str, language: str, **extra: object) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        full_name=full_name,
        language=language,
        is_demo=True,
        **extra,
    )
    return user, True


def load_demo() -> DemoResult:
    """Create what is missing of the demo; running it again changes nothing."""
    result = DemoResult()
    # One short transaction for the platform's people, then one per organisation.
    with transaction.atomic():
        admin, created = _demo_user(
            "platform@example.org",
            "Platform Administrator",
            "en",
            is_staff=True,
            is_superuser=True,
        )
        if created:
            result.created.append(admin.email)
        result.logins.append(("—", "platform admin", admin.email))
        citizen, created = _demo_user("citizen@example.org", "Гражданин Демо", "bg")
        if created:
            result.created.append(citizen.email)
        result.logins.append(("—", "citizen", citizen.email))

    for spec in ORGANISATIONS:
        with transaction.atomic():
            organisation = Organisation.objects.filter(slug=spec.slug).first()
            if organisation is None:
                organisation = tenant_services.organisation_create(
                    actor=admin,
                    slug=spec.slug,
                    name=spec.name,
                    short_name=spec.short_name,
                    kind=spec.kind,
                    country=spec.country,
                    languages=spec.languages,
                    description=spec.description,
                    email=spec.email,
                    phone=spec.phone,
                    address=spec.address,
                )
                result.created.append(spec.slug)
            units = {}
            for code, name in spec.units:
                unit = Unit.objects.filter(organisation=organisation, code=code).first()
                if unit is None:
                    unit = tenant_services.unit_create(
                        organisation=organisation, actor=admin, code=code, name=name
                    )
                units[code] = unit
            first_unit = next(iter(units.values()), None)
            org_admin = None
            for role in Role.values:
                email = demo_email(role, spec.slug)
                full_name = PERSON_NAMES[spec.country][Role(role)]
                user, _ = _demo_user(email, full_name, spec.languages[0])
                if not Membership.objects.filter(user=user, organisation=organisation).exists():
                    tenant_services.membership_add(
                        organisation=organisation,
                        actor=org_admin or admin,
                        email=email,
                        full_name=full_name,
                        roles=[role],
                        unit=None if role == Role.ADMIN else first_unit,
                        position=str(Role(role).label),
                    )
                    result.created.append(email)
                if role == Role.ADMIN:
                    org_admin = user
                result.logins.append((spec.slug, role, email))
            result.created += registry_setup(organisation=organisation, actor=org_admin or admin)
            result.created += eservices_demo(organisation=organisation, actor=org_admin or admin)
            # consultations (issue 14)
            from municipium.consultations.demo import consultations_demo

            result.created += consultations_demo(
                organisation=organisation,
                official=User.objects.filter(email=demo_email(Role.OFFICIAL, spec.slug)).first(),
                citizen=citizen,
            )
    return result


def demo_passwords_work() -> bool:
    return bool(settings.DEBUG)
