from django.urls import path

from . import views, views_breaches

app_name = "monitoring"
urlpatterns = [
    path("", views.WarningListView.as_view(), name="warning_list"),
    path("acknowledge/", views.WarningBulkAcknowledgeView.as_view(), name="warning_bulk_acknowledge"),
    path("<int:pk>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("<int:pk>/transition/", views.WarningTransitionView.as_view(), name="warning_transition"),
    path("<int:pk>/decide/", views.BreachDecideView.as_view(), name="breach_decide"),
    path(
        "institutions/<int:pk>/indicators/",
        views.InstitutionIndicatorsView.as_view(),
        name="institution_indicators",
    ),
    # An institution's own breaches of a rule and their justification.
    path("breaches/", views_breaches.BreachListView.as_view(), name="breach_list"),
    path("breaches/<int:pk>/", views_breaches.BreachDetailView.as_view(), name="breach_detail"),
    path("breaches/<int:pk>/justify/", views_breaches.BreachJustifyView.as_view(), name="breach_justify"),
    path(
        "justifications/<int:pk>/attachment/",
        views_breaches.JustificationAttachmentView.as_view(),
        name="justification_attachment",
    ),
]
