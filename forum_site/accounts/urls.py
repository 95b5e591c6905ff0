from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_home, name="account-home"),
    path("display-name/", views.display_name_edit, name="display-name-edit"),
    path("my-data.json", views.data_export, name="data-export"),
    path("delete/", views.account_delete, name="account-delete"),
]
