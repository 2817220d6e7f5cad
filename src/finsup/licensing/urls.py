from django.urls import path

from . import views

app_name = "licensing"
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("new/", views.ApplicationFileView.as_view(), name="application_file"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/step/", views.ApplicationStepView.as_view(), name="application_step"),
    path("<int:pk>/documents/", views.ApplicationDocumentAddView.as_view(), name="application_document_add"),
    path("<int:pk>/documents/<int:doc_pk>/", views.ApplicationDocumentView.as_view(), name="application_document"),
    path("reviews/", views.ReviewListView.as_view(), name="review_list"),
    path("reviews/new/", views.ReviewOpenView.as_view(), name="review_open"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("reviews/<int:pk>/checks/<int:check_pk>/", views.ReviewCheckView.as_view(), name="review_check"),
    path("reviews/<int:pk>/conclude/", views.ReviewConcludeView.as_view(), name="review_conclude"),
    path("reviews/<int:pk>/notice/", views.ReviewNoticeView.as_view(), name="review_notice"),
    path("people/<int:kp>/decide/", views.FitAndProperDecideView.as_view(), name="fit_and_proper_decide"),
]
