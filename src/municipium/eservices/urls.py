from django.urls import path

from . import views

app_name = "eservices"

urlpatterns = [
    path("<slug:org>/services/", views.service_list, name="services"),
    path("<slug:org>/services/<slug:service>/", views.service_detail, name="service"),
    path("<slug:org>/services/<slug:service>/apply/", views.apply, name="apply"),
    path("<slug:org>/services/<slug:service>/verify/<str:token>/", views.verify, name="verify"),
    path("<slug:org>/applications/", views.my_applications, name="mine"),
    path("<slug:org>/applications/<int:application_id>/done/", views.done, name="done"),
    path("<slug:org>/applications/<int:application_id>/receipt/", views.receipt, name="receipt"),
    path("<slug:org>/track/", views.track, name="track"),
    path("<slug:org>/track/<int:document_id>/", views.tracked, name="tracked"),
    path(
        "<slug:org>/track/<int:document_id>/files/<int:attachment_id>/",
        views.tracked_file,
        name="tracked_file",
    ),
    path("<slug:org>/office/applications/", views.office_list, name="office_list"),
    path(
        "<slug:org>/office/applications/<int:application_id>/",
        views.office_detail,
        name="office_detail",
    ),
    path("<slug:org>/office/services/", views.catalogue, name="catalogue"),
    path("<slug:org>/office/services/new/", views.service_edit, name="service_new"),
    path("<slug:org>/office/services/<int:service_id>/", views.service_edit, name="service_edit"),
    path("<slug:org>/office/services/<int:service_id>/form/", views.builder, name="builder"),
    path(
        "<slug:org>/office/services/<int:service_id>/form/<slug:key>/",
        views.builder_field,
        name="builder_field",
    ),
    path("<slug:org>/office/services/<int:service_id>/publish/", views.publish, name="publish"),
    path(
        "<slug:org>/office/services/<int:service_id>/versions/",
        views.versions,
        name="versions",
    ),
]
