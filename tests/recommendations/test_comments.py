"""Comments on recommendations go through the one moderation flow (recommendations/owners.py): only on
recommendations of a live review, so unpublishing a review stops them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forum_site.moderation import owners, services
from forum_site.moderation.models import PostState

pytestmark = pytest.mark.django_db


def comment(user, rec, body="When will the figures be out?"):
    client = Client()
    client.force_login(user)
    return client.post(reverse("moderation:comment-create", args=["recommendation", rec.pk]), {"body": body})


def test_a_member_comments_on_a_recommendation_of_a_live_review(make_recommendation, member):
    rec = make_recommendation()
    response = comment(member, rec)
    post = services.thread_for(rec, create=False).posts.get()
    assert post.state == PostState.PUBLISHED and response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")


def test_no_comments_on_an_unpublished_reviews_recommendations(make_recommendation, member):
    rec = make_recommendation()
    rec.review.unpublish()
    assert comment(member, rec).status_code == 404
    assert services.thread_for(rec, create=False) is None
    with pytest.raises(Exception, match="Comments are not taken here"):
        owners.comment_target("recommendation", rec.pk)
