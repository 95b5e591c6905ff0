"""The consultation page editor, posted through Wagtail's admin with Wagtail's own test helpers
(WagtailPageTestCase, nested_form_data, streamfield): an organiser builds a consultation with its
questions, and once people have answered a question the editor refuses to remove it."""

from __future__ import annotations

import datetime
import uuid

from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response, ResponseStatus
from forum_site.home.models import HomePage
from tests.conftest import mfa_login
from tests.factories import SuperuserFactory


def _when(delta_days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=delta_days)).strftime("%Y-%m-%d %H:%M")


def _form(title: str, slug: str, questions: list[tuple[str, dict]], ids: list[str] | None = None) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "What should short breaks look like?",
            "body": streamfield([]),
            "documents": streamfield([]),
            "run_by": "Northfield Council SEND service",
            "contact_email": "send@example.org",
            "opens_at": _when(-1),
            "closes_at": _when(14),
            "allow_anonymous": "on",
            "one_response_per_member": "on",
            "privacy_notice_version": "1.0",
            "questions": streamfield(questions),
            "outcome_summary": rich_text(""),
            "outcome_changes": rich_text(""),
            "action-publish": "publish",
        }
    )
    for index, block_id in enumerate(ids or []):
        data[f"questions-{index}-id"] = block_id  # the question's id, as the editor posts it back
    return data


def _question(text: str) -> tuple[str, dict]:
    return ("short_text", {"question": text, "help_text": ""})


class ConsultationEditorTests(WagtailPageTestCase):
    def setUp(self):
        self.admin = SuperuserFactory()
        mfa_login(self.client, self.admin)
        self.index = ConsultationIndexPage.objects.first()
        assert self.index is not None  # the demo pages every test database starts with

    def test_the_page_tree_rules(self):
        self.assertCanCreateAt(ConsultationIndexPage, ConsultationPage)
        self.assertCanNotCreateAt(HomePage, ConsultationPage)
        self.assertAllowedSubpageTypes(ConsultationPage, {})

    def test_an_organiser_builds_a_consultation_with_questions(self):
        data = _form(
            "Short breaks 2027", "short-breaks-2027", [_question("How far do you travel?"), _question("What helps?")]
        )
        self.assertCanCreate(self.index, ConsultationPage, data)
        page = ConsultationPage.objects.get(slug="short-breaks-2027")
        assert page.live and [q.text for q in page.question_list] == ["How far do you travel?", "What helps?"]

    def test_bad_input_is_refused_and_nothing_is_saved(self):
        url = reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", self.index.pk])
        data = _form("Backwards", "backwards", [_question("<script>alert(1)</script>?")])
        data["closes_at"] = _when(-3)  # before it opens
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "The closing date must be after the opening date." in response.content.decode()
        assert not ConsultationPage.objects.filter(slug="backwards").exists()

    def test_an_answered_question_cannot_be_removed(self):
        kept, answered = str(uuid.uuid4()), str(uuid.uuid4())
        self.assertCanCreate(
            self.index,
            ConsultationPage,
            _form("Transport", "transport-2027", [_question("Kept?"), _question("Answered?")], ids=[kept, answered]),
        )
        page = ConsultationPage.objects.get(slug="transport-2027")
        assert [q.id for q in page.question_list] == [kept, answered]
        now = timezone.now()
        response = Response.objects.create(
            consultation=page,
            status=ResponseStatus.SUBMITTED,
            reference="T-EDITOR-1",
            idempotency_key=uuid.uuid4(),
            submitted_at=now,
            submitted_on=timezone.localdate(now),
        )
        Answer.objects.create(
            response=response, consultation=page, counted=True, question_id=answered, value_text="Yes"
        )
        revisions = page.revisions.count()
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

        removed = self.client.post(edit_url, _form("Transport", "transport-2027", [_question("Kept?")], ids=[kept]))
        assert removed.status_code == 200
        assert "A question that people have already answered was removed." in removed.content.decode()
        assert page.revisions.count() == revisions
        assert [q.id for q in ConsultationPage.objects.get(pk=page.pk).question_list] == [kept, answered]

        # Rewording it is fine.
        reworded = _form(
            "Transport", "transport-2027", [_question("Kept?"), _question("Answered, reworded?")], ids=[kept, answered]
        )
        assert self.client.post(edit_url, reworded).status_code == 302
        assert [q.text for q in ConsultationPage.objects.get(pk=page.pk).question_list] == [
            "Kept?",
            "Answered, reworded?",
        ]
