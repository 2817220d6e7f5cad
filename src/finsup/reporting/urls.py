from django.urls import path

from . import views, views_rulebook

app_name = "reporting"
urlpatterns = [
    path("", views.SubmissionListView.as_view(), name="list"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("rules/", views_rulebook.RulebookView.as_view(), name="rulebook"),
    path("file/<slug:report>/<str:period>/", views.FileReportView.as_view(), name="file"),
    path("<int:pk>/", views.SubmissionDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:step>/", views.ReviewView.as_view(), name="review"),
]
