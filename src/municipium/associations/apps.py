from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "municipium.associations"
    verbose_name = _("Associations")

    def ready(self) -> None:
        from .views import register

        register()
