from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("<slug:org>/office/registry/", views.document_list, name="list"),
    path("<slug:org>/office/registry/new/", views.document_new, name="new"),
    path("<slug:org>/office/registry/book/", views.book, name="book"),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/receipt/",
        views.receipt,
        name="receipt",
    ),
    path(
        "<slug:org>/office/registry/correspondents/",
        views.correspondent_suggestions,
        name="correspondents",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/",
        views.document_detail,
        name="document",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/annul/",
        views.document_annul,
        name="annul",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/status/",
        views.document_status,
        name="status",
    ),
]
