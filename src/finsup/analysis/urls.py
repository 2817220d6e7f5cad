from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("", views.MonthListView.as_view(), name="month_list"),
    path("open/", views.MonthOpenView.as_view(), name="month_open"),
    path("<int:pk>/", views.MonthView.as_view(), name="month"),
    path("<int:pk>/draft/", views.DraftView.as_view(), name="draft"),
]
