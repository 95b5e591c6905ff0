from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "tests.apps.questions"
    label = "testquestions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import owners  # noqa: F401 - registers the owner
