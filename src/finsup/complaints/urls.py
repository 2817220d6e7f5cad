from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="list"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="detail"),
    path("<int:pk>/step/", views.ComplaintStepView.as_view(), name="step"),
    path("<int:pk>/result/", views.ComplaintResultView.as_view(), name="result"),
    path("<int:pk>/publish/", views.ComplaintPublishView.as_view(), name="publish"),
    path("<int:pk>/notes/", views.ComplaintNoteView.as_view(), name="note"),
    path("<int:pk>/referrals/", views.ComplaintReferView.as_view(), name="refer"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.ComplaintAttachmentView.as_view(), name="attachment"),
]
