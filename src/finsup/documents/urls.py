from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/check/", views.DocumentCheckView.as_view(), name="check"),
    path("<int:pk>/sign-off/", views.DocumentSignOffView.as_view(), name="sign_off"),
    path("<int:pk>/acknowledge/", views.AcknowledgeView.as_view(), name="acknowledge"),
    path("<int:pk>/deliveries/paper/", views.PaperDeliveryView.as_view(), name="paper_delivery"),
    path("<int:pk>/receipt/", views.ReceiptView.as_view(), name="receipt"),
    path("<int:pk>/docx", views.DocumentFileView.as_view(fmt="docx"), name="docx"),
    path("<int:pk>/pdf", views.DocumentFileView.as_view(fmt="pdf"), name="pdf"),
    path("<int:pk>/pdf/status", views.PdfStatusView.as_view(), name="pdf_status"),
    path("<int:pk>/pdf/retry", views.PdfRetryView.as_view(), name="pdf_retry"),
]
