from django.db import models


class Subject(models.Model):
    title = models.CharField(max_length=100)


class Question(models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(max_length=200)
    is_open = models.BooleanField(default=True)
    held = models.BooleanField(default=False, help_text="Every comment waits for a moderator.")

    def get_absolute_url(self):
        return f"/test-questions/{self.pk}/"
