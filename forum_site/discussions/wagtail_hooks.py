from django.urls import include, path
from wagtail import hooks

from .views_admin import TopicSettingsView

urlpatterns = [path("topics/<int:topic_id>/", TopicSettingsView.as_view(), name="topic")]


@hooks.register("register_admin_urls")
def register_forum_admin_urls():
    return [path("forum/", include((urlpatterns, "forum_admin"), namespace="forum_admin"))]
