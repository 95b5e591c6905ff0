from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions, views_admin

app_name = "consultation_results"

urlpatterns = [
    path("", views_admin.ResultsIndexView.as_view(), name="index"),
    path("<int:page_id>/", views_admin.ResultsView.as_view(), name="results"),
    path("<int:page_id>/text/<str:question_id>/", views_admin.TextAnswersView.as_view(), name="text-answers"),
    path("<int:page_id>/export.<str:fmt>", views_admin.ExportView.as_view(), name="export"),
    path("<int:page_id>/paper-response/", views_admin.PaperResponseView.as_view(), name="paper-response"),
]


@hooks.register("register_admin_urls")
def register_results_urls():
    return [path("consultation-results/", include((urlpatterns, app_name), namespace=app_name))]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_results(request.user)


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem("Consultation results", reverse("consultation_results:index"), icon_name="table", order=250)


@hooks.register("construct_homepage_panels")
def add_open_consultations_panel(request, panels):
    if permissions.can_view_results(request.user):
        panels.append(views_admin.OpenConsultationsPanel())
