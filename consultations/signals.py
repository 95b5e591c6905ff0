from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ConsultationPage


@receiver(page_published, sender=ConsultationPage)
def _consultation_published(sender, instance, **kwargs):
    from .services import outcome_publish

    outcome_publish(consultation=instance)
