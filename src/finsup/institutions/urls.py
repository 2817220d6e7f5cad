from django.urls import path

from . import urls_excel, views

app_name = "institutions"
urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    *urls_excel.urlpatterns,
]
