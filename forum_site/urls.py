from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# One way in: every route that could sign someone in is sent to allauth's, which asks for the second
# factor, applies its rate limits and checks the email address is verified. Wagtail's front-end login
# (`_util/login/`, a bare Django LoginView) and the admin's own login and password reset are shadowed.
to_allauth_login = RedirectView.as_view(pattern_name="account_login", query_string=True)
to_allauth_reset = RedirectView.as_view(pattern_name="account_reset_password")

urlpatterns = [
    path("admin/login/", to_allauth_login),
    path("_util/login/", to_allauth_login),
    re_path(r"^admin/password_reset/", to_allauth_reset),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("my-account/responses/", include("consultations.urls")),
    path("my-account/", include("forum_site.accounts.urls")),
    path("notifications/", include("forum_site.notifications.urls")),
    path("api/tracker/v1/", include("recommendations.urls")),
    path("posts/", include("forum_site.moderation.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
