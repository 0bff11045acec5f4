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
        "<slug:org>/office/registry/documents/<int:document_id>/case/",
        views.document_open_case,
        name="open_case",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/add-to-case/",
        views.document_add_to_case,
        name="add_to_case",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/assign/",
        views.document_assign,
        name="assign",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/clock/<slug:action>/",
        views.document_clock,
        name="clock",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/notices/<int:extension_id>/",
        views.extension_notice,
        name="notice",
    ),
    path("<slug:org>/office/registry/registers/", views.registers, name="registers"),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/relate/",
        views.document_relate,
        name="relate",
    ),
    path(
        "<slug:org>/office/tasks/<int:task_id>/hand-over/",
        views.task_hand_over,
        name="task_hand_over",
    ),
    path("<slug:org>/office/registry/cases/", views.case_list, name="cases"),
    path("<slug:org>/office/registry/cases/new/", views.case_new, name="case_new"),
    path("<slug:org>/office/registry/cases/<int:case_id>/", views.case_detail, name="case"),
    path(
        "<slug:org>/office/registry/cases/<int:case_id>/close/",
        views.case_close,
        name="case_close",
    ),
    path(
        "<slug:org>/office/registry/cases/<int:case_id>/reopen/",
        views.case_reopen,
        name="case_reopen",
    ),
    path(
        "<slug:org>/office/registry/cases/<int:case_id>/assign/",
        views.case_assign,
        name="case_assign",
    ),
    path("<slug:org>/office/registry/file-plan/", views.file_plan, name="file_plan"),
    path("<slug:org>/office/tasks/", views.task_inbox, name="tasks"),
    path(
        "<slug:org>/office/tasks/<int:task_id>/<slug:action>/",
        views.task_action,
        name="task_action",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/status/",
        views.document_status,
        name="status",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/attachments/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/attachments/<int:attachment_id>/",
        views.attachment_file,
        name="attachment",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/attachments/<int:attachment_id>/view/",
        views.attachment_file,
        {"view": True},
        name="attachment_view",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/attachments/<int:attachment_id>/version/",
        views.attachment_version,
        name="attachment_version",
    ),
    path(
        "<slug:org>/office/registry/documents/<int:document_id>/attachments/<int:attachment_id>/retry/",
        views.attachment_retry,
        name="attachment_retry",
    ),
    path("<slug:org>/office/registry/intake/", views.intake_list, name="intake"),
    path(
        "<slug:org>/office/registry/intake/<int:intake_id>/",
        views.intake_detail,
        name="intake_message",
    ),
    path(
        "<slug:org>/office/registry/intake/<int:intake_id>/discard/",
        views.intake_discard,
        name="intake_discard",
    ),
    path(
        "<slug:org>/office/registry/intake/<int:intake_id>/message.eml",
        views.intake_file,
        name="intake_eml",
    ),
    path(
        "<slug:org>/office/registry/intake/<int:intake_id>/files/<int:file_id>/",
        views.intake_file,
        name="intake_file",
    ),
]
