from django.urls import path

from finsup.complaints import portal_views

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("responsibilities/", views.responsibilities, name="responsibilities"),
    path("directory/", views.directory, name="directory"),
    path("contacts/", views.contacts, name="contacts"),
    path("complaints/new/", portal_views.complaint_new, name="complaint_new"),
    path("complaints/captcha.png", portal_views.complaint_captcha, name="complaint_captcha"),
    path("complaints/captcha/new/", portal_views.complaint_captcha_refresh, name="complaint_captcha_refresh"),
    path("complaints/filed/", portal_views.complaint_filed, name="complaint_filed"),
    path("complaints/track/", portal_views.complaint_track, name="complaint_track"),
]
