from django.urls import path

from . import urls_excel, views

app_name = "institutions"
urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    path("new/", views.InstitutionCreateView.as_view(), name="create"),
    *urls_excel.urlpatterns,
    path("<int:pk>/", views.InstitutionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InstitutionUpdateView.as_view(), name="edit"),
    path("<int:pk>/status/", views.StatusChangeView.as_view(), name="status"),
    path("<int:pk>/shareholders/new/", views.ShareholderFormView.as_view(), name="shareholder_add"),
    path("<int:pk>/shareholders/<int:child_pk>/", views.ShareholderFormView.as_view(), name="shareholder_edit"),
    path("<int:pk>/shareholder-groups/new/", views.ShareholderGroupFormView.as_view(), name="shareholder_group_add"),
    path(
        "<int:pk>/shareholder-groups/<int:child_pk>/",
        views.ShareholderGroupFormView.as_view(),
        name="shareholder_group_edit",
    ),
    path("<int:pk>/people/new/", views.KeyPersonFormView.as_view(), name="key_person_add"),
    path("<int:pk>/people/<int:child_pk>/", views.KeyPersonFormView.as_view(), name="key_person_edit"),
    path("<int:pk>/people/<int:child_pk>/training/", views.TrainingRecordFormView.as_view(), name="training_add"),
    path("<int:pk>/related/new/", views.RelatedPartyFormView.as_view(), name="related_party_add"),
    path("<int:pk>/related/<int:child_pk>/", views.RelatedPartyFormView.as_view(), name="related_party_edit"),
    path("<int:pk>/<slug:kind>/<int:child_pk>/delete/", views.ChildDeleteView.as_view(), name="child_delete"),
]
