from django.urls import path

from .views import office, public

app_name = "events"

urlpatterns: list = [
    path("calendar/", public.calendar, name="calendar"),
    path("calendar.ics", public.calendar_ics, name="calendar_ics"),
    path("<slug:org>/events/", public.event_list, name="list"),
    path("<slug:org>/events/calendar.ics", public.org_ics, name="org_ics"),
    path("<slug:org>/events/confirm/<str:token>/", public.confirm, name="confirm"),
    path("<slug:org>/events/cancel/<str:token>/", public.cancel, name="cancel"),
    path(
        "<slug:org>/events/cancel/<str:token>/certificate.pdf",
        public.certificate,
        name="certificate",
    ),
    path("<slug:org>/events/verify/", public.verify, name="verify"),
    path("<slug:org>/events/<slug:slug>/", public.event_page, name="event"),
    path("<slug:org>/events/<slug:slug>/event.ics", public.event_ics, name="event_ics"),
    path("<slug:org>/events/<slug:slug>/register/", public.register, name="register"),
    path("<slug:org>/office/events/", office.office_list, name="office"),
    path("<slug:org>/office/events/new/", office.office_edit, name="office_new"),
    path("<slug:org>/office/events/<int:event_id>/", office.office_edit, name="office_edit"),
    path(
        "<slug:org>/office/events/<int:event_id>/sessions/",
        office.office_session_add,
        name="office_session_add",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/sessions/<int:session_id>/delete/",
        office.office_session_delete,
        name="office_session_delete",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/participants/",
        office.office_participants,
        name="office_participants",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/participants.csv",
        office.office_participants_csv,
        name="office_participants_csv",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/participants.ods",
        office.office_participants_ods,
        name="office_participants_ods",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/participants/message/",
        office.office_participants_message,
        name="office_participants_message",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/participants/<int:registration_id>/move/",
        office.office_participant_move,
        name="office_participant_move",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/participants/<int:registration_id>/cancel/",
        office.office_participant_cancel,
        name="office_participant_cancel",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/check-in/",
        office.office_check_in,
        name="office_check_in",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/check-in/<int:registration_id>/",
        office.office_check_in_mark,
        name="office_check_in_mark",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/ticket/<str:token>/",
        office.office_ticket,
        name="office_ticket",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/certificates.pdf",
        office.office_certificates,
        name="office_certificates",
    ),
    path(
        "<slug:org>/office/events/<int:event_id>/<slug:action>/",
        office.office_action,
        name="office_action",
    ),
]
