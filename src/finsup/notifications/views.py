from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View
from django.views.generic import ListView

from .models import Notification
from .services import notification_mark_read
from .waiting import waiting_for


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(waiting=waiting_for(self.request.user), **kwargs)


class NotificationReadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk=None):
        notification_mark_read(user=request.user, pk=pk)
        target = Notification.objects.filter(user=request.user, pk=pk).values_list("url", flat=True).first()
        return redirect(target or "notifications:list")
