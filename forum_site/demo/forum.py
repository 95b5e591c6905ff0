"""Demo forum for `load_demo_data`: five boards, topics and replies written from the seeds (EHC plan
delays, exclusions at SEN support, autism diagnosis waits, co-production), members with pseudonyms,
and a few items waiting in the moderation queue for each kind of reason.

Every post goes through the one moderation flow (moderation.services), exactly as a member's would.
Idempotent: when the forum page exists, nothing is added.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from forum_site.accounts import roles
from forum_site.accounts.models import User
from forum_site.discussions.models import BoardIndexPage, BoardPage, Topic
from forum_site.discussions.services import topic_create
from forum_site.home.models import HomePage
from forum_site.moderation import services as moderation
from forum_site.moderation.models import FlagReason, Post, PostState, WatchAction, WatchWord

from .accounts import DEMO_PASSWORD

BOARDS = [
    (
        "EHC plans",
        "ehc-plans",
        "Requests for assessment, draft plans, the 20-week deadline, annual reviews and tribunals.",
    ),
    (
        "SEMH and autism",
        "semh-and-autism",
        "Social, emotional and mental health needs, autism assessment waits and support while you wait.",
    ),
    (
        "Schools and settings",
        "schools-and-settings",
        "SEN support in school, exclusions, part-time timetables and alternative provision.",
    ),
    ("Local offer", "local-offer", "Short breaks, therapies, transport and the services in Northfield's local offer."),
    (
        "Preparing for adulthood",
        "preparing-for-adulthood",
        "Post-16 options, transition to adult services, independence and work.",
    ),
]

# Members who write in the demo forum (pseudonyms, as real members often choose).
WRITERS = [
    ("river.mum@example.org", "RiverMum"),
    ("dad-of-two@example.org", "Dad of two"),
    ("kestrel@example.org", "Kestrel"),
    ("grandma.j@example.org", "Grandma J"),
    ("foster.carer@example.org", "Foster carer Al"),
]

# (board slug, title, opening post, [replies]); writers take turns.
TOPICS = [
    (
        "ehc-plans",
        "Week 34 and still no draft plan",
        "We asked for an EHC needs assessment in January. The council agreed to assess, the educational "
        "psychologist visited in week 12, and now we are at week 34 with no draft plan. The law says 20 weeks "
        "from request to final plan. Has anyone had a reply when they quoted the deadline?",
        [
            "We waited 41 weeks. What finally moved it was a formal complaint that named the 20-week duty. "
            "Ask for the date the draft will be issued, in writing.",
            "The Ombudsman report from 2019 about a family waiting 104 weeks is worth reading: the council "
            "accepted fault but never apologised. You are not being unreasonable.",
            "Our caseworker was honest that the EP service has long waits. Asking the forum to raise timeliness "
            "at the next co-production meeting might help everyone.",
        ],
    ),
    (
        "ehc-plans",
        "Annual review: section F still vague after two years",
        'Section F of my son\'s plan says he will get "access to speech and language therapy as needed". '
        "The school says that means nothing they can insist on. How did you get provision specified?",
        [
            "Ask for hours, who delivers it and how often. Vague wording can be appealed after the annual review.",
            "IPSEA's guidance on specificity helped us a lot: https://www.ipsea.org.uk",
        ],
    ),
    (
        "semh-and-autism",
        "Autism assessment wait: 22 months and counting",
        "Our daughter was referred for an autism assessment nearly two years ago. School are supportive but "
        "say they cannot do more without a diagnosis. Is that right?",
        [
            "No: support should follow need, not diagnosis. SEN support does not need a diagnosis and neither "
            "does an EHC needs assessment.",
            "We found the parent workshops while waiting really useful, even though the wait itself is far too long.",
            "The scrutiny panel's review has a recommendation on diagnosis waits. Worth following it on the tracker.",
        ],
    ),
    (
        "semh-and-autism",
        "Anxiety and school refusal: what helped you?",
        "My 13-year-old has not managed a full week in school since Easter. CAMHS say he does not meet their "
        "threshold. What has helped other families?",
        [
            "A reduced timetable agreed in writing, with a plan to build back up, and a named adult at the gate.",
            "Ask school to record it as illness-related absence rather than unauthorised while you sort support.",
        ],
    ),
    (
        "schools-and-settings",
        "Excluded three times this term while on SEN support",
        "My son is on SEN support, not an EHC plan, and has had three fixed-term exclusions since September. "
        "Each time it follows a change of routine. What can we ask the school for?",
        [
            "Ask for a meeting to review his SEN support plan after every exclusion, and for the triggers to be "
            "written into it. Exclusions at SEN support came up a lot in the scrutiny review.",
            "Request an EHC needs assessment: repeated exclusions are evidence that current support is not enough.",
        ],
    ),
    (
        "local-offer",
        "Short breaks: is the new booking system working for you?",
        "The local offer says short breaks are now booked online. We have tried three times and every session "
        "is full. Is it just us?",
        ["Same here. The forum could gather examples for the next co-production meeting with the council."],
    ),
    (
        "preparing-for-adulthood",
        "Moving from children's to adults' services at 18",
        "Our son turns 17 in the spring. Nobody has mentioned transition planning yet. When should it start?",
        [
            "From year 9 annual reviews should include preparing for adulthood. It is not too late to ask for a "
            "transition meeting now.",
        ],
    ),
    (
        "ehc-plans",
        "Co-production meeting notes: what the council said about timeliness",
        "The forum met the SEND service last week about EHC plan timeliness. Headlines: more educational "
        "psychologist capacity is being recruited, and the council will publish monthly figures. What should "
        "we ask them next time?",
        ["Ask for figures by stage, not just the overall percentage within 20 weeks."],
    ),
]

# Queue items, one or more per reason: (board slug, topic index or None for a new topic, text, writer index).
QUEUE_REPLIES = [
    (0, "Happy to talk it through. My number is 07700 900461, ring any evening.", 0),  # phone
    (0, "Email me at kestrel.family@example.net and I can send our complaint letter.", 2),  # email
    (2, "Our DOB letter says born on 3 March 2016 and they still lost the referral.", 1),  # date of birth
    (4, "The head said exclusion was the only option, which is a total disgrace.", 3),  # watch word (flag)
    (3, "Some days he says he wants to hurt himself and I do not know who to call.", 4),  # safeguarding
    (1, "This template worked for us: https://sendtemplates.example.org/section-f", 5),  # link from a new member
]

WATCH_WORDS = [
    ("disgrace", WatchAction.FLAG, False),
    ("idiot*", WatchAction.APPROVE, False),
    ("hurt himself", WatchAction.APPROVE, True),
    ("hurt herself", WatchAction.APPROVE, True),
    ("self-harm", WatchAction.APPROVE, True),
]


def _member(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        user.groups.add(Group.objects.get(name=roles.PARENTS))
    return user


def forum_index_load(home: HomePage) -> tuple[BoardIndexPage, bool]:
    index = BoardIndexPage.objects.child_of(home).first()
    if index is not None:
        return index, False
    index = BoardIndexPage(
        title="Forum",
        slug="forum",
        intro="Talk to other parents and carers of children with SEND. Moderators read new members' first "
        "posts, and please leave out names, schools, phone numbers and other details that identify a child.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


@transaction.atomic
def demo_forum_load(home: HomePage) -> BoardIndexPage:
    index, created = forum_index_load(home)
    if not created:
        return index
    boards = {}
    for title, slug, description in BOARDS:
        board = BoardPage(title=title, slug=slug, description=description)
        index.add_child(instance=board)
        board.save_revision().publish()
        boards[slug] = board
    for term, action, safeguarding in WATCH_WORDS:
        WatchWord.objects.get_or_create(term=term, defaults={"action": action, "safeguarding": safeguarding})

    writers = [_member(email, name) for email, name in WRITERS]
    start = timezone.now() - datetime.timedelta(days=40)
    topics = []
    turn = 0
    # The demo writers are long-standing members: their posts are not held as a new member's would be.
    with override_settings(MODERATION_NEW_MEMBER_POSTS=0, MODERATION_RATE_LIMIT_POSTS=1000):
        for n, (slug, title, opening, replies) in enumerate(TOPICS):
            topic = topic_create(board=boards[slug], author=writers[turn % len(writers)], title=title, body=opening)
            turn += 1
            for text in replies:
                moderation.post_submit(thread=topic.thread, author=writers[turn % len(writers)], body=text)
                turn += 1
            _backdate(topic, start + datetime.timedelta(days=n * 4))
            topics.append(topic)
    topics[0].pinned = True
    topics[0].save(update_fields=["pinned"])

    # The queue: what the checks hold, a new member's first post, and reports.
    newcomer = _member("new.parent@example.org", "New here")
    for topic_index, text, writer in QUEUE_REPLIES:
        if writer >= len(writers):  # the newcomer: held as a new member's first post
            moderation.post_submit(thread=topics[topic_index].thread, author=newcomer, body=text)
            continue
        with override_settings(MODERATION_NEW_MEMBER_POSTS=0, MODERATION_RATE_LIMIT_POSTS=1000):
            moderation.post_submit(thread=topics[topic_index].thread, author=writers[writer], body=text)
    with override_settings(MODERATION_RATE_LIMIT_POSTS=1000):
        _reports(topics, writers)
    return index


def _reports(topics: list[Topic], writers: list[User]) -> None:
    demo_parent = User.objects.filter(email="parent@example.org").first()
    reported = topics[5].thread.posts.filter(is_opening=False, state=PostState.PUBLISHED).first()
    for reporter, reason, note in [
        (writers[1], FlagReason.REPORT_OFF_TOPIC, "This is about transport, not short breaks."),
        (writers[3], FlagReason.REPORT_OTHER, "I think this names a staff member."),
    ]:
        if reported.author_id != reporter.pk:
            moderation.post_report(post=reported, reporter=reporter, reason=reason, note=note)
    if demo_parent is not None:
        safeguarding = topics[3].thread.posts.filter(is_opening=False, state=PostState.PUBLISHED).last()
        moderation.post_report(
            post=safeguarding,
            reporter=demo_parent,
            reason=FlagReason.REPORT_SAFEGUARDING,
            note="I am worried this family needs help today.",
        )


def _backdate(topic: Topic, when: datetime.datetime) -> None:
    """Spread the demo conversation over the past weeks."""
    for i, post in enumerate(topic.thread.posts.order_by("pk")):
        stamp = when + datetime.timedelta(hours=7 * i)
        Post.objects.filter(pk=post.pk).update(created_at=stamp, published_at=stamp if post.published_at else None)
    last = topic.thread.posts.filter(published_at__isnull=False).order_by("-published_at").first()
    Topic.objects.filter(pk=topic.pk).update(last_activity_at=last.published_at if last else None)
