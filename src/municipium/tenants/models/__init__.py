"""The tenants' models: organisations and their people (organisations.py), and what their
public sites show about them (statement.py, privacy.py, menu.py)."""

from .menu import MenuItem, MenuItemKind
from .organisations import (
    DEFAULT_ACCENT,
    RESERVED_SLUGS,
    Country,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    PublicFile,
    PublicFileKind,
    Role,
    Unit,
    default_languages,
    slug_validator,
    validate_accent_colour,
    validate_language_codes,
)
from .privacy import LegalBasis, PrivacyNotice
from .statement import AccessibilityStatement, AssessmentMethod, ComplianceStatus

__all__ = [
    "DEFAULT_ACCENT",
    "RESERVED_SLUGS",
    "AccessibilityStatement",
    "AssessmentMethod",
    "ComplianceStatus",
    "Country",
    "LegalBasis",
    "Membership",
    "MembershipRole",
    "MenuItem",
    "MenuItemKind",
    "Organisation",
    "OrganisationKind",
    "PrivacyNotice",
    "PublicFile",
    "PublicFileKind",
    "Role",
    "Unit",
    "default_languages",
    "slug_validator",
    "validate_accent_colour",
    "validate_language_codes",
]
