"""The tracker's open-data API (read-only JSON). The public pages are routes of TrackerIndexPage."""

from django.urls import path

from . import api

app_name = "recommendations"

urlpatterns = [
    path("reviews/", api.review_list, name="api-review-list"),
    path("reviews/<int:pk>/", api.review_detail, name="api-review-detail"),
    path("recommendations/", api.recommendation_list, name="api-recommendation-list"),
    path("recommendations/<int:pk>/", api.recommendation_detail, name="api-recommendation-detail"),
]
