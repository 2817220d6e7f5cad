from django.urls import path

from . import association_views, views

app_name = "qualifications"
urlpatterns = [
    path("", views.PractitionerListView.as_view(), name="list"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("<int:pk>/", views.PractitionerView.as_view(), name="detail"),
    path("<int:pk>/training/", views.TrainingView.as_view(), name="training"),
    path("<int:pk>/exam/", views.ExamView.as_view(), name="exam"),
    path("<int:pk>/certificate/", views.CertificateView.as_view(), name="certificate"),
    path("certificates/<int:pk>/revoke/", views.RevokeView.as_view(), name="revoke"),
    path("associations/", association_views.AssociationListView.as_view(), name="associations"),
    path("associations/register/", association_views.AssociationRegisterView.as_view(), name="association_register"),
    path("associations/<int:pk>/", association_views.AssociationView.as_view(), name="association"),
    path("associations/<int:pk>/guidance/", association_views.GuidanceView.as_view(), name="guidance"),
]
