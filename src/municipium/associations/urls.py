from django.urls import path

from . import election_views, meeting_views, practice_views, views

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
    path("<slug:org>/assemblies/", meeting_views.public_meetings, name="meetings"),
    path("<slug:org>/assemblies/<int:meeting_id>/", meeting_views.public_meeting, name="meeting"),
    path(
        "<slug:org>/office/association/meetings/",
        meeting_views.office_meetings,
        name="office_meetings",
    ),
    path(
        "<slug:org>/office/association/meetings/<int:meeting_id>/",
        meeting_views.office_meeting,
        name="office_meeting",
    ),
    path(
        "<slug:org>/office/association/meetings/<int:meeting_id>/minutes.pdf",
        meeting_views.office_minutes,
        name="office_minutes",
    ),
    path(
        "<slug:org>/office/association/meetings/<int:meeting_id>/<slug:step>/",
        meeting_views.office_meeting_step,
        name="office_meeting_step",
    ),
    path("<slug:org>/elections/<int:election_id>/", election_views.election, name="election"),
    path(
        "<slug:org>/office/association/elections/",
        election_views.office_elections,
        name="office_elections",
    ),
    path(
        "<slug:org>/office/association/elections/<int:election_id>/",
        election_views.office_election,
        name="office_election",
    ),
    path(
        "<slug:org>/office/association/elections/<int:election_id>/<slug:step>/",
        election_views.office_election_step,
        name="office_election_step",
    ),
]

# Exchange groups and the good-practice library (issue 13).
urlpatterns += [
    path("<slug:org>/practices/", practice_views.practices, name="practices"),
    path("<slug:org>/practices/new/", practice_views.practice_edit, name="practice_new"),
    path("<slug:org>/practices/<int:practice_id>/", practice_views.practice, name="practice"),
    path(
        "<slug:org>/practices/<int:practice_id>/adopt/",
        practice_views.practice_adopt,
        name="practice_adopt",
    ),
    path(
        "<slug:org>/practices/<int:practice_id>/work/",
        practice_views.practice_work,
        name="practice_work",
    ),
    path(
        "<slug:org>/practices/<int:practice_id>/edit/",
        practice_views.practice_edit,
        name="practice_edit",
    ),
    path("<slug:org>/groups/<int:group_id>/", practice_views.group, name="group"),
    path(
        "<slug:org>/office/association/groups/",
        practice_views.office_groups,
        name="office_groups",
    ),
    path(
        "<slug:org>/office/association/practices/",
        practice_views.office_practices,
        name="office_practices",
    ),
]
