from django.urls import path

from . import views

app_name = "listing"
urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("new/", views.CompanyCreateView.as_view(), name="new"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("figures.xlsx", views.FiguresExcelView.as_view(), name="figures_excel"),
    path("<int:pk>/", views.CompanyView.as_view(), name="company"),
    path("<int:pk>/stage/", views.StageView.as_view(), name="stage"),
    path("<int:pk>/subsidies/", views.SubsidyView.as_view(), name="subsidy"),
    path("<int:pk>/opinion/", views.OpinionView.as_view(), name="opinion"),
    path("<int:pk>/restructurings/", views.RestructuringAddView.as_view(), name="restructuring"),
    path("subsidies/<int:pk>/pay/", views.PaymentView.as_view(), name="pay"),
    path("restructurings/<int:pk>/update/", views.RestructuringUpdateView.as_view(), name="restructuring_update"),
]
