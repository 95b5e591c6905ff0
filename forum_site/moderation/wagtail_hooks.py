"""Moderation in the Wagtail admin: audit-log action names, and (views_admin.py) the queue."""

from wagtail import hooks

from .models import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in LOG_ACTIONS.values():
        actions.register_action(action, label, label)
