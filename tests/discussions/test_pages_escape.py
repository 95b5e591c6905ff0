"""The payload corpus posted as topic titles, replies and comments never reaches a page as markup that
could run: every page that shows them is parsed and its main region checked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from forum_site.discussions.models import Topic
from forum_site.moderation.models import Post, PostState
from tests.conftest import sign_in
from tests.discussions.conftest import reply_url, route
from tests.payloads import PAYLOADS

pytestmark = pytest.mark.django_db

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "base",
    "meta",
    "link",
    "img",
    "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# Our own templates' decorative icons (GOV.UK pagination's arrows, the start button's arrow): hidden from
# assistive technology, written by components/pagination.html and the consultation page, never by a member.
TEMPLATE_ICONS = {("svg", "govuk-pagination__icon"), ("svg", "govuk-button__start-icon")}


class _MainChecker(HTMLParser):
    """Collects anything executable inside <main>: forbidden tags, on* attributes, script URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.seen_main = False
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
            self.seen_main = True
            return
        if not self.depth:
            return
        if tag in FORBIDDEN_TAGS and not self._template_icon(tag, dict(attrs)):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if cleaned.startswith(BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    @staticmethod
    def _template_icon(tag: str, attrs: dict) -> bool:
        classes = set((attrs.get("class") or "").split())
        return attrs.get("aria-hidden") == "true" and any(t == tag and c in classes for t, c in TEMPLATE_ICONS)

    def handle_endtag(self, tag):
        if tag == "main" and self.depth:
            self.depth -= 1


def assert_nothing_executable(response) -> None:
    assert response.status_code == 200, response.status_code
    checker = _MainChecker()
    checker.feed(response.content.decode())
    assert checker.seen_main, "no <main> on the page"
    assert not checker.problems, checker.problems


def test_checker_catches_what_it_should():
    for bad in (
        "<script>x</script>",
        '<a href=" JaVa\tscript:x">',
        "<p onclick=x>",
        '<a href="&#106;avascript:x">',
        '<a href="data:text/html,x">',
        "<svg></svg>",
        '<svg class="govuk-pagination__icon"></svg>',
        '<svg class="govuk-pagination__icon" aria-hidden="true" onload="x"></svg>',
    ):
        checker = _MainChecker()
        checker.feed(f"<main>{bad}</main>")
        assert checker.problems, bad
    checker = _MainChecker()
    checker.feed(
        '<main><a href="https://example.org" rel="nofollow">ok</a><p>&lt;script&gt;</p>'
        '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" aria-hidden="true"><path d="m6"></path></svg></main>'
    )
    assert not checker.problems


@pytest.fixture
def fast_posting(settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 100_000


def test_payload_replies_never_execute(fast_posting, client, forum_index, topic, member, parent):
    sign_in(client, member)
    for payload in PAYLOADS:
        response = client.post(reply_url(topic), {"body": payload})
        if response.status_code == 200:  # refused by the form (e.g. a null byte): the page re-renders the text
            assert_nothing_executable(response)
        else:
            assert response.status_code == 302
    assert Post.objects.filter(thread=topic.thread, state=PostState.PUBLISHED).count() > len(PAYLOADS) // 2
    pages = [{"page": n} for n in range(1, 4)]
    for params in pages:
        assert_nothing_executable(client.get(topic.get_absolute_url(), params))  # the author, with edit links
        assert_nothing_executable(Client().get(topic.get_absolute_url(), params))  # a visitor
    # A new member's payloads wait and are shown only to them, with the waiting notice.
    parent_client = Client()
    sign_in(parent_client, parent)
    for payload in PAYLOADS[:10]:
        parent_client.post(reply_url(topic), {"body": payload})
    assert_nothing_executable(parent_client.get(topic.get_absolute_url(), {"page": "last"}))
    # Search results and their snippets of the query.
    for payload in PAYLOADS[:25]:
        assert_nothing_executable(Client().get(route(forum_index, "topic-search"), {"q": payload}))
    # The edit and report pages show the post's words too.
    post = Post.objects.filter(thread=topic.thread, author=member, is_opening=False).first()
    assert_nothing_executable(client.get(f"/posts/{post.pk}/edit/"))
    assert_nothing_executable(client.get(f"/posts/{post.pk}/withdraw/"))
    assert_nothing_executable(parent_client.get(f"/posts/{post.pk}/report/"))


def test_payload_titles_never_execute(fast_posting, client, forum_index, board, member):
    sign_in(client, member)
    for payload in PAYLOADS:
        response = client.post(route(board, "topic-create"), {"title": payload[:150], "body": payload})
        if response.status_code == 200:
            assert_nothing_executable(response)
    assert Topic.objects.count() > len(PAYLOADS) // 2
    for n in range(1, 6):
        assert_nothing_executable(Client().get(board.url, {"page": n}))
    assert_nothing_executable(Client().get(forum_index.url))
    for topic in Topic.objects.all()[:30]:
        assert_nothing_executable(Client().get(topic.get_absolute_url()))
    assert_nothing_executable(Client().get(route(forum_index, "topic-search"), {"q": "alert"}))


def test_payload_comments_never_execute(fast_posting, client, member, home_page):
    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage
    from tests.consultations.conftest import full_stream

    index = ConsultationIndexPage.objects.child_of(home_page).first()
    now = timezone.now()
    page = ConsultationPage(
        title="Payloads",
        slug="payloads",
        summary="Summary",
        run_by="Council",
        contact_email="send@example.org",
        opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=1),
        questions=full_stream(),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    sign_in(client, member)
    for payload in PAYLOADS:
        response = client.post(f"/posts/comment/consultation/{page.pk}/", {"body": payload})
        if response.status_code == 200:
            assert_nothing_executable(response)
    assert Post.objects.filter(thread__object_id=page.pk).count() > len(PAYLOADS) // 2
    assert_nothing_executable(client.get(page.url))
    assert_nothing_executable(Client().get(page.url))
