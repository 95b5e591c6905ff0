"""What members can comment on, and the short keys comment URLs use for them.

A comment form posts to /posts/comment/<key>/<id>/; only the keys below are accepted, and only objects
the public can see. Adding a commentable kind of thing is one line here plus the `comments_for` tag.
"""

from __future__ import annotations

from django.apps import apps
from django.http import Http404

COMMENT_TARGETS = {
    "consultation": "consultations.ConsultationPage",
    "recommendation": "recommendations.Recommendation",
}


def _public(key: str):
    model = apps.get_model(COMMENT_TARGETS[key])
    if key == "consultation":
        return model.objects.live().public()
    if key == "recommendation":
        return model.objects.filter(review__live=True)
    return model.objects.none()


def comment_target(key: str, pk: int):
    """The object a comment URL names, or 404 for an unknown key or an object the public cannot see."""
    if key not in COMMENT_TARGETS:
        raise Http404("Comments are not taken here")
    target = _public(key).filter(pk=pk).first()
    if target is None:
        raise Http404("Comments are not taken here")
    return target


def comment_target_key(target) -> str:
    """The URL key for an object that takes comments (raises for anything else: a template error to fix)."""
    label = f"{target._meta.app_label}.{target._meta.object_name}"
    for key, model_label in COMMENT_TARGETS.items():
        if model_label.lower() == label.lower():
            return key
    raise ValueError(f"{label} does not take comments; add it to COMMENT_TARGETS.")
