from django.conf import settings


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_url": settings.FEEDBACK_URL,
    }
