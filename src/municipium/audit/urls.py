from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<slug:org>/office/audit/", views.journal, name="journal"),
    path("<slug:org>/office/audit/journal.csv", views.journal_csv, name="journal_csv"),
]
