"""The test settings' root URLs: the site's, with the test questions' page before Wagtail's catch-all."""

from django.urls import path

from forum_site import urls as site_urls

from .views import question_detail

urlpatterns = [path("test-questions/<int:pk>/", question_detail, name="test-question"), *site_urls.urlpatterns]
