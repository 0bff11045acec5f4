from django.urls import path

from . import views

app_name = "tenants"

urlpatterns = [
    path("<slug:org>/", views.public_home, name="public_home"),
    path("<slug:org>/files/<int:public_file_id>/<str:name>", views.public_file, name="public_file"),
    path("<slug:org>/office/", views.office_home, name="office"),
    path("<slug:org>/office/settings/", views.settings_profile, name="settings"),
    path("<slug:org>/office/settings/units/", views.units, name="units"),
    path("<slug:org>/office/settings/units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("<slug:org>/office/settings/people/", views.members, name="members"),
    path(
        "<slug:org>/office/settings/people/<int:membership_id>/",
        views.member_edit,
        name="member_edit",
    ),
]
