from django.urls import path

from . import portal_views

app_name = "campaign"
urlpatterns = [
    path("", portal_views.current, name="current"),
    path("materials/<int:pk>/", portal_views.material, name="material"),
]
