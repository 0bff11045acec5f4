from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "municipium.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from municipium.audit.services import journal_listen

        from .services import on_journal
        from .startup import after_migrate

        # Each app declares its searchable types in its own `search` module.
        autodiscover_modules("search")
        journal_listen(on_journal)
        post_migrate.connect(after_migrate, sender=self)
