from django.urls import path

from . import views, views_upload

app_name = "loans"
urlpatterns = [
    path("", views.LoanBatchListView.as_view(), name="batch_list"),
    path("upload/", views_upload.LoanUploadView.as_view(), name="upload"),
    path("contract/<str:name>", views.ContractFileView.as_view(), name="contract_file"),
    path("batches/<int:pk>/", views.LoanBatchDetailView.as_view(), name="batch_detail"),
    path("companies/<int:pk>/", views.CompanyMonitoringView.as_view(), name="company"),
    path("companies/<int:pk>/rules/<slug:rule_id>/", views.RuleLoansView.as_view(), name="rule_loans"),
]
