from django.urls import URLPattern

app_name = "eservices"

urlpatterns: list[URLPattern] = []
