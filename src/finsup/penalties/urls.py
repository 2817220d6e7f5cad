from django.urls import path

from . import views

app_name = "penalties"
urlpatterns: list = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("new/", views.CaseProposeView.as_view(), name="case_new"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
] + [path(f"<int:pk>/{name}/", views.step_view(name), name=f"case_{name}") for name in views.STEPS]
