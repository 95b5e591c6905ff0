from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.my_responses, name="response-list"),
    path("<int:pk>/", views.my_response, name="response-detail"),
    path("<int:pk>/withdraw/", views.response_withdraw, name="response-withdraw"),
]
