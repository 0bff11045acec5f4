from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("<slug:org>/office/search/", views.search_page, name="search"),
]
