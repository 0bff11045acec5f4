from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "municipium.eservices"
    verbose_name = _("E-services")
