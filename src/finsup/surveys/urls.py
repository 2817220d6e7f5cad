from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.SurveyListView.as_view(), name="list"),
    path("new/", views.SurveyCreateView.as_view(), name="create"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.SurveyEditView.as_view(), name="edit"),
    path("<int:pk>/send/", views.SurveySendView.as_view(), name="send"),
    path("<int:pk>/rerun/", views.SurveyRerunView.as_view(), name="rerun"),
    path("<int:pk>/answers.xlsx", views.SurveyExportView.as_view(), name="export"),
    path("requests/<int:pk>/", views.RequestView.as_view(), name="request"),
    path("requests/<int:pk>/template.xlsx", views.RequestTemplateView.as_view(), name="template"),
    path("requests/<int:pk>/upload/", views.RequestUploadView.as_view(), name="upload"),
    path("requests/<int:pk>/forward/", views.RequestForwardView.as_view(), name="forward"),
]
