"""Excel import and export of the registry (names: export, import, import_template)."""

from django.urls import path

from . import views_excel

urlpatterns = [
    path("export.xlsx", views_excel.InstitutionExportView.as_view(), name="export"),
    path("import/", views_excel.InstitutionImportView.as_view(), name="import"),
    path("import/template.xlsx", views_excel.InstitutionImportTemplateView.as_view(), name="import_template"),
]
