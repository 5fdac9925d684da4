from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from positions.api.docs import SchemaView, SwaggerView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # Sign-in for everyone with a login (analysts are not staff: the admin's own login refuses them).
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="positions/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/", include("config.api")),
    path("negotiations/", include("positions.urls")),
]

handler400 = "positions.api.errors.bad_request"
handler500 = "positions.api.errors.server_error"
