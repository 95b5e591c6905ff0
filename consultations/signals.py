"""Consultations' receivers: publishing a consultation page publishes its outcome; choosing a quote
retires the consultations' cached pages (the page itself is retired by core/signals.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from forum_site.core.cache import area_changed

from .models import Answer, ConsultationPage


@receiver(page_published, sender=ConsultationPage)
def _consultation_published(sender, instance, **kwargs):
    from .services import outcome_publish

    outcome_publish(consultation=instance)


@receiver(post_save, sender=Answer, dispatch_uid="consultations-cache-quote")
def _quote_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and "quote_selected" in update_fields:
        area_changed("consultations")
