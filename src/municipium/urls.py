from django.contrib import admin
from django.urls import include, path, re_path

from municipium.accounts.language import language_set
from municipium.api import api, not_found
from municipium.tenants import views as tenant_views

from .health import favicon, healthz

urlpatterns = [
    path("", tenant_views.home, name="home"),
    path("dashboard/", tenant_views.dashboard, name="dashboard"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The switcher also keeps a signed-in person's choice (before Django's own view).
    path("i18n/setlang/", language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("municipium.accounts.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
    path("", include("municipium.audit.urls")),
    path("", include("municipium.registry.urls")),
    path("", include("municipium.search.urls")),
    path("", include("municipium.eservices.urls")),
    path("", include("municipium.newsroom.urls")),
    path("", include("municipium.events.urls")),
    path("", include("municipium.consultations.urls")),
    path("", include("municipium.insights.urls")),
    path("", include("municipium.associations.urls")),
    path("", include("municipium.tenants.urls")),
]

# --- office readability (issue 16): browsers ask every site for /favicon.ico. ---
urlpatterns += [path("favicon.ico", favicon, name="favicon")]
