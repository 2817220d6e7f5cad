from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="list"),
    path("new/", views.IncidentReportView.as_view(), name="report"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.IncidentTransitionView.as_view(), name="transition"),
    path("<int:pk>/log/", views.IncidentLogView.as_view(), name="log"),
    path("<int:pk>/warnings/", views.IncidentWarningView.as_view(), name="link_warning"),
    path("<int:pk>/records/", views.IncidentRecordView.as_view(), name="link_record"),
]
