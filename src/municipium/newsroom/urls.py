from django.urls import path

from .views import pages

app_name = "newsroom"

urlpatterns = [
    # pages
    path("<slug:org>/pages/<str:slug>/", pages.page, name="page"),
    path("<slug:org>/pages/<str:parent>/<str:slug>/", pages.subpage, name="subpage"),
    path("<slug:org>/page/<int:page_id>/", pages.page_by_id, name="page_by_id"),
    path("<slug:org>/contacts/", pages.contacts, name="contacts"),
    path("<slug:org>/office/pages/", pages.office_pages, name="office_pages"),
    path("<slug:org>/office/pages/new/", pages.office_page_new, name="office_page_new"),
    path("<slug:org>/office/pages/<int:page_id>/", pages.office_page, name="office_page"),
    path(
        "<slug:org>/office/pages/<int:page_id>/text/<str:language>/",
        pages.office_page_text,
        name="office_page_text",
    ),
    path(
        "<slug:org>/office/pages/<int:page_id>/<str:action>/",
        pages.office_page_action,
        name="office_page_action",
    ),
    path(
        "<slug:org>/office/pages/<int:page_id>/attachments/<int:attachment_id>/remove/",
        pages.office_attachment_remove,
        name="office_attachment_remove",
    ),
    path("<slug:org>/office/contacts/", pages.office_contacts, name="office_contacts"),
    path("<slug:org>/office/contacts/new/", pages.office_contact, name="office_contact_new"),
    path(
        "<slug:org>/office/contacts/<int:contact_id>/", pages.office_contact, name="office_contact"
    ),
]
