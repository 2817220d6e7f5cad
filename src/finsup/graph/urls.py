from django.urls import path

from . import views

app_name = "graph"
urlpatterns = [
    path("", views.CityRelationsView.as_view(), name="city"),
    path("institutions/<int:pk>/", views.InstitutionRelationsView.as_view(), name="institution"),
    path("institutions/<int:pk>/declared/new/", views.DeclaredHoldingAddView.as_view(), name="declared_add"),
    path(
        "institutions/<int:pk>/declared/<int:holding_pk>/delete/",
        views.DeclaredHoldingDeleteView.as_view(),
        name="declared_delete",
    ),
]
