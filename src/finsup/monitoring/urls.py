from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.WarningListView.as_view(), name="warning_list"),
    path("<int:pk>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("<int:pk>/transition/", views.WarningTransitionView.as_view(), name="warning_transition"),
    path(
        "institutions/<int:pk>/indicators/",
        views.InstitutionIndicatorsView.as_view(),
        name="institution_indicators",
    ),
]
