from django.urls import path

from . import views

app_name = "worklog"
urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("items/<int:item>/", views.ItemView.as_view(), name="item"),
    path("items/<int:item>/assign/", views.AssignView.as_view(), name="assign"),
    path("items/<int:item>/tasks/", views.TaskAddView.as_view(), name="task_add"),
    path("items/<int:item>/records/", views.RecordAddView.as_view(), name="record_add"),
    path("tasks/<int:pk>/done/", views.TaskDoneView.as_view(), name="task_done"),
    path("tasks/<int:pk>/stop/", views.TaskStopView.as_view(), name="task_stop"),
    path("account/", views.AccountDraftView.as_view(), name="account_draft"),
]
