from django.urls import path

from . import views, views_province

app_name = "ratings"
urlpatterns = [
    path("", views.CycleListView.as_view(), name="cycle_list"),
    path("new/", views.CycleCreateView.as_view(), name="cycle_create"),
    path("<int:pk>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("<int:pk>/institutions/<int:inst>/", views.RateView.as_view(), name="rate"),
    path("<int:pk>/sample/", views.DrawSampleView.as_view(), name="draw_sample"),
    path("<int:pk>/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path("<int:pk>/notices/", views.NoticesView.as_view(), name="notices"),
    path("<int:pk>/province.xlsx", views.ExportView.as_view(), name="export"),
    path("<int:pk>/rerun/", views.RerunView.as_view(), name="rerun"),
    path("<int:pk>/publish/", views_province.ProvincePublishView.as_view(), name="province_publish"),
    path("r/<int:pk>/province/", views_province.ProvinceDecideView.as_view(), name="province_decide"),
    path("r/<int:pk>/", views.RatingDetailView.as_view(), name="rating_detail"),
    path("r/<int:pk>/appeal/", views.AppealView.as_view(), name="appeal"),
    path("r/<int:pk>/appeal/decide/", views.AppealDecideView.as_view(), name="appeal_decide"),
]
