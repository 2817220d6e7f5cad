from django.urls import path

from . import views, views_excel, views_office, views_rulebook, views_summaries

app_name = "reporting"
urlpatterns = [
    path("", views.SubmissionListView.as_view(), name="list"),
    path("bulk/", views.BulkReviewView.as_view(), name="bulk_review"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("rules/", views_rulebook.RulebookView.as_view(), name="rulebook"),
    path("rules/replay/", views_rulebook.RuleReplayView.as_view(), name="rule_replay"),
    path("file/<slug:report>/<str:period>/", views.FileReportView.as_view(), name="file"),
    path(
        "file/<slug:report>/<str:period>/template.xlsx",
        views_excel.FilingTemplateView.as_view(),
        name="excel_template",
    ),
    path("upload/", views_excel.FilingUploadView.as_view(), name="excel_upload"),
    path("summaries/", views_summaries.SummaryView.as_view(), name="summaries"),
    path(
        "summaries/city/<str:period>.xlsx",
        views_summaries.CityConsolidatedExcelView.as_view(),
        name="city_consolidated_excel",
    ),
    path("summaries/<slug:code>/<str:period>.xlsx", views_summaries.SummaryExcelView.as_view(), name="summary_excel"),
    path("summaries/<slug:code>/<str:period>.docx", views_summaries.SummaryDocxView.as_view(), name="summary_docx"),
    path("office/", views_office.OfficeReportsView.as_view(), name="office_reports"),
    path("office/filing/<int:pk>/", views_office.OfficeFilingView.as_view(), name="office_filing"),
    path("office/filing/<int:pk>/receipt/", views_office.OfficeReceiptView.as_view(), name="office_receipt"),
    path("office/filing/<int:pk>/<slug:step>/", views_office.OfficeReviewView.as_view(), name="office_review"),
    path("office/<slug:report>/<str:period>/", views_office.OfficeReportFileView.as_view(), name="office_file"),
    path("<int:pk>/", views.SubmissionDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:step>/", views.ReviewView.as_view(), name="review"),
]
