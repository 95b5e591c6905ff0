"""Words for the demo tracker: the SEND review from seed 004 and an older, fully signed-off review.

Dates are offsets in days from today (negative is the past), so "overdue" stays true whenever the demo loads.
An update is (days from today, status, RAG, percent, narrative, revised target offset or None, slip reason).
"""

from __future__ import annotations

INDEX = {
    "title": "Recommendations tracker",
    "slug": "tracker",
    "intro": "Every recommendation of Northfield's scrutiny reviews of SEND services, the cabinet's response and how "
    "its implementation is going.",
}

CABINET_MEMBER = "Cabinet Member for Children and Families"
DIRECTOR = "Director of Children's Services"

SEND_REVIEW = {
    "title": "Special educational needs and disabilities (SEND): SEMH and autism",
    "slug": "send-semh-and-autism",
    "panel": "Children and Young People Scrutiny Panel",
    "scope": "Parents and carers told councillors of long waits and children out of school. Because SEND is a large "
    "and complex area, the panel looked mainly at social, emotional and mental health (SEMH) needs and autism: "
    "waits for diagnosis and treatment, exclusions of children at SEN support, the timeliness of EHC plans, "
    "and how parents are helped to get the support their children need. It also looked at co-production with "
    "parents and carers in designing and planning services.",
    "adopted_days": -300,
    "response_days": -245,
    "lead_cabinet_member": CABINET_MEMBER,
    "lead_director": DIRECTOR,
}

# (reference, title, text, themes, response, reasons, officer assigned?, lead officer, target offset, updates)
SEND_RECOMMENDATIONS = [
    (
        "1",
        "Publish waiting times for autism assessment",
        "The council and the NHS should publish, every quarter, how long children wait from referral to an autism "
        "diagnosis, and what support families can have while they wait.",
        ["Autism", "Health"],
        "agreed",
        "",
        True,
        "Head of SEND Services",
        -20,
        [
            (-200, "on_track", "green", 20, "Data-sharing agreement with the NHS trust signed.", None, ""),
            (
                -120,
                "at_risk",
                "amber",
                45,
                "First quarter's figures collected; the trust's system cannot yet split them by age.",
                None,
                "",
            ),
            (
                -40,
                "at_risk",
                "amber",
                60,
                "Figures for two quarters ready; publication waits for the trust's sign-off.",
                None,
                "",
            ),
        ],
    ),
    (
        "2",
        "Support for families waiting for an autism diagnosis",
        "Families should not have to wait for a diagnosis before they get help: the council should commission "
        "pre-diagnosis support, including a named contact and parent workshops.",
        ["Autism", "Early help"],
        "agreed",
        "",
        True,
        "Head of Early Help",
        -60,
        [
            (-210, "on_track", "green", 15, "Specification drafted with the parent carer forum.", None, ""),
            (
                -150,
                "slipped",
                "red",
                30,
                "The tender had no compliant bids.",
                45,
                "No compliant bids; re-tendering with a longer contract to attract providers.",
            ),
            (-30, "on_track", "amber", 70, "New provider appointed; workshops start next month.", None, ""),
        ],
    ),
    (
        "3",
        "An SEMH outreach team for mainstream schools",
        "The council should fund a specialist SEMH outreach team that advises mainstream schools and works with "
        "children at risk of exclusion.",
        ["SEMH", "Inclusion"],
        "agreed",
        "",
        False,
        "Head of Inclusion",
        25,
        [
            (-180, "on_track", "green", 30, "Team leader and two practitioners recruited.", None, ""),
            (-60, "on_track", "green", 75, "Outreach offered to 34 primary schools.", None, ""),
        ],
    ),
    (
        "4",
        "Reduce exclusions of children at SEN support",
        "Schools should be challenged and supported to reduce exclusions of children at SEN support, who are "
        "excluded far more often than their peers, and the council should report these figures to the panel.",
        ["Exclusions", "Inclusion"],
        "agreed",
        "",
        True,
        "Head of Inclusion",
        -45,
        [
            (
                -190,
                "on_track",
                "green",
                25,
                "Exclusion figures by SEN status now in the termly schools report.",
                None,
                "",
            ),
            (
                -100,
                "slipped",
                "red",
                40,
                "Fixed-term exclusions rose this term.",
                -10,
                "Two academy trusts have not yet shared their data.",
            ),
            (
                -15,
                "slipped",
                "red",
                50,
                "One trust has shared its data; the other has not.",
                20,
                "Still waiting for one academy trust; escalated to the regional director.",
            ),
        ],
    ),
    (
        "5",
        "EHC plans issued within 20 weeks",
        "The council should bring the share of EHC plans issued within the legal 20 weeks up to at least the "
        "national average, and publish the figure every month.",
        ["EHC plans"],
        "agreed",
        "",
        True,
        "Head of SEND Assessment",
        -30,
        [
            (-220, "on_track", "amber", 20, "Timeliness 38%. Two extra case officers recruited.", None, ""),
            (-130, "on_track", "green", 60, "Timeliness 55%; monthly figure now on the local offer.", None, ""),
            (
                -35,
                "completed",
                "green",
                100,
                "Timeliness 64% for the last six months, above the national average. The monthly figure is published.",
                None,
                "",
            ),
        ],
    ),
    (
        "6",
        "Co-production with the parent carer forum",
        "SEND services should be designed, planned and reviewed with parents and carers, through an active, "
        "borough-wide parent carer forum supported by the council.",
        ["Co-production"],
        "agreed",
        "",
        False,
        "Head of SEND Services",
        120,
        [
            (-230, "on_track", "green", 30, "AMAZE commissioned to build a borough-wide parent carer forum.", None, ""),
            (
                -90,
                "on_track",
                "green",
                60,
                "Co-production steering group meets every month; forum has 240 members.",
                None,
                "",
            ),
        ],
    ),
    (
        "7",
        "Clear information on the local offer",
        "The local offer should explain, in plain English and easy read, how to ask for an EHC needs assessment "
        "and what happens at each step.",
        ["Local offer", "EHC plans"],
        "agreed",
        "",
        False,
        "Local Offer Manager",
        -90,
        [
            (-200, "on_track", "green", 50, "Pages rewritten with parents.", None, ""),
            (-100, "completed", "green", 100, "New pages and easy-read guide published.", None, ""),
        ],
    ),
    (
        "8",
        "Training for school staff in autism and SEMH",
        "Every mainstream school should have staff trained in supporting autistic pupils and pupils with SEMH "
        "needs, with the council offering training free of charge.",
        ["Autism", "SEMH", "Inclusion"],
        "agreed",
        "",
        False,
        "Principal Educational Psychologist",
        15,
        [
            (-150, "on_track", "green", 40, "Training offered to every school; 41 have taken it up.", None, ""),
        ],
    ),
    (
        "9",
        "Inclusion in mainstream and alternative provision",
        "The council should enable pupils with SEN to stay in mainstream education, and review alternative "
        "provision so that it is used only when it is the right place for a child.",
        ["Alternative provision", "Inclusion", "Exclusions"],
        "partially_agreed",
        "The principles of this recommendation, which focus on inclusion, are agreed. A separate report on this "
        "cabinet agenda sets out plans for alternative provision, so the review of alternative provision will "
        "follow that report's timetable rather than the one proposed by the panel.",
        True,
        "Head of Inclusion",
        -5,
        [
            (-160, "on_track", "amber", 35, "Alternative provision review substantially complete.", None, ""),
            (
                -50,
                "at_risk",
                "amber",
                55,
                "Route map for alternative provision agreed; places still short for key stage 4.",
                None,
                "",
            ),
        ],
    ),
    (
        "10",
        "Transitions into adulthood",
        "Young people with SEND should have a transition plan from year 9 that is reviewed every year with them "
        "and their families.",
        ["Preparing for adulthood"],
        "agreed",
        "",
        False,
        "Head of 0-25 SEND",
        200,
        [],
    ),
    (
        "11",
        "A hardship fund for families waiting for assessment",
        "The council should set up a ring-fenced fund to pay for private assessments for families who have waited "
        "more than a year.",
        ["Autism", "Health"],
        "rejected",
        "Paying for private assessments would not shorten NHS waits and could let those who can navigate the "
        "system jump the queue. The council will instead fund pre-diagnosis support for every waiting family "
        "(recommendation 2).",
        False,
        "",
        None,
        [],
    ),
    (
        "12",
        "Educational psychologist capacity",
        "The council should seek funding to recruit more educational psychologists and reduce the waits for "
        "statutory advice, and engage with special schools and parent groups on how the service is used.",
        ["Educational psychology", "Co-production", "EHC plans"],
        "partially_agreed",
        "At the time of the review the service was short of educational psychologists. There is now a full "
        "complement, so there is no need to seek extra funding. Engagement with special schools and parent groups "
        "is agreed and continues.",
        False,
        "Principal Educational Psychologist",
        60,
        [
            (
                -120,
                "on_track",
                "green",
                50,
                "Full complement of educational psychologists; engagement sessions with three special schools held.",
                None,
                "",
            ),
            # Slipped to a date months away: the scrutiny dashboard still lists it (under "Slipped, target revised").
            (
                -10,
                "slipped",
                "amber",
                55,
                "Engagement with the last two special schools moved to the summer term.",
                150,
                "Both schools asked to meet after their inspections this spring.",
            ),
        ],
    ),
]

OLD_REVIEW = {
    "title": "Short breaks for disabled children",
    "slug": "short-breaks",
    "panel": "Children and Young People Scrutiny Panel",
    "scope": "How families of disabled children find, and get, short breaks: the eligibility criteria, waiting "
    "lists and the range of breaks on offer.",
    "adopted_days": -1100,
    "response_days": -1050,
    "lead_cabinet_member": CABINET_MEMBER,
    "lead_director": DIRECTOR,
}

OLD_RECOMMENDATIONS = [
    (
        "SR 22/23-01",
        "Publish the short breaks statement",
        "Publish a clear short breaks services statement.",
        ["Short breaks", "Local offer"],
        -800,
    ),
    (
        "SR 22/23-02",
        "Clear the waiting list for overnight breaks",
        "Clear the waiting list for overnight short breaks.",
        ["Short breaks"],
        -600,
    ),
    (
        "SR 22/23-03",
        "Holiday activities for disabled children",
        "Offer inclusive holiday activities in every area.",
        ["Short breaks", "Inclusion"],
        -500,
    ),
    (
        "SR 22/23-04",
        "Direct payments made simpler",
        "Make direct payments for short breaks simpler to set up and use.",
        ["Short breaks"],
        -450,
    ),
]
