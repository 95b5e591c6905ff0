from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from forum_site.accounts import roles
from forum_site.accounts.models import User

PASSWORD = "Correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a verified email address in the "Parents and carers" role.

    `role=` picks another role's group (None for none); `verified=False` leaves the email unverified.
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")

    @classmethod
    def _create(cls, model_class, *args, role=roles.PARENTS, verified=True, password=PASSWORD, **kwargs):
        user = model_class.objects.create_user(*args, password=password, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["role"] = None
        return super()._create(model_class, *args, **kwargs)
