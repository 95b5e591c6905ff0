from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("<int:post_id>/withdraw/", views.post_withdraw, name="post-withdraw"),
    path("<int:post_id>/report/", views.post_report, name="post-report"),
    path("comment/<slug:target_type>/<int:target_id>/", views.comment_create, name="comment-create"),
]
