from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "municipium.consultations"
    verbose_name = _("Public consultations")

    def ready(self) -> None:
        from .public import register

        register()
