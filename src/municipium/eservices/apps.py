from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "municipium.eservices"
    verbose_name = _("E-services")

    def ready(self) -> None:
        from municipium.audit.services import journal_listen

        from .notify import on_journal

        journal_listen(on_journal)
        from .public_site import register

        register()
