"""Give the roles their tracker permissions, as listed in forum_site/accounts/roles.py."""

from django.db import migrations

from forum_site.accounts.roles import roles_sync


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(roles_sync, migrations.RunPython.noop)]
