"""The site's URLs plus the bare view; only forum_site.settings.bench routes here."""

from django.urls import include, path

from bench.views import bare

urlpatterns = [
    path("__bench__/bare/", bare),
    path("", include("forum_site.urls")),
]
