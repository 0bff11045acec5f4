from django.urls import path

from . import feeds
from .views import office, public

app_name = "consultations"

C = "<slug:org>/consultations/<int:consultation_id>/"
OFFICE = "<slug:org>/office/consultations/"

urlpatterns: list = [
    path("<slug:org>/consultations/", public.consultation_list, name="list"),
    path("<slug:org>/consultations/feed.atom", feeds.consultation_feed, name="feed"),
    path("<slug:org>/consultations/closing.ics", feeds.closing_ics, name="closing_ics"),
    path(C, public.consultation_detail, name="detail"),
    path(C + "articles/<int:anchor>/", public.article_comments, name="article"),
    path(C + "comments/<int:comment_id>/", public.comment_replies, name="replies"),
    path(C + "comment/", public.comment_post, name="comment"),
    path(C + "compare/", public.compare, name="compare"),
    path(C + "report.<slug:fmt>", public.report, name="report"),
    path(OFFICE, office.office_list, name="office_list"),
    path(OFFICE + "new/", office.office_new, name="office_new"),
    path(OFFICE + "rules/", office.office_rules, name="office_rules"),
    path(OFFICE + "rules/<int:rule_set_id>/", office.office_rules, name="office_rule_set"),
    path(
        OFFICE + "comments/<int:comment_id>/<slug:action>/",
        office.office_comment,
        name="office_comment",
    ),
    path(OFFICE + "<int:consultation_id>/", office.office_detail, name="office_detail"),
    path(OFFICE + "<int:consultation_id>/draft/", office.office_draft, name="office_draft"),
    path(
        OFFICE + "<int:consultation_id>/documents/", office.office_document, name="office_document"
    ),
    path(
        OFFICE + "<int:consultation_id>/comments/", office.office_comments, name="office_comments"
    ),
    path(
        OFFICE + "<int:consultation_id>/<slug:action>/", office.office_action, name="office_action"
    ),
]
