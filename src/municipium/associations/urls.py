from django.urls import path

from . import views

app_name = "associations"

urlpatterns: list = [
    path("<slug:org>/members/", views.directory, name="directory"),
    path("<slug:org>/members/apply/", views.apply, name="apply"),
    path("<slug:org>/bodies/", views.bodies, name="bodies"),
    path("<slug:org>/membership/", views.my_membership, name="my_membership"),
    path("<slug:org>/office/association/statute/", views.office_statute, name="office_statute"),
    path("<slug:org>/office/association/members/", views.office_members, name="office_members"),
    path(
        "<slug:org>/office/association/members/export/",
        views.office_members_export,
        name="office_members_export",
    ),
    path(
        "<slug:org>/office/association/members/<int:member_id>/",
        views.office_member,
        name="office_member",
    ),
    path(
        "<slug:org>/office/association/applications/",
        views.office_applications,
        name="office_applications",
    ),
    path(
        "<slug:org>/office/association/applications/<int:join_id>/<slug:decision>/",
        views.office_application_decide,
        name="office_application_decide",
    ),
    path("<slug:org>/office/association/fees/", views.office_fees, name="office_fees"),
    path("<slug:org>/office/association/bodies/", views.office_bodies, name="office_bodies"),
    path(
        "<slug:org>/office/association/bodies/<int:body_id>/mandates/new/",
        views.office_mandate_new,
        name="office_mandate_new",
    ),
]
