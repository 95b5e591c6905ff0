"""Cache invalidation for the tracker: any change to its data retires the tracker's cached pages (the
"tracker" area, core/cache.py) and nothing else. Services never call the cache.
Review pages themselves are covered by Wagtail's publish signals (forum_site/core/signals.py).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from forum_site.core.cache import area_changed

from .models import Action, ImplementationUpdate, Recommendation, SignOffDecision, Theme

TRACKED = (Recommendation, ImplementationUpdate, Action, SignOffDecision, Theme)


def _tracker_changed(sender, **kwargs) -> None:
    area_changed("tracker")


for model in TRACKED:
    post_save.connect(_tracker_changed, sender=model, dispatch_uid=f"tracker-cache-save-{model.__name__}")
    post_delete.connect(_tracker_changed, sender=model, dispatch_uid=f"tracker-cache-delete-{model.__name__}")
m2m_changed.connect(_tracker_changed, sender=Recommendation.themes.through, dispatch_uid="tracker-cache-themes")
