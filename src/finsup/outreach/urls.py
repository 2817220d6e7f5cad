from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("summary/<str:code>/<int:year>.xlsx", views.SummaryExcelView.as_view(), name="summary_excel"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/edit/", views.CampaignEditView.as_view(), name="campaign_edit"),
    path("<int:pk>/events/", views.EventAddView.as_view(), name="event_add"),
    path("<int:pk>/events/<int:event_pk>/", views.EventEditView.as_view(), name="event_edit"),
    path("<int:pk>/materials/", views.MaterialAddView.as_view(), name="material_add"),
    path("<int:pk>/materials/<int:material_pk>/", views.MaterialDownloadView.as_view(), name="material_download"),
    path("<int:pk>/materials/<int:material_pk>/publish/", views.MaterialPublishView.as_view(), name="material_publish"),
    path("<int:pk>/complete/", views.CampaignCompleteView.as_view(), name="campaign_complete"),
    path("<int:pk>/report/", views.CampaignReportView.as_view(), name="campaign_report"),
]
