from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/docx", views.DocumentFileView.as_view(fmt="docx"), name="docx"),
    path("<int:pk>/pdf", views.DocumentFileView.as_view(fmt="pdf"), name="pdf"),
    path("<int:pk>/pdf/status", views.PdfStatusView.as_view(), name="pdf_status"),
    path("<int:pk>/pdf/retry", views.PdfRetryView.as_view(), name="pdf_retry"),
]
