from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "municipium.registry"
    verbose_name = _("Registry office")

    def ready(self) -> None:
        from municipium.tenants.navigation import OFFICE_FIGURES

        from . import checks  # noqa: F401 — registers the system checks
        from .figures import registry_figures

        if registry_figures not in OFFICE_FIGURES:
            OFFICE_FIGURES.append(registry_figures)
