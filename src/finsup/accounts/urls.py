from django.urls import path

from . import views, views_otp, views_tokens

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/", views_otp.OtpVerifyView.as_view(), name="otp_verify"),
    path("otp/enrol/", views_otp.OtpEnrolView.as_view(), name="otp_enrol"),
    path("security/", views_otp.SecurityView.as_view(), name="security"),
    path("security/users/", views_otp.OtpUserListView.as_view(), name="otp_users"),
    path("security/users/<int:pk>/reset/", views_otp.OtpResetView.as_view(), name="otp_reset"),
    path("tokens/", views_tokens.ApiTokenListView.as_view(), name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
]
