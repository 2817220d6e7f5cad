from django.urls import path

from . import views_duties

app_name = "accountability"
urlpatterns: list = [
    path("", views_duties.OverdueDutiesView.as_view(), name="duties"),
]
