"""The roles: Django groups with their Wagtail permissions, defined in one place.

Data migrations call :func:`roles_sync` with their historical ``apps``; it is idempotent,
so a later migration that adds a permission calls it again.
"""

from __future__ import annotations

PARENTS = "Parents and carers"
ORGANISERS = "Forum organisers"
SCRUTINY = "Scrutiny members"
OFFICERS = "Council officers"
ALL_ROLES = (PARENTS, ORGANISERS, SCRUTINY, OFFICERS)
STAFF_ROLES = (ORGANISERS, SCRUTINY, OFFICERS)

# Documents and images: granted on the root collection (Wagtail checks collection permissions).
MEDIA_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]

# Model permissions per role, as "app_label.codename".
MODEL_PERMISSIONS: dict[str, list[str]] = {
    PARENTS: [],
    ORGANISERS: [
        "wagtailadmin.access_admin",
        *MEDIA_PERMISSIONS,
        "core.change_navigationsettings",
        # Consultations: see results and individual responses, enter paper/phone responses, pick quotes.
        "consultations.view_response",
        "consultations.add_response",
        "consultations.change_answer",
        # Moderation: the queue and its actions, the watch lists, thread settings.
        "moderation.view_post",
        "moderation.change_post",
        "moderation.view_watchword",
        "moderation.add_watchword",
        "moderation.change_watchword",
        "moderation.delete_watchword",
        # Tracker: recommendations and themes (create, edit, assign officers, import, record responses).
        "recommendations.add_recommendation",
        "recommendations.change_recommendation",
        "recommendations.delete_recommendation",
        "recommendations.view_recommendation",
        "recommendations.add_theme",
        "recommendations.change_theme",
        "recommendations.delete_theme",
        "recommendations.view_theme",
    ],
    SCRUTINY: [
        "wagtailadmin.access_admin",
        # Tracker: the dashboard and sign-off, internal notes.
        "recommendations.add_signoffdecision",
        "recommendations.add_internalnote",
        "recommendations.view_internalnote",
    ],
    OFFICERS: [
        "wagtailadmin.access_admin",
        # Tracker: responses, updates and actions for recommendations assigned to them (recommendations/permissions.py).
        "recommendations.add_implementationupdate",
        "recommendations.add_action",
        "recommendations.change_action",
    ],
}

# Page permissions over the whole page tree (granted on the root page).
PAGE_PERMISSIONS: dict[str, list[str]] = {
    ORGANISERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Collection permissions (documents and images) on the root collection.
COLLECTION_PERMISSIONS: dict[str, list[str]] = {ORGANISERS: MEDIA_PERMISSIONS}


def _ensure_permissions_exist(apps) -> None:
    """Permissions are normally created after migrate; make sure they exist now."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def _permission(apps, dotted: str):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def roles_sync(apps, schema_editor=None) -> None:
    _ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    # Wagtail's starter groups overlap our roles; drop them while nobody belongs to them.
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        # A permission whose app is not migrated yet is skipped; that app's migration syncs again.
        group.permissions.add(*[p for p in (_permission(apps, d) for d in MODEL_PERMISSIONS[name]) if p])
        if root_page is not None:
            for codename in PAGE_PERMISSIONS.get(name, []):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=_permission(apps, f"wagtailcore.{codename}")
                )
        if root_collection is not None:
            for dotted in COLLECTION_PERMISSIONS.get(name, []):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, dotted)
                )
