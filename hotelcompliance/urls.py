from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from hotelcompliance import (
    api_token_pages,
    dashboard_views,
    health,
    people_pages,
    two_factor,
    views,
)
from hotelcompliance.api import views as api_views

router = DefaultRouter()
router.register("properties", api_views.PropertyViewSet, basename="property")

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", api_views.ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
    path("", include("guests.api_urls")),
    path("", include("training.api_urls")),
    path("", include("audits.api_urls")),
    path("", include("audits.reports.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("group/", dashboard_views.group_dashboard, name="group_dashboard"),
    path("inspector/", views.inspector_home, name="inspector_home"),
    path("rules/", views.rules, name="rules"),
    path("no-access/", views.no_access, name="no_access"),
    path("switch-property/", views.switch_property, name="switch_property"),
    path("language/", set_language, name="set_language"),
    path("people/", people_pages.people, name="people"),
    path("people/invite/", people_pages.people_invite, name="people_invite"),
    path("people/<int:pk>/role/", people_pages.people_role, name="people_role"),
    path("people/<int:pk>/remove/", people_pages.people_remove, name="people_remove"),
    path(
        "people/users/<int:pk>/deactivate/",
        people_pages.people_deactivate,
        name="people_deactivate",
    ),
    path("settings/", people_pages.property_settings, name="property_settings"),
    path("changes/", people_pages.change_log, name="change_log"),
    path(
        "accounts/invite/<uidb64>/<token>/",
        people_pages.InviteAcceptView.as_view(),
        name="invite_accept",
    ),
    path("accounts/invite/done/", people_pages.InviteDoneView.as_view(), name="invite_done"),
    path("api-tokens/", api_token_pages.api_token_list, name="api_tokens"),
    path("api-tokens/new/", api_token_pages.api_token_create, name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", api_token_pages.api_token_revoke, name="api_token_revoke"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.otp_verify, name="otp_verify"),
    path("accounts/two-factor/setup/", two_factor.otp_enrol, name="otp_enrol"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("guests.urls")),
    path("", include("training.urls")),
    path("", include("audits.urls")),
    path("", include("audits.reports.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler500 = "hotelcompliance.errors.server_error"
