from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "municipium.newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from .views.newsletter import register as register_newsletter

        register_newsletter()
