from django.urls import path

from . import views_measures as v
from . import views_province as province

app_name = "measures"
urlpatterns = [
    path("measures/", v.MeasureListView.as_view(), name="measure_list"),
    path("measures/<int:pk>/", v.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<int:pk>/decide/", v.MeasureDecideView.as_view(), name="measure_decide"),
    path("measures/<int:pk>/dismiss/", v.MeasureDismissView.as_view(), name="measure_dismiss"),
    path("institutions/<int:pk>/measures/new/", v.MeasureNewView.as_view(), name="measure_new"),
    path("measures/province/", province.ProvinceRequestListView.as_view(), name="province_requests"),
    path("measures/<int:pk>/province/", province.MeasureProvinceDecideView.as_view(), name="province_decide"),
    path("interviews/", v.InterviewListView.as_view(), name="interview_list"),
    path("institutions/<int:pk>/interviews/new/", v.InterviewNewView.as_view(), name="interview_new"),
    path("interviews/<int:pk>/", v.InterviewDetailView.as_view(), name="interview_detail"),
    path("interviews/<int:pk>/notify/", v.InterviewNotifyView.as_view(), name="interview_notify"),
    path("interviews/<int:pk>/hold/", v.InterviewHoldView.as_view(), name="interview_hold"),
    path("interviews/<int:pk>/archive/", v.InterviewArchiveView.as_view(), name="interview_archive"),
    path("institutions/<int:pk>/timeline/", v.TimelineView.as_view(), name="timeline"),
    path("inspections/<int:pk>/casefile.zip", v.CasefileView.as_view(), name="casefile"),
]
