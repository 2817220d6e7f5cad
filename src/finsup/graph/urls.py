from django.urls import path

from . import views

app_name = "graph"
urlpatterns = [
    path("", views.CityRelationsView.as_view(), name="city"),
    path("institutions/<int:pk>/", views.InstitutionRelationsView.as_view(), name="institution"),
]
