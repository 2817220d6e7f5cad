from django.urls import path

from . import views
from . import views_inspection as steps

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/approve/", views.PlanApproveView.as_view(), name="plan_approve"),
    path("duties/", views.DutyBoardView.as_view(), name="duty_board"),
    path("rectification/", views.RectificationListView.as_view(), name="rectification_list"),
    path("new/", views.InspectionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("<int:pk>/members/", steps.MemberAddView.as_view(), name="member_add"),
    path("<int:pk>/members/<int:m>/declare/", steps.DeclareView.as_view(), name="member_declare"),
    path("<int:pk>/notice/", steps.NotifyView.as_view(), name="notify"),
    path("<int:pk>/start/", steps.StartView.as_view(), name="start"),
    path("<int:pk>/evidence/", steps.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("<int:pk>/evidence/<int:ev>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("<int:pk>/findings/", steps.FindingCreateView.as_view(), name="finding_create"),
    path("<int:pk>/facts/", steps.FactsView.as_view(), name="facts"),
    path("<int:pk>/report/", steps.ReportView.as_view(), name="report"),
    path("<int:pk>/opinion/", steps.OpinionView.as_view(), name="opinion"),
    path("<int:pk>/close/", steps.CloseView.as_view(), name="close"),
    path("<int:pk>/cancel/", steps.CancelView.as_view(), name="cancel"),
    path("<int:pk>/follow-ups/", steps.FollowUpView.as_view(), name="followup"),
    path("findings/<int:pk>/", steps.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/rectification/", steps.RectificationFileView.as_view(), name="rectification_file"),
    path("findings/<int:pk>/decision/", steps.RectificationDecideView.as_view(), name="rectification_decide"),
    path("past/new/", views.PastInspectionCreateView.as_view(), name="past_create"),
]
