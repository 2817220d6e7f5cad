from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("<int:pk>/", views.AssessmentView.as_view(), name="detail"),
    path("institutions/<int:pk>/", views.InstitutionView.as_view(), name="institution"),
    path("institutions/<int:pk>/assess/", views.AssessView.as_view(), name="assess"),
]
