"""Excel import and export of the registry (names: export, import, import_template)."""

urlpatterns: list = []
