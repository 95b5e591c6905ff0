"""Every thread has a target: a topic's thread now names its topic (content type and id), as comment
threads always named their page or recommendation. Moderation then finds a thread's owner one way."""

from django.db import migrations


def fill_targets(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Topic = apps.get_model("discussions", "Topic")
    Thread = apps.get_model("moderation", "Thread")
    topic_type, _ = ContentType.objects.get_or_create(app_label="discussions", model="topic")
    for topic_id, thread_id in Topic.objects.values_list("pk", "thread_id").iterator():
        Thread.objects.filter(pk=thread_id).update(content_type=topic_type, object_id=topic_id)


def clear_targets(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Thread = apps.get_model("moderation", "Thread")
    topic_type = ContentType.objects.filter(app_label="discussions", model="topic").first()
    if topic_type is not None:
        Thread.objects.filter(content_type=topic_type).update(content_type=None, object_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("discussions", "0002_initial"),
        ("moderation", "0002_roles"),
    ]

    operations = [migrations.RunPython(fill_targets, clear_targets)]
