from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "municipium.insights"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from municipium.audit.services import journal_listen

        from .public_site import register
        from .services import on_journal

        journal_listen(on_journal)
        register()
