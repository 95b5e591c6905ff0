"""Demo content for consultations.

Pure data: no Django, no Wagtail. A seeding command turns these into
ConsultationPage objects, and a generator uses ``response_profile`` to make a few
hundred realistic fake responses for the results pages.

Everything here is fictional: Northfield, its council, the forum and every
quotation. The free-text answers are invented and anonymised; they name no real
people or schools.

Each consultation is a dict:

* ``state`` is ``"open"``, ``"upcoming"`` or ``"closed"``; the loader turns it
  into opening and closing dates relative to today.
* ``body`` blocks are ``(block_type, value)`` tuples: ``("heading", "Plain text")``
  or ``("paragraph", "<p>Rich text</p>")`` (p, b, i, ul, ol, li, and links to
  relative site paths only).
* ``questions`` are ``(block_type, value)`` tuples. Types: ``section``,
  ``short_text``, ``long_text``, ``single_choice``, ``multiple_choice``,
  ``rating`` (1 to 5), ``yes_no`` (yes / no / not sure) and ``about_you`` (the
  choices for each ``profile`` come from code).
* ``response_profile`` is keyed by the position of a question in ``questions``
  (section blocks count). Choice-like questions have ``weights`` (one per option,
  in order); multiple choice adds ``pick`` ([min, max]) and, if it allows
  "other", ``other_texts``. Text questions have ``answer_rate`` and ``texts``.
* ``outcome`` is the published "You said, we did" (closed consultations only).
"""

from __future__ import annotations

RUN_BY = "Northfield Borough Council SEND service with Northfield Parent Carer Forum"
CONTACT_EMAIL = "send.consultations@northfield.example"

ABOUT_YOU_HELP = (
    "Optional. We only use this to check we have heard from a range of families. It is never used to identify you."
)

# ---------------------------------------------------------------------------
# 1. Open: SEMH and autism support pathway
# ---------------------------------------------------------------------------

SEMH_AUTISM_PATHWAY = {
    "slug": "semh-autism-pathway",
    "title": "SEMH and autism support pathway",
    "summary": (
        "We want to change how children with social, emotional and mental health "
        "needs, and children who may be autistic, get help in Northfield. Tell us "
        "what waiting has been like and whether our proposals would make a "
        "difference."
    ),
    "body": [
        ("heading", "Why we are asking"),
        (
            "paragraph",
            "<p>When the Children and Young People Scrutiny Panel reviewed SEND in "
            "Northfield, it looked most closely at children with social, emotional "
            "and mental health (SEMH) needs and autistic children. Parents told the "
            "panel about long waits for an autism assessment, about being turned away "
            "by CAMHS because their child did not meet the threshold, and about "
            "children being excluded or put on part-time timetables before any "
            "support was in place.</p>"
            "<p>The council's cabinet agreed that support should start when a need "
            "is noticed, not when a diagnosis arrives. This consultation is the first "
            "step in designing that new pathway <i>with</i> families.</p>",
        ),
        ("heading", "What we are proposing"),
        (
            "paragraph",
            "<p>Working with the forum's SEMH and autism group, we have drafted a "
            "pathway with three parts:</p>"
            "<ol>"
            "<li><b>Support without waiting for a diagnosis.</b> Schools and nurseries "
            "put a support plan in place as soon as a need is identified, with advice "
            "from a specialist teacher.</li>"
            "<li><b>A named contact for every family on the waiting list.</b> Someone "
            "who replies within five working days and tells you where you are in the "
            "queue.</li>"
            "<li><b>An end to informal exclusions.</b> Any part-time timetable must be "
            "agreed with parents, reviewed every six weeks and reported to the SEND "
            "service.</li>"
            "</ol>",
        ),
        ("heading", "What happens next"),
        (
            "paragraph",
            "<p>The forum will read every response and write up what people said. "
            'The council will then publish a "You said, we did" on this page, '
            "explaining what it will change. The scrutiny panel will follow progress "
            "as part of its recommendations.</p>"
            "<p>The survey takes about 15 minutes. You can answer anonymously, and "
            "you can skip any question that is not marked as required. Read our "
            '<a href="/privacy/">privacy notice</a> to see how we look after your '
            'answers, or <a href="/contact/">contact us</a> if you would like the '
            "survey in another format.</p>",
        ),
    ],
    "run_by": RUN_BY,
    "contact_email": CONTACT_EMAIL,
    "state": "open",
    "allow_anonymous": True,
    "one_response_per_member": True,
    "questions": [
        # 0
        (
            "section",
            {
                "title": "Your experience so far",
                "intro": (
                    "Tell us about your child's journey up to now: getting noticed, "
                    "getting referred and what happened while you waited."
                ),
            },
        ),
        # 1
        (
            "single_choice",
            {
                "question": "Where is your child on the SEMH or autism pathway at the moment?",
                "help_text": "Choose the one that fits best. If you have more than one child, answer for one of them.",
                "required": True,
                "show_in_outcome": False,
                "choices": [
                    "We have raised concerns but there is no referral yet",
                    "Referred and waiting for an assessment",
                    "Assessed and given a diagnosis",
                    "Assessed, but no diagnosis was given",
                    "Getting support without a diagnosis",
                    "Not sure",
                ],
            },
        ),
        # 2
        (
            "rating",
            {
                "question": (
                    "How would you rate the support your child got at nursery, school "
                    "or college while waiting for an assessment?"
                ),
                "help_text": "If you are not waiting now, think about the last time you were.",
                "required": True,
                "show_in_outcome": False,
                "low_label": "Very poor",
                "high_label": "Very good",
            },
        ),
        # 3
        (
            "multiple_choice",
            {
                "question": "What help, if any, did you or your child get while you were waiting?",
                "help_text": "Tick all that apply.",
                "required": False,
                "show_in_outcome": False,
                "choices": [
                    "Advice from the school's SENCo",
                    "A visit from an educational psychologist",
                    "A parent course or workshop",
                    "Support from CAMHS or a mental health support team",
                    "Information from the Local Offer website",
                    "Support from other parents and carers",
                ],
                "allow_other": True,
            },
        ),
        # 4
        (
            "long_text",
            {
                "question": "Tell us what waiting has been like for your child and your family.",
                "help_text": (
                    "Please do not include names of children, staff or schools. "
                    "We remove any we find before sharing answers."
                ),
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 5
        (
            "section",
            {
                "title": "Our proposals",
                "intro": (
                    "We are proposing support without waiting for a diagnosis, a named "
                    "contact for every family on the waiting list, and an end to "
                    "informal exclusions. Tell us what you think."
                ),
            },
        ),
        # 6
        (
            "yes_no",
            {
                "question": (
                    "Should schools put support in place as soon as a need is "
                    "identified, without waiting for a diagnosis?"
                ),
                "help_text": "",
                "required": True,
                "show_in_outcome": False,
            },
        ),
        # 7
        (
            "single_choice",
            {
                "question": "If the council could only do one of these first, which should it be?",
                "help_text": "",
                "required": True,
                "show_in_outcome": False,
                "choices": [
                    "Cut the wait for autism assessments",
                    "Make it easier to get help from CAMHS",
                    "Train school staff in SEMH and autism",
                    "Stop part-time timetables and informal exclusions",
                    "Give every waiting family a named contact",
                ],
            },
        ),
        # 8
        (
            "multiple_choice",
            {
                "question": "Which of these would help your family most while you wait?",
                "help_text": "",
                "required": False,
                "show_in_outcome": False,
                # Shown to respondents as "Choose up to 3." and checked when they send it.
                "max_choices": 3,
                "choices": [
                    "A named contact who replies within five working days",
                    "Regular updates on where we are in the queue",
                    "Drop-in sessions with a specialist teacher",
                    "Parent workshops on anxiety, sleep and behaviour",
                    "Short breaks for my child and our family",
                    "Peer support from other parent carers",
                ],
                "allow_other": False,
            },
        ),
        # 9
        (
            "rating",
            {
                "question": ("How confident are you that your child's school would use a support plan like this well?"),
                "help_text": "",
                "required": False,
                "show_in_outcome": False,
                "low_label": "Not at all confident",
                "high_label": "Very confident",
            },
        ),
        # 10
        (
            "short_text",
            {
                "question": "In a few words, what does good support look like for your child?",
                "help_text": "",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 11
        (
            "long_text",
            {
                "question": "Is there anything else you would like to tell us about the proposed pathway?",
                "help_text": "For example, something we have missed, or something that worked well for you.",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 12
        (
            "section",
            {
                "title": "About you",
                "intro": (
                    "These questions are optional. They help us check that we have "
                    "heard from a range of families across the borough."
                ),
            },
        ),
        # 13
        (
            "about_you",
            {
                "question": "Are you answering as a...",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "respondent_type",
            },
        ),
        # 14
        (
            "about_you",
            {
                "question": "How old is the child or young person you are answering about?",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "child_age",
            },
        ),
        # 15
        (
            "about_you",
            {
                "question": "What is their main area of need?",
                "help_text": ABOUT_YOU_HELP + " A diagnosis is not needed.",
                "required": False,
                "show_in_outcome": False,
                "profile": "need_type",
            },
        ),
        # 16
        (
            "about_you",
            {
                "question": "Where do they go to school or college?",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "school_setting",
            },
        ),
        # 17
        (
            "about_you",
            {
                "question": "Which part of the borough do you live in?",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "area",
            },
        ),
    ],
    "outcome": None,
    "response_profile": {
        # Where is your child on the pathway?
        1: {"weights": [12, 38, 26, 7, 9, 8]},
        # Support while waiting: mostly poor.
        2: {"weights": [34, 28, 21, 11, 6]},
        # Help while waiting.
        3: {
            "weights": [46, 14, 18, 11, 20, 31],
            "pick": [1, 3],
            "other_texts": [
                "A charity helpline",
                "Our GP referred us to a private counsellor, which we paid for",
                "Nothing at all until we went to the forum",
                "Early help worker for six weeks",
                "School nurse drop-in",
                "Online videos I found myself",
                "Grandparents paying for a private assessment",
            ],
        },
        # What waiting has been like.
        4: {
            "answer_rate": 0.7,
            "texts": [
                "We have been on the autism assessment list for 26 months. Every time I ring I am told there is no update. My son has stopped going to school most days.",
                "My daughter was referred to CAMHS twice and both times we were told she did not meet the threshold. A month later she was self-harming. I still do not understand what the threshold is.",
                "School said they could not do anything more without a diagnosis. So he sat in a corridor with a teaching assistant for most of Year 5.",
                "He was put on a part-time timetable of two hours a day 'just for a few weeks'. That was over a year ago. I gave up my job to be at home with him.",
                "Honestly, the waiting has been harder than the diagnosis. Nobody tells you anything and you feel like you are begging.",
                "Our nursery were brilliant. They noticed early, brought in the specialist teacher and had a plan in place long before we got an appointment. It made such a difference.",
                "We were at SEN support and she was excluded three times in one term. Every exclusion was for something that happened when she was overwhelmed. The EHC plan came after she had already left.",
                "I have had to chase every single step. Emails go unanswered for weeks. It feels like the system is waiting for us to give up.",
                "We paid for a private assessment in the end because we could not watch him struggle for another two years. Not every family can do that and it is not fair.",
                "My son is 14 and has been waiting since he was 11. He thinks there is something wrong with him and nobody will tell him what.",
                "The SENCo has been kind and tried hard, but she has one day a week for the whole school. There just isn't enough of her.",
                "Our younger child has been on the list for 18 months and our older child waited nearly three years. Nothing seems to have got quicker.",
                "The hardest part is my other children. Everything at home revolves around getting through the day, and they miss out too.",
                "It took a crisis and an A&E visit before anyone took us seriously. It should not have to get to that point.",
                "Once the educational psychologist came in, things changed quickly. School finally had a plan they understood. I wish that had happened two years earlier.",
                "We were told informally to 'keep him at home until things settle'. There was no letter, so it never counted as an exclusion.",
            ],
        },
        # Support without waiting for a diagnosis: overwhelmingly yes.
        6: {"weights": [82, 5, 13]},
        # What first.
        7: {"weights": [30, 18, 14, 16, 22]},
        # What would help most while waiting.
        8: {"weights": [40, 36, 22, 24, 18, 21], "pick": [1, 3]},
        # Confidence in school: mixed, leaning low.
        9: {"weights": [22, 27, 29, 15, 7]},
        # What good support looks like.
        10: {
            "answer_rate": 0.55,
            "texts": [
                "Someone who gets him and doesn't treat him as naughty.",
                "A quiet space she can go to without having to ask.",
                "Staff who know her plan and actually follow it, every day, not just with one teacher.",
                "A full day at school with the right help, like other children get.",
                "Being listened to when I say something isn't working.",
                "Movement breaks, visual timetables and warning before changes. Small things, but they work.",
                "A key adult he trusts and can go to when it gets too much.",
                "Getting help before it becomes a crisis, not after.",
                "Honestly, what we had in Year 2: a teacher who planned around him instead of trying to fit him in.",
                "Somebody phoning me back.",
                "Her being able to go to school without panic attacks every morning.",
                "CAMHS seeing him when he needs it, not when he is bad enough.",
                "Being treated as a partner, not a problem parent.",
                "Consistent adults and a plan that follows him when he moves class.",
            ],
        },
        # Anything else about the pathway.
        11: {
            "answer_rate": 0.35,
            "texts": [
                "Please make sure the named contact is a real person who stays the same, not a shared inbox.",
                "I like the proposals, but schools already say they have no money. How will this be paid for?",
                "Part-time timetables should be in writing with an end date. We never got either.",
                "Please include children who are not in school at all. Ours was left off every list because he wasn't on a school roll.",
                "The specialist teacher advice needs to come with time for staff to use it, or it will just be another report in a drawer.",
                "Good to see parents being asked before decisions are made. Please keep doing this and tell us what you changed.",
                "Think about secondary transfer. Everything we built up in primary fell apart in the first term of Year 7.",
                "Please train the front office and lunchtime staff too. A lot of the worst moments happen outside lessons.",
                "Six-weekly reviews of part-time timetables would have saved us months. Nobody ever reviewed ours.",
                "Make the waiting list information available online so we can see roughly how long it will be.",
                "Please co-produce the training with autistic adults and young people, not just professionals.",
                "Our experience with the mental health support team in school has been really positive. Please expand it to more schools.",
            ],
        },
        # About you.
        13: {"weights": [68, 14, 6, 9, 3]},
        14: {"weights": [6, 34, 42, 13, 5]},
        15: {"weights": [44, 30, 10, 7, 4, 5]},
        16: {"weights": [38, 24, 9, 8, 14, 7]},
        17: {"weights": [22, 24, 18, 21, 15]},
    },
}

# ---------------------------------------------------------------------------
# 2. Upcoming: preparing for adulthood, transition to college
# ---------------------------------------------------------------------------

TRANSITION_TO_COLLEGE = {
    "slug": "preparing-for-adulthood-college",
    "title": "Preparing for adulthood: moving on to college",
    "summary": (
        "We want to hear from young people with SEND and their families about "
        "planning for life after Year 11, so that moving to college goes smoothly."
    ),
    "body": [
        ("heading", "Why we are asking"),
        (
            "paragraph",
            "<p>Leaving school is a big change for any young person. For young people "
            "with SEND it can mean a new EHC plan review, new staff, a new journey and "
            "a new routine, all at once. Families have told the forum that planning "
            "often starts too late, and that information about college courses and "
            "support is hard to find.</p>",
        ),
        ("heading", "What we will ask"),
        (
            "paragraph",
            "<p>This short survey will ask:</p>"
            "<ul>"
            "<li>when you started planning for life after school;</li>"
            "<li>what worries you most about college;</li>"
            "<li>what helped, or would have helped, when moving on.</li>"
            "</ul>"
            "<p>Young people are very welcome to answer for themselves. We will also "
            "run an easy-read version and a drop-in session at a local college.</p>",
        ),
        ("heading", "What happens next"),
        (
            "paragraph",
            "<p>The survey opens soon. Members of the forum will get an email when it "
            "does. Your answers will shape a new transition guide, written with "
            "young people, and changes to how annual reviews plan for adulthood from "
            'Year 9. Questions? <a href="/contact/">Contact us</a>.</p>',
        ),
    ],
    "run_by": RUN_BY,
    "contact_email": CONTACT_EMAIL,
    "state": "upcoming",
    "allow_anonymous": True,
    "one_response_per_member": True,
    "questions": [
        # 0
        (
            "about_you",
            {
                "question": "Are you answering as a...",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "respondent_type",
            },
        ),
        # 1
        (
            "single_choice",
            {
                "question": "When did planning for life after Year 11 start?",
                "help_text": "For example, talking about it at an EHC plan annual review or with a careers adviser.",
                "required": True,
                "show_in_outcome": False,
                "choices": [
                    "Year 9 or earlier",
                    "Year 10",
                    "Year 11",
                    "After Year 11",
                    "It has not started yet",
                ],
            },
        ),
        # 2
        (
            "rating",
            {
                "question": "How well do you understand the options for after school?",
                "help_text": "Such as college courses, supported internships, apprenticeships and sixth forms.",
                "required": True,
                "show_in_outcome": False,
                "low_label": "Not at all",
                "high_label": "Very well",
            },
        ),
        # 3
        (
            "multiple_choice",
            {
                "question": "What worries you most about moving on to college?",
                "help_text": "Tick all that apply.",
                "required": False,
                "show_in_outcome": False,
                "choices": [
                    "Getting there and back",
                    "Making friends",
                    "Whether the support in the EHC plan will carry on",
                    "A bigger, busier place",
                    "Having fewer hours at college than at school",
                    "Not knowing who to ask for help",
                ],
                "allow_other": True,
            },
        ),
        # 4
        (
            "yes_no",
            {
                "question": "Would a taster day at college before applying have helped, or help now?",
                "help_text": "",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 5
        (
            "short_text",
            {
                "question": "What is one thing a college should know about you or your young person?",
                "help_text": "Please do not include names.",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 6
        (
            "long_text",
            {
                "question": "Tell us about a move between schools or to college that went well or badly, and why.",
                "help_text": "Please do not include names of people or schools.",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 7
        (
            "about_you",
            {
                "question": "How old is the young person you are answering about?",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "child_age",
            },
        ),
    ],
    "outcome": None,
    "response_profile": None,
}

# ---------------------------------------------------------------------------
# 3. Closed: EHC needs assessment, keeping families informed
# ---------------------------------------------------------------------------

EHC_KEEPING_INFORMED = {
    "slug": "ehc-assessment-keeping-families-informed",
    "title": "EHC needs assessment: keeping families informed",
    "summary": (
        "We asked families how well we kept them informed during an EHC needs "
        "assessment. This consultation has closed; read what you told us and what "
        "we are changing."
    ),
    "body": [
        ("heading", "Why we asked"),
        (
            "paragraph",
            "<p>The law says an Education, Health and Care (EHC) plan should be "
            "finished within <b>20 weeks</b> of a request for an assessment. In "
            "Northfield, too many families have waited much longer, and the scrutiny "
            "panel heard that not knowing what was happening made the wait even "
            "harder. Nationally, one family waited 104 weeks for a final plan and the "
            "Ombudsman found they had not been treated with dignity and respect.</p>"
            "<p>We cannot fix every delay at once, but we can make sure no family is "
            "left in the dark. So we asked how we should keep you informed.</p>",
        ),
        ("heading", "What we asked"),
        (
            "paragraph",
            "<p>We asked families who had been through an EHC needs assessment in the "
            "last three years how long it took, how well we kept them informed, and "
            "how they would like to hear from us.</p>",
        ),
        ("heading", "What happens next"),
        (
            "paragraph",
            '<p>The results and our response are on this page, under "You said, we '
            'did". The SEND service will report progress to the Children and Young '
            "People Scrutiny Panel, and the forum will check that each change "
            "happens. If something is not working for you, please "
            '<a href="/contact/">tell us</a>.</p>',
        ),
    ],
    "run_by": RUN_BY,
    "contact_email": CONTACT_EMAIL,
    "state": "closed",
    "allow_anonymous": False,
    "one_response_per_member": True,
    "questions": [
        # 0
        (
            "single_choice",
            {
                "question": "How long did it take from asking for an EHC needs assessment to getting a final EHC plan?",
                "help_text": "If you had more than one assessment, answer about the most recent.",
                "required": True,
                "show_in_outcome": True,
                "choices": [
                    "20 weeks or less",
                    "21 to 30 weeks",
                    "31 to 52 weeks",
                    "More than a year",
                    "We are still waiting",
                    "Not sure",
                ],
            },
        ),
        # 1
        (
            "rating",
            {
                "question": "Overall, how well did the council keep you informed during the assessment?",
                "help_text": "",
                "required": True,
                "show_in_outcome": True,
                "low_label": "Very poor",
                "high_label": "Very good",
            },
        ),
        # 2
        (
            "multiple_choice",
            {
                "question": "How would you like to get updates on an assessment?",
                "help_text": "Tick all that apply.",
                "required": False,
                "show_in_outcome": True,
                "choices": [
                    "Email",
                    "Text message",
                    "A phone call from my caseworker",
                    "An online tracker I can check at any time",
                    "A letter",
                ],
                "allow_other": True,
            },
        ),
        # 3
        (
            "yes_no",
            {
                "question": "Did you know who your caseworker was and how to contact them?",
                "help_text": "",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 4
        (
            "yes_no",
            {
                "question": "If a deadline was going to be missed, were you told before it passed?",
                "help_text": "For example, the 6-week decision to assess, or the 20-week final plan.",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 5
        (
            "long_text",
            {
                "question": "What was the hardest part of not knowing what was happening?",
                "help_text": "Please do not include names of children, staff or schools.",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 6
        (
            "short_text",
            {
                "question": "What one change would have made the biggest difference to you?",
                "help_text": "",
                "required": False,
                "show_in_outcome": False,
            },
        ),
        # 7
        (
            "about_you",
            {
                "question": "Are you answering as a...",
                "help_text": ABOUT_YOU_HELP,
                "required": False,
                "show_in_outcome": False,
                "profile": "respondent_type",
            },
        ),
        # 8
        (
            "about_you",
            {
                "question": "What is your child's main area of need?",
                "help_text": ABOUT_YOU_HELP + " A diagnosis is not needed.",
                "required": False,
                "show_in_outcome": False,
                "profile": "need_type",
            },
        ),
    ],
    "outcome": {
        "summary": (
            "<p>Thank you to everyone who took part. Most families told us the "
            "assessment took longer than 20 weeks, and many were still waiting when "
            "they answered. More than half rated how well we kept them informed as "
            "<b>poor</b> or <b>very poor</b>.</p>"
            "<p>The same themes came up again and again: not knowing who your "
            "caseworker was, emails and calls going unanswered, and finding out a "
            "deadline had been missed only after it had passed. Several parents said "
            "they felt they had to chase every step, and that the silence was harder "
            "than the wait itself.</p>"
            "<p>You also told us what would help. The most popular choices were an "
            "<b>online tracker</b> you can check at any time and <b>email updates</b>, "
            "with a phone call from a named caseworker at key points. A few families "
            "told us about caseworkers who called back quickly and explained things "
            "clearly, and said that made a real difference.</p>"
        ),
        "changes": (
            "<ul>"
            "<li><b>A named caseworker from day one.</b> Every family will be told "
            "their caseworker's name and direct email within five working days of a "
            "request. The SEND service's assessment team leads this, starting next "
            "month.</li>"
            "<li><b>Updates at every stage.</b> Families will get an email at each "
            "statutory stage (request received, decision to assess, draft plan, final "
            "plan), even when there is no news. The SEND service will have this in "
            "place by the end of next term.</li>"
            "<li><b>Warning before a deadline is missed.</b> If we are going to miss "
            "a legal deadline, your caseworker will phone you at least two weeks "
            "before, explain why and give a new date. Team managers will check this "
            "every week from next month.</li>"
            "<li><b>An online tracker.</b> The council's digital team and the forum "
            "will co-produce an online tracker showing where your assessment is. A "
            "test version will be tried with forum members within six months.</li>"
            "<li><b>Reply times you can rely on.</b> Caseworkers will reply to "
            "emails within five working days. The SEND service will publish how "
            "often it meets this target every quarter, and report it to the "
            "scrutiny panel.</li>"
            "</ul>"
        ),
    },
    "response_profile": {
        # How long: most far longer than 20 weeks.
        0: {"weights": [12, 22, 28, 18, 14, 6]},
        # Kept informed: mostly poor.
        1: {"weights": [31, 27, 22, 14, 6]},
        # How to get updates.
        2: {
            "weights": [58, 31, 40, 62, 9],
            "pick": [1, 3],
            "other_texts": [
                "WhatsApp message",
                "Through the school SENCo",
                "Any way at all, as long as someone tells us something",
                "A short meeting at each stage",
                "Updates in plain English, not legal letters",
                "Copy everything to my partner as well",
            ],
        },
        # Knew caseworker.
        3: {"weights": [41, 47, 12]},
        # Told before deadline missed.
        4: {"weights": [14, 66, 20]},
        # Hardest part of not knowing.
        5: {
            "answer_rate": 0.65,
            "texts": [
                "Not being able to plan anything. We did not know whether to look at special schools or stay where we were.",
                "My daughter kept asking when she would get help and I had no answer for her.",
                "We had three different caseworkers in a year and had to explain everything from the start each time.",
                "I found out the 20-week deadline had passed when I rang to ask. Nobody had thought to tell us.",
                "It took 71 weeks in the end. The not knowing was worse than the wait. I felt like I was shouting into a void.",
                "School were waiting for the plan before they would change anything, so he was on a part-time timetable the whole time.",
                "I spent my lunch breaks at work ringing a phone line that never picked up.",
                "The draft plan arrived with another child's details in it. After that I didn't trust the process at all.",
                "Our caseworker was lovely and always called back within a couple of days. It was the system that was slow, not her.",
                "My son was at SEN support and got excluded twice while we waited for the assessment decision.",
                "We only found out the panel had said no when the school told us. Nobody from the council contacted us.",
                "Having to go to tribunal just to get things moving. We won, but it took a year of our lives.",
                "The worst part was feeling judged, like we were asking for something we did not deserve.",
                "Emails with no reply for six weeks. Then a reply that did not answer the question.",
                "Honestly, once we had a named person everything became easier. I just wish we had had one from the start.",
            ],
        },
        # One change.
        6: {
            "answer_rate": 0.5,
            "texts": [
                "A named person who calls you back.",
                "Being told the truth about how long it will take.",
                "A simple tracker showing which stage we are at.",
                "Warning before a deadline is missed, not after.",
                "One caseworker for the whole process.",
                "Replies to emails within a week.",
                "Plain English letters.",
                "Someone explaining what the panel decided and why.",
                "Support for my child while we waited, not just paperwork.",
                "A monthly update even if nothing had changed.",
                "Being included in writing the plan instead of just getting a draft.",
                "Knowing who to complain to and that it would be taken seriously.",
            ],
        },
        # About you.
        7: {"weights": [74, 13, 2, 7, 4]},
        8: {"weights": [36, 22, 15, 14, 8, 5]},
    },
}

CONSULTATIONS = [SEMH_AUTISM_PATHWAY, TRANSITION_TO_COLLEGE, EHC_KEEPING_INFORMED]
