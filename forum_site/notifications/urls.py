from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.follow_list, name="follow-list"),
    path("follow/", views.follow_toggle, name="follow-toggle"),
    path("settings/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe-all/<str:token>/", views.unsubscribe_all, name="unsubscribe-all"),
]
