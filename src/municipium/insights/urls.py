from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("figures/", views.compare, name="compare"),
    path("data/catalog.jsonld", views.catalogue, name="catalogue"),
    path("<slug:org>/figures/", views.public_figures, name="public"),
    path("<slug:org>/figures/data/<slug:table>.<str:fmt>", views.open_data, name="data"),
    path("<slug:org>/office/figures/", views.overview, name="overview"),
    path("<slug:org>/office/figures/publish/", views.publish, name="publish"),
]
