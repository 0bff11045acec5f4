from django.urls import path

from . import site_views, views

app_name = "tenants"

urlpatterns = [
    # "i18n" is a reserved slug, so this never hides an organisation.
    path("i18n/language/", site_views.language_link, name="language"),
    path("<slug:org>/", site_views.public_home, name="public_home"),
    path("<slug:org>/site.css", site_views.site_css, name="site_css"),
    path("<slug:org>/accessibility/", site_views.accessibility_statement, name="statement"),
    path("<slug:org>/privacy/", site_views.privacy_notice, name="privacy"),
    path("<slug:org>/files/<int:public_file_id>/<str:name>", views.public_file, name="public_file"),
    path("<slug:org>/office/", views.office_home, name="office"),
    path("<slug:org>/office/settings/", views.settings_profile, name="settings"),
    path("<slug:org>/office/settings/identity/", site_views.settings_identity, name="identity"),
    path(
        "<slug:org>/office/settings/accessibility/",
        site_views.statement_edit,
        name="statement_edit",
    ),
    path("<slug:org>/office/settings/privacy/", site_views.privacy_edit, name="privacy_edit"),
    path("<slug:org>/office/settings/menu/", site_views.menu_edit, name="menu"),
    path("<slug:org>/office/settings/units/", views.units, name="units"),
    path("<slug:org>/office/settings/units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("<slug:org>/office/settings/people/", views.members, name="members"),
    path(
        "<slug:org>/office/settings/people/<int:membership_id>/",
        views.member_edit,
        name="member_edit",
    ),
]
