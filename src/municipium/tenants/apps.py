from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "municipium.tenants"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from .public_sections import register

        register()
