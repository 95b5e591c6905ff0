"""Consultations in the browser: a parent responds with the keyboard only and reads their answers back; an
organiser reads, filters and downloads the results and types in a paper response; closed consultations
speak in the past tense to visitors and members alike.

They use the real demo consultations ("SEMH and autism support pathway": open now, 15 questions in three
parts, 320 fake responses) from the same loader as `load_demo_data`. Every page they open goes through
`assert_accessible` (axe with the wider rule set, then the same at 320 px, which must not scroll sideways).
"""

from __future__ import annotations

import csv
import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from consultations.forms import CONSENT_QUOTE_LABEL
from consultations.models import Answer, ConsultationPage, Response, ResponseStatus
from forum_site.accounts import roles
from forum_site.demo.consultations import demo_consultations_load
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

SLUG = "semh-autism-pathway"
CLOSED_SLUG = "ehc-assessment-keeping-families-informed"
TITLE = "SEMH and autism support pathway"
REFERENCE = re.compile(r"^NPC-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$")

# The parent's answers, by question number (see forum_site/demo/content/consultations.py).
Q1_ANSWER = "Referred and waiting for an assessment"
Q3_TICKED = ["Advice from the school's SENCo", "Other"]
Q3_OTHER = "A charity helpline"
Q4_STORY = "We have waited 18 months. School has been kind but has no plan for him."
Q5_ANSWER = "Yes"
Q6_ANSWER = "Give every waiting family a named contact"
# Q7 takes up to three: the parent ticks four, is told, and unticks one.
Q7_TICKED = [
    "A named contact who replies within five working days",
    "Regular updates on where we are in the queue",
    "Peer support from other parent carers",
]
Q7_FOURTH = "Short breaks for my child and our family"
Q9_TEXT = "A key adult he trusts."
Q11_ANSWER = "Parent"
Q13_ANSWER = "Autism"


@pytest.fixture
def consultation(site, home_page) -> ConsultationPage:
    demo_consultations_load(home_page)
    page = ConsultationPage.objects.get(slug=SLUG)
    assert page.is_open and len(page.question_list) == 15
    return page


def question(consultation: ConsultationPage, number: int):
    return next(q for q in consultation.question_list if q.number == number)


def group(page, consultation: ConsultationPage, number: int):
    """The fieldset (role "group") of a radio or checkbox question, found by its legend."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. {re.escape(question(consultation, number).text)}"))


def text_box(page, consultation: ConsultationPage, number: int):
    q = question(consultation, number)
    suffix = "" if q.required else " (optional)"
    return page.get_by_label(f"{number}. {q.text}{suffix}", exact=True)


def check_by_keyboard(locator) -> None:
    """Focus a radio button or checkbox (found by its label) and tick it with the space bar."""
    locator.focus()
    expect(locator).to_be_focused()
    locator.page.keyboard.press("Space")
    expect(locator).to_be_checked()


def expect_answers_kept(page, consultation: ConsultationPage, *, q2: str | None) -> None:
    """Every answer the parent gave is still on the form."""
    expect(group(page, consultation, 1).get_by_label(Q1_ANSWER, exact=True)).to_be_checked()
    q2_group = group(page, consultation, 2)
    if q2 is None:
        for radio in q2_group.get_by_role("radio").all():
            expect(radio).not_to_be_checked()
    else:
        expect(q2_group.get_by_label(q2, exact=True)).to_be_checked()
    q3 = group(page, consultation, 3)
    for choice in Q3_TICKED:
        expect(q3.get_by_label(choice, exact=True)).to_be_checked()
    expect(q3.get_by_label("A visit from an educational psychologist", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Question 3: other, please say (optional)", exact=True)).to_have_value(Q3_OTHER)
    expect(text_box(page, consultation, 4)).to_have_value(Q4_STORY)
    expect(group(page, consultation, 5).get_by_label(Q5_ANSWER, exact=True)).to_be_checked()
    expect(group(page, consultation, 6).get_by_label(Q6_ANSWER, exact=True)).to_be_checked()
    expect(text_box(page, consultation, 9)).to_have_value(Q9_TEXT)
    expect(group(page, consultation, 11).get_by_label(Q11_ANSWER, exact=True)).to_be_checked()
    expect(group(page, consultation, 13).get_by_label(Q13_ANSWER, exact=True)).to_be_checked()
    expect(page.get_by_label(CONSENT_QUOTE_LABEL, exact=True)).to_be_checked()


def submit_with_enter(page, name: str) -> None:
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    expect(button).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_parent_answers_a_consultation_with_the_keyboard(page, assert_accessible, sign_in, consultation):
    parent = UserFactory(role=roles.PARENTS, display_name="Mum in Eastfield")
    q2 = question(consultation, 2)

    page.goto("/")
    sign_in(page, parent.email, PASSWORD)

    # The index, through the main navigation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Consultations", exact=True).click()
    page.wait_for_url("**/consultations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultations")
    open_list = page.get_by_role("list", name="Open consultations")
    expect(open_list.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    assert_accessible(page)

    # The consultation page.
    open_list.get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(f"**/consultations/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)

    # The form.
    page.get_by_role("main").get_by_role("button", name="Respond online", exact=True).click()
    page.wait_for_url(f"**/consultations/{SLUG}/respond/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Respond: {TITLE}")
    expect(page.get_by_role("heading", level=2, name="Part 1 of 3: Your experience so far")).to_be_visible()
    assert_accessible(page)

    # Keyboard only. Q1: a radio button, by its label, ticked with Space.
    check_by_keyboard(group(page, consultation, 1).get_by_label(Q1_ANSWER, exact=True))
    # Q2 (required) is deliberately left unanswered.
    # Q3: two checkboxes, then Tab to the "Other, please say" box just below them.
    q3 = group(page, consultation, 3)
    for choice in Q3_TICKED:
        check_by_keyboard(q3.get_by_label(choice, exact=True))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Question 3: other, please say (optional)", exact=True)).to_be_focused()
    page.keyboard.type(Q3_OTHER)
    # Q4: the next Tab stop is the long answer box.
    page.keyboard.press("Tab")
    expect(text_box(page, consultation, 4)).to_be_focused()
    page.keyboard.type(Q4_STORY)
    # Q5: Tab enters the yes/no radio group on its first option; Space picks it.
    page.keyboard.press("Tab")
    q5_yes = group(page, consultation, 5).get_by_label(Q5_ANSWER, exact=True)
    expect(q5_yes).to_be_focused()
    page.keyboard.press("Space")
    expect(q5_yes).to_be_checked()
    check_by_keyboard(group(page, consultation, 6).get_by_label(Q6_ANSWER, exact=True))
    q7 = group(page, consultation, 7)
    expect(q7).to_have_accessible_description(re.compile("Choose up to 3."))
    for choice in [*Q7_TICKED, Q7_FOURTH]:  # one more than it takes
        check_by_keyboard(q7.get_by_label(choice, exact=True))
    text_box(page, consultation, 9).focus()
    page.keyboard.type(Q9_TEXT)
    check_by_keyboard(group(page, consultation, 11).get_by_label(Q11_ANSWER, exact=True))
    check_by_keyboard(group(page, consultation, 13).get_by_label(Q13_ANSWER, exact=True))
    check_by_keyboard(page.get_by_label(CONSENT_QUOTE_LABEL, exact=True))

    # Send with Enter on the submit button: refused, Q2 is required and Q7 has one tick too many.
    submit_with_enter(page, "Send my response")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("alert")).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.evaluate(
        "() => { const s = document.querySelector('.govuk-error-summary'), f = document.querySelector('main form');"
        " return !!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    ), "the error summary must come before the form"
    box = summary.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"], (
        "the error summary must be on screen without scrolling"
    )
    expect(summary.get_by_role("link")).to_have_count(2)
    q2_error = summary.get_by_role("link", name=f"Choose an answer to question 2: {q2.text}", exact=True)
    expect(q2_error).to_have_attribute("href", f"#id_{q2.field_name}_0")
    expect(group(page, consultation, 2)).to_have_accessible_description(re.compile("Choose an answer to question 2"))
    q7_error = summary.get_by_role("link", name="Choose up to 3 answers to question 7 (you chose 4).", exact=True)
    expect(q7_error).to_have_attribute("href", f"#id_{question(consultation, 7).field_name}_0")
    # Nothing was saved, and everything already answered is still there.
    assert not Response.objects.filter(user=parent).exists()
    expect_answers_kept(page, consultation, q2=None)
    assert_accessible(page)

    # Q7's link leads to its first option; the fourth tick comes off with the keyboard.
    q7_error.click()
    expect(page.locator(f"#id_{question(consultation, 7).field_name}_0")).to_be_focused()
    fourth = group(page, consultation, 7).get_by_label(Q7_FOURTH, exact=True)
    fourth.focus()
    page.keyboard.press("Space")
    expect(fourth).not_to_be_checked()

    # The summary's link leads to the unanswered question: answer it there, by keyboard.
    q2_error.click()  # GOV.UK Frontend's error summary moves the focus to the first option, its legend in view
    expect(page.locator(f"#id_{q2.field_name}_0")).to_be_focused()
    q2_group = group(page, consultation, 2)
    very_poor = q2_group.get_by_label(f"1 ({q2.low_label})", exact=True)
    expect(very_poor).to_be_in_viewport()
    check_by_keyboard(very_poor)
    page.keyboard.press("ArrowDown")  # Arrow keys move along a radio group, choosing as they go.
    expect(q2_group.get_by_label("2", exact=True)).to_be_checked()
    expect(very_poor).not_to_be_checked()

    # Save as draft: a message, and the answers come back with the form.
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft", exact=True).click()
    page.wait_for_url(f"**/consultations/{SLUG}/respond/")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Your draft is saved")
    draft = Response.objects.get(user=parent, consultation=consultation)
    assert draft.status == ResponseStatus.DRAFT and draft.reference is None
    expect_answers_kept(page, consultation, q2="2")
    assert_accessible(page)
    # Reopened later from the consultation page, through the breadcrumbs.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(f"**/consultations/{SLUG}/")
    page.get_by_role("main").get_by_role("button", name="Continue your draft response", exact=True).click()
    page.wait_for_url(f"**/consultations/{SLUG}/respond/")
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)
    expect_answers_kept(page, consultation, q2="2")
    assert_accessible(page)

    # Send it: the confirmation page shows the reference.
    submit_with_enter(page, "Send my response")
    page.wait_for_url(re.compile(rf"/consultations/{SLUG}/respond/done/NPC-[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    reference = page.locator(".app-reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert page.url.endswith(f"/respond/done/{reference}/")
    assert_accessible(page)

    # The draft became the response: one response for this parent, submitted, with the reference shown.
    response = Response.objects.get(user=parent, consultation=consultation)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.reference == reference
    assert response.consent_quote is True
    answers = {(a.question_id, a.value_choice, a.value_text) for a in response.answers.all()}
    expected = {
        (question(consultation, 1).id, Q1_ANSWER, ""),
        (q2.id, "2", ""),
        (question(consultation, 3).id, Q3_TICKED[0], ""),
        (question(consultation, 3).id, "Other", Q3_OTHER),
        (question(consultation, 4).id, "", Q4_STORY),
        (question(consultation, 5).id, Q5_ANSWER, ""),
        (question(consultation, 6).id, Q6_ANSWER, ""),
        *((question(consultation, 7).id, choice, "") for choice in Q7_TICKED),
        (question(consultation, 9).id, "", Q9_TEXT),
        (question(consultation, 11).id, Q11_ANSWER, ""),
        (question(consultation, 13).id, Q13_ANSWER, ""),
    }
    assert answers == expected

    # The confirmation's link shows the parent their own answers in My account, as it promises.
    page.get_by_role("main").get_by_role("link", name="see your answers", exact=True).click()
    page.wait_for_url(f"**/my-account/responses/{response.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    answers_list = page.get_by_role("main").locator(".govuk-summary-list").last
    expect(answers_list).to_contain_text(Q4_STORY)
    expect(answers_list).to_contain_text("; ".join(Q7_TICKED))
    expect(page.get_by_role("main")).to_contain_text(reference)
    assert_accessible(page)
    # ...and the list of their responses, with the way to withdraw in reach on a phone.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Your consultation responses").click()
    page.wait_for_url("**/my-account/responses/")
    card = page.locator(".govuk-summary-card").filter(has_text=TITLE)
    expect(card.get_by_role("link", name=f"Your answers to {TITLE}", exact=True)).to_be_visible()
    expect(card.get_by_role("link", name=f"Withdraw response {reference}", exact=True)).to_be_visible()
    assert_accessible(page)


# --- The organiser's side ---------------------------------------------------------------------


def totp_code(secret: str) -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 2:  # Do not type a code that is about to expire.
        time.sleep(period - time.time() % period + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return f"{hotp_value(secret, counters[len(counters) // 2]):06d}"


def submitted_parent_response(consultation: ConsultationPage) -> tuple:
    """A parent's submitted response (as the keyboard test leaves it), made without the browser."""
    from consultations import services

    parent = UserFactory(role=roles.PARENTS)
    q1, q11 = question(consultation, 1), question(consultation, 11)
    submission = services.response_submit(
        consultation=consultation,
        user=parent,
        answers=[
            {"question_id": q1.id, "value_choice": Q1_ANSWER},
            {"question_id": question(consultation, 2).id, "value_choice": "2"},
            {"question_id": question(consultation, 5).id, "value_choice": Q5_ANSWER},
            {"question_id": question(consultation, 6).id, "value_choice": Q6_ANSWER},
            {"question_id": q11.id, "value_choice": Q11_ANSWER},
        ],
        idempotency_key=uuid.uuid4(),
        consent_quote=True,
        consent_contact=False,
        contact_email=parent.email,
    )
    return parent, submission.response


def result_count(page, number: int, label: str) -> int:
    table = page.get_by_role("table", name=f"Answers to question {number}", exact=True)
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    return int(row.get_by_role("cell").first.inner_text())


def shown_total(page) -> int:
    return int(page.locator(".app-total strong").inner_text())


def wait_for_admin(page) -> None:
    """The Wagtail admin has drawn its sidebar (with JavaScript), so axe checks the whole page as people see it."""
    expect(page.get_by_role("complementary", name="Sidebar").get_by_role("navigation").first).to_be_attached()


def test_organiser_reads_filters_and_downloads_results(page, assert_accessible, consultation, tmp_path):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    organiser = UserFactory(role=roles.ORGANISERS, display_name="Forum organiser")
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    parent, response = submitted_parent_response(consultation)
    q1, q11 = question(consultation, 1), question(consultation, 11)
    submitted = Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)

    def count(q, choice, responses=submitted) -> int:
        return Answer.objects.filter(question_id=q.id, value_choice=choice, response__in=responses).count()

    # The admin sends a signed-out organiser to sign in, then asks for the authenticator code.
    page.goto("/admin/consultation-results/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email address", exact=True).fill(organiser.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Password", exact=True).press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_label("Code", exact=True).press("Enter")
    page.wait_for_url("**/admin/consultation-results/")
    expect(page.get_by_role("heading", level=1, name="Consultation results")).to_be_visible()
    wait_for_admin(page)
    assert_accessible(page)

    # The admin home: the open consultations, with the responses so far.
    page.goto("/admin/")
    panel = page.locator("#open-consultations-section")
    expect(panel.get_by_role("heading", name="Open consultations")).to_be_visible()
    expect(panel.get_by_role("row").filter(has_text=TITLE)).to_contain_text(str(submitted.count()))
    wait_for_admin(page)
    assert_accessible(page)
    panel.get_by_role("link", name="All consultation results").click()
    page.wait_for_url("**/admin/consultation-results/")

    # The list of consultations, with the number of submitted responses.
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text(str(submitted.count()))
    row.get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(f"**/admin/consultation-results/{consultation.pk}/")
    expect(page.get_by_role("heading", level=1, name=f"Results: {TITLE}")).to_be_visible()
    # Where it sits in the admin, and the way to "You said, we did".
    # (Wagtail folds the breadcrumbs away until they are opened, so they are looked for in the markup.)
    expect(page.locator('nav[aria-label="Breadcrumb"] a[href="/admin/consultation-results/"]')).to_be_attached()
    expect(page.get_by_role("link", name='Write "You said, we did"')).to_have_attribute(
        "href", f"/admin/pages/{consultation.pk}/edit/#tab-you_said_we_did"
    )

    # The parent's answer is counted: the 320 demo responses plus theirs.
    total = submitted.count()
    assert total == 321
    assert shown_total(page) == total
    assert result_count(page, 1, Q1_ANSWER) == count(q1, Q1_ANSWER, submitted.exclude(pk=response.pk)) + 1
    wait_for_admin(page)
    assert_accessible(page)

    # Only parents (an "about you" answer): fewer responses, and the counts follow.
    page.get_by_label("Only responses where", exact=True).select_option(f"{q11.id}:{Q11_ANSWER}")
    with page.expect_navigation():
        page.get_by_role("button", name="Show", exact=True).click()
    parents = submitted.filter(answers__question_id=q11.id, answers__value_choice=Q11_ANSWER)
    expect(page.locator(".app-total")).to_contain_text(f'where "{q11.text}" is "{Q11_ANSWER}"')
    assert 0 < parents.count() < total
    assert shown_total(page) == parents.count()
    assert result_count(page, 1, Q1_ANSWER) == count(q1, Q1_ANSWER, parents)
    assert result_count(page, 11, Q11_ANSWER) == parents.count()
    expect(page.get_by_label("Only responses where", exact=True)).to_have_value(f"{q11.id}:{Q11_ANSWER}")
    wait_for_admin(page)
    assert_accessible(page)

    # Compared by area too: a cross-table per choice question, still only parents.
    q15 = question(consultation, 15)
    page.get_by_label("Compare by", exact=True).select_option(label=q15.text)
    with page.expect_navigation():
        page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_label("Only responses where", exact=True)).to_have_value(f"{q11.id}:{Q11_ANSWER}")
    crosstab = page.get_by_role("table", name=f"Q1 by {q15.text.lower()}", exact=True)
    expect(crosstab).to_be_visible()
    assert shown_total(page) == parents.count()
    wait_for_admin(page)
    assert_accessible(page)

    # The CSV holds what the screen counts: only parents, and it says so in its name and first row.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "semh-and-autism-support-pathway-responses-filtered-parent.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with path.open(newline="", encoding="utf-8-sig") as f:
        note, blank = next(csv.reader(f)), f.readline()
        rows = list(csv.DictReader(f))
    assert note == ["Filtered export", f'Only responses where "{q11.text}" is "{Q11_ANSWER}".'] and not blank.strip()
    assert len(rows) == parents.count()
    assert {r["Reference"] for r in rows} == set(parents.values_list("reference", flat=True))
    mine = [r for r in rows if r["Reference"] == response.reference]
    assert len(mine) == 1
    assert mine[0]["Account email"] == parent.email
    assert mine[0][f"Q1 {q1.text}"] == Q1_ANSWER
    assert mine[0][f"Q11 {q11.text}"] == Q11_ANSWER

    # The answers to a free-text question, to read and code.
    q4 = question(consultation, 4)
    page.get_by_role("link", name="Read and code the answers to question 4", exact=True).click()
    page.wait_for_url(f"**/admin/consultation-results/{consultation.pk}/text/{q4.id}/")
    expect(page.get_by_role("heading", level=1, name=f"Q4: {q4.text}")).to_be_visible()
    wait_for_admin(page)
    assert_accessible(page)

    # A paper response: sent empty, it is refused and nothing is saved; with one answer it is saved.
    page.goto(f"/admin/consultation-results/{consultation.pk}/paper-response/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enter a paper or phone response")
    wait_for_admin(page)
    assert_accessible(page)
    before = Response.objects.filter(consultation=consultation).count()
    with page.expect_navigation():
        page.get_by_role("button", name="Save response", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been saved: this response has no answers.")
    assert Response.objects.filter(consultation=consultation).count() == before
    wait_for_admin(page)
    assert_accessible(page)
    page.get_by_role("group", name=re.compile(r"^1\. ")).get_by_label(Q1_ANSWER, exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save response", exact=True).click()
    page.wait_for_url(f"**/admin/consultation-results/{consultation.pk}/")
    paper = Response.objects.filter(consultation=consultation).latest("id")
    assert paper.channel == "paper" and paper.entered_by == organiser and paper.answers.count() == 1


@pytest.mark.parametrize("as_member", [False, True])
def test_a_closed_consultation_speaks_in_the_past(page, assert_accessible, sign_in, consultation, as_member):
    closed = ConsultationPage.objects.get(slug=CLOSED_SLUG)
    assert closed.state == "closed" and closed.outcome_published
    page.goto("/consultations/")
    if as_member:
        sign_in(page, UserFactory(role=roles.PARENTS).email, PASSWORD)
        page.goto("/consultations/")
    assert_accessible(page)
    page.get_by_role("list", name="Closed consultations").get_by_role("link", name=closed.title, exact=True).click()
    page.wait_for_url(f"**/consultations/{CLOSED_SLUG}/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name="What we asked").last).to_be_visible()  # the body has one too
    expect(main.get_by_role("heading", level=2, name="You said, we did")).to_be_visible()
    for wrong in ("What we will ask", "Sign in to respond", "Respond online", "published below"):
        expect(main).not_to_contain_text(wrong)
    # The outcome's charts: every label whole, and big enough to read on a phone.
    chart = main.locator("svg.app-chart").first
    expect(chart).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    # Each text's font size as shown: its size in the SVG times the scale the SVG is drawn at.
    sizes = chart.locator("text").evaluate_all(
        "els => els.map(e => { const svg = e.ownerSVGElement;"
        " return parseFloat(getComputedStyle(e).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; })"
    )
    assert sizes and min(sizes) >= 14, sizes
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_accessible(page)
