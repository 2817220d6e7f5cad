from django.urls import path

from . import views, views_duties

app_name = "accountability"
urlpatterns: list = [
    path("", views_duties.OverdueDutiesView.as_view(), name="duties"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.CaseOpenView.as_view(), name="case_open"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/steps/", views.CaseStepView.as_view(), name="case_step"),
    path("cases/<int:pk>/decision/", views.CaseDecideView.as_view(), name="case_decide"),
    path("cases/<int:pk>/close/", views.CaseCloseView.as_view(), name="case_close"),
    path("cases/<int:pk>/transfers/", views.TransferSendView.as_view(), name="transfer_send"),
    path("cases/<int:pk>/transfers/answer/", views.TransferAnswerView.as_view(), name="transfer_answer"),
    path("cases/<int:pk>/transfers/supervise/", views.TransferSuperviseView.as_view(), name="transfer_supervise"),
]
