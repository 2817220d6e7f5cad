from django.urls import path

from . import views

app_name = "fundraising"
urlpatterns = [
    path("", views.EntityListView.as_view(), name="list"),
    path("new/", views.EntityCreateView.as_view(), name="new"),
    path("weights/", views.WeightsView.as_view(), name="weights"),
    path("backtest/", views.BacktestView.as_view(), name="backtest"),
    path("backtest.xlsx", views.BacktestExcelView.as_view(), name="backtest_excel"),
    path("<int:pk>/", views.EntityDetailView.as_view(), name="entity"),
    path("<int:pk>/texts/", views.TextAddView.as_view(), name="text_add"),
    path("<int:pk>/texts/<int:text_pk>/file/", views.TextFileView.as_view(), name="text_file"),
    path("<int:pk>/steps/", views.StepView.as_view(), name="step"),
    path("<int:pk>/merge/", views.MergeView.as_view(), name="merge"),
]
