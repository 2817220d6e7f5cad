from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("<int:pk>/", views.EntryView.as_view(), name="entry"),
    path("<int:pk>/package.zip", views.PackageView.as_view(), name="package"),
    path("matters/<slug:kind>/<int:pk>/archive/", views.ArchiveMatterView.as_view(), name="archive"),
]
