from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("responsibilities/", views.responsibilities, name="responsibilities"),
    path("directory/", views.directory, name="directory"),
    path("contacts/", views.contacts, name="contacts"),
]
