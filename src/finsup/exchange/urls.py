from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.ExportListView.as_view(), name="list"),
    path("export/", views.ExportCreateView.as_view(), name="export"),
    path("<int:pk>/download/", views.ExportDownloadView.as_view(), name="download"),
    path("<int:pk>/receipt/", views.ReceiptCreateView.as_view(), name="receipt"),
    path("contract/<str:name>", views.SchemaFileView.as_view(), name="contract_file"),
]
