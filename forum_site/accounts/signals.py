"""Keep `is_staff` in step with the staff roles.

Wagtail decides admin access by permissions; `is_staff` is only a cheap flag for templates (the page
userbar is rendered for staff only, so members' pages skip two permission queries) and for the staff
second-factor guard outside the admin (middleware.py).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from . import roles
from .models import User


@receiver(m2m_changed, sender=User.groups.through)
def _groups_changed(sender, instance, action, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        users = [instance]
    elif action == "post_clear":  # a group emptied: whoever was staff may no longer be
        users = list(User.objects.filter(is_staff=True))
    else:  # group.user_set.add/remove: only the users named
        users = list(User.objects.filter(pk__in=kwargs.get("pk_set") or []))
    for user in users:
        staff = user.is_superuser or user.groups.filter(name__in=roles.STAFF_ROLES).exists()
        if user.is_staff != staff:
            User.objects.filter(pk=user.pk).update(is_staff=staff)
            user.is_staff = staff
