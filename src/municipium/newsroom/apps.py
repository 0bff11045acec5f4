from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "municipium.newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from .news_public import register as register_news
        from .site_pages import register as register_pages
        from .views.newsletter import register as register_newsletter

        register_pages()
        register_news()
        register_newsletter()
