"""Demo content for the home page, the standard pages and the footer.

Pure data: no Django, no Wagtail. A seeding command turns these into pages.

Everything here is fictional: Northfield, its council, the forum, names, phone
numbers (from Ofcom's drama range, 020 7946 0xxx), email addresses (the reserved
.example domain) and the charity number.

Blocks are ``(block_type, value)`` tuples:

* ``("heading", "Plain text")`` - rendered as an h2
* ``("paragraph", "<p>Rich text</p>")`` - HTML limited to p, a, b, i, ul, ol, li
* ``("callout", {"title": "Plain text", "text": "<p>Rich text</p>"})`` - a highlighted
  box

Links point only to relative site paths or mailto: addresses.
"""

from __future__ import annotations

SITE_NAME = "Northfield Parent Carer Forum"

FOOTER_TEXT = (
    "This site is run by Northfield Parent Carer Forum, an independent group of parent "
    "carer volunteers who work with Northfield Borough Council's SEND service. "
    "Registered charity number 9999999 (a fictional charity for this demonstration "
    "site)."
)

# ---------------------------------------------------------------------------
# Home page
# ---------------------------------------------------------------------------

HOME = {
    "title": "Northfield Parent Carer Forum",
    "intro": (
        "We are parents and carers of children and young people with special "
        "educational needs and disabilities (SEND) in Northfield. We work with the "
        "council to make SEND services better, and this site is where you can have "
        "your say."
    ),
    "body": [
        ("heading", "What we do"),
        (
            "paragraph",
            "<p>We work with Northfield Borough Council's SEND service on "
            "<b>co-production</b>. That means parents, carers and the council design "
            "services together, instead of the council deciding and then telling "
            "families.</p>"
            "<p>On this site you can:</p>"
            "<ul>"
            "<li><b>Answer consultations.</b> When the council wants to change a "
            "service, it asks for your views here. After each one closes, we publish "
            "what people said and what the council will do about it.</li>"
            "<li><b>Talk to other parents and carers</b> in our forum. Forum "
            "organisers moderate it, so it stays kind, safe and useful.</li>"
            "<li><b>Follow the scrutiny panel's recommendations.</b> See what the "
            "council agreed to do after its Children and Young People Scrutiny Panel "
            "looked at SEND, and how each change is going.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "title": "Join the forum",
                "text": (
                    "<p>Joining is free. You do not need to use your real name: choose "
                    'any display name you like, such as "Mum of two in Eastfield". '
                    "We only need an email address so you can sign in.</p>"
                    '<p><a href="/accounts/signup/">Sign up to the forum</a> or read '
                    'our <a href="/privacy/">privacy notice</a> to see how we look '
                    "after your information.</p>"
                ),
            },
        ),
        ("heading", "Why it matters"),
        (
            "paragraph",
            "<p>The law says the council should finish an Education, Health and Care "
            "(EHC) plan within <b>20 weeks</b> of a request. Many families wait much "
            "longer than that. While they wait, children can miss out on the help they "
            "need at school, and some are excluded before support is in place.</p>"
            "<p>When the scrutiny panel reviewed SEND, it looked most closely at "
            "children with social, emotional and mental health (SEMH) needs and "
            "autistic children. Parents told the panel about long waits for diagnosis, "
            "and how hard it is to get support. Your experiences can help change that, "
            "so please share them.</p>",
        ),
        (
            "paragraph",
            '<p>Want to know more? Read <a href="/about/">about the forum</a> or '
            '<a href="/contact/">get in touch</a>.</p>',
        ),
    ],
}

# ---------------------------------------------------------------------------
# Standard pages
# ---------------------------------------------------------------------------

ABOUT = {
    "slug": "about",
    "title": "About the forum",
    "intro": (
        "Northfield Parent Carer Forum brings together parents and carers of children "
        "and young people with SEND to help shape local services."
    ),
    "body": [
        ("heading", "How the forum started"),
        (
            "paragraph",
            "<p>Parents and carers in Northfield had been worried for a long time "
            "about support for children with SEND. So the council's Children and Young "
            "People Scrutiny Panel carried out a review of SEND. Because SEND is such "
            "a big area, the panel focused on children with social, emotional and "
            "mental health (SEMH) needs and autistic children.</p>"
            "<p>Many parents gave evidence. The panel made recommendations about long "
            "waits for diagnosis and treatment, exclusions of children at the SEN "
            "support stage, delays in getting EHC plans, and helping parents find the "
            "support their children need. It also said the council should design "
            "services <i>with</i> parents and carers.</p>"
            "<p>The council's cabinet agreed to that. Using national funding for "
            "parent carer forums, topped up by the council, it commissioned outreach "
            "work to build an active, borough-wide forum. That is how we began.</p>",
        ),
        ("heading", "What co-production means"),
        (
            "paragraph",
            "<p>Co-production means parents, carers and professionals working as equal "
            "partners. We are involved from the start, not just asked for comments at "
            "the end. In practice it means:</p>"
            "<ul>"
            "<li>parent carer representatives sit on the council's SEND co-production "
            "steering group;</li>"
            "<li>the council consults families on this site before it changes a "
            "service;</li>"
            '<li>after each consultation, we publish "You said, we did", so you can '
            "see what changed because of your views;</li>"
            "<li>anyone can follow how the council is getting on with the scrutiny "
            "panel's recommendations.</li>"
            "</ul>",
        ),
        ("heading", "Who can join"),
        (
            "paragraph",
            "<p>Any parent or carer of a child or young person aged 0 to 25 with "
            "special educational needs or a disability who lives in Northfield, or "
            "goes to school or college here, can join. You do not need a diagnosis or "
            "an EHC plan. Grandparents, foster carers and kinship carers are very "
            "welcome.</p>"
            '<p>You can <a href="/accounts/signup/">sign up</a> with a pseudonym. '
            "You never have to tell us your real name or your child's name.</p>",
        ),
        ("heading", "How the forum is run"),
        (
            "paragraph",
            "<p>A steering group of volunteer parents and carers runs the forum. They "
            "are elected by members each year. Forum organisers, who are also "
            "volunteers, moderate the discussion boards, look after consultations and "
            "write up the results.</p>"
            "<p>Organisers check posts so the forum stays safe and respectful. They "
            "may hold back a post that names a child, a school or a member of staff, "
            "and they will tell you why. We do not remove posts just because they "
            "criticise the council.</p>",
        ),
        (
            "callout",
            {
                "title": "We are independent of the council",
                "text": (
                    "<p>The council helps fund the forum, but it does not run it or "
                    "tell us what to say. Council officers cannot see who said what in "
                    "a consultation. They see the same anonymised results that "
                    "everyone else sees.</p>"
                    '<p>Questions? <a href="/contact/">Contact the forum</a>.</p>'
                ),
            },
        ),
    ],
}

PRIVACY = {
    "slug": "privacy",
    "title": "Privacy notice",
    "intro": (
        "This notice explains what personal information we collect, why we need it, "
        "who can see it and what your rights are."
    ),
    "body": [
        (
            "paragraph",
            "<p><b>Version 1.0, last updated 23 November 2026.</b></p>"
            "<p>Northfield Parent Carer Forum (registered charity number 9999999) is "
            "the <b>controller</b> of the personal information on this site. This "
            "means we decide how it is used and we are responsible for keeping it safe "
            "under the UK General Data Protection Regulation (UK GDPR) and the Data "
            "Protection Act 2018.</p>"
            "<p>Northfield Borough Council does not control this site and cannot see "
            "your account. If you contact the council directly, the council's own "
            "privacy notice applies.</p>",
        ),
        ("heading", "What we collect and why"),
        (
            "paragraph",
            "<ul>"
            "<li><b>Your email address</b>, so you can sign in, reset your password "
            "and get messages you have asked for, such as replies to your posts.</li>"
            "<li><b>Your display name.</b> This can be a pseudonym. You do not have to "
            "give your real name.</li>"
            "<li><b>Your consultation answers</b>, so the council can hear what "
            "families think about its SEND services.</li>"
            "<li><b>Your forum posts, replies and comments</b>, and any reports you "
            "make about other posts.</li>"
            "<li><b>Security records</b>, such as when you signed in and the internet "
            "address (IP address) you used, to protect the site from misuse.</li>"
            "</ul>"
            "<p>Our lawful basis for your account, answers and posts is your "
            "<b>consent</b> (UK GDPR Article 6(1)(a)). You give it when you sign up or "
            "submit a response, and you can take it back at any time. For security "
            "records, our lawful basis is our <b>legitimate interest</b> in keeping "
            "the site and its members safe (Article 6(1)(f)).</p>",
        ),
        (
            "callout",
            {
                "title": "Information about your child",
                "text": (
                    "<p>When you tell us about your child's needs, disability or "
                    "health, that is <b>special category data</b>. The law gives it "
                    "extra protection. We only use it with your <b>explicit "
                    "consent</b> (UK GDPR Article 9(2)(a)), which we ask for clearly "
                    "before you submit a response.</p>"
                    "<p>Please share only what you are happy to share. You can skip "
                    "any question you do not want to answer. Never put your child's "
                    "name, school or date of birth in a forum post: forum organisers "
                    "will hold back posts that do.</p>"
                ),
            },
        ),
        ("heading", "Who can see your information"),
        (
            "paragraph",
            "<ul>"
            "<li><b>Forum organisers and site admins</b> are the only people who can "
            "see individual consultation responses. They need to so they can check and "
            "analyse them.</li>"
            "<li><b>Scrutiny panel members and council officers</b> only see results "
            "once they are published and anonymised. They never see your name, email "
            "address or which answers are yours.</li>"
            "<li>In published results, any number smaller than 5 is shown as "
            '<b>"fewer than 5"</b>, so that nobody can be picked out.</li>'
            "<li><b>Forum posts</b> are meant to be read by others. Once a post is "
            "published, anyone visiting the site can see it with your display "
            "name.</li>"
            "<li>Our hosting and email providers store and send data for us. They may "
            "only use it on our instructions, under a written contract, and the data "
            "is kept in the UK.</li>"
            "</ul>"
            "<p>We never sell your information or use it for advertising. We only "
            "share it with anyone else if the law requires it, for example to protect "
            "a child from harm.</p>",
        ),
        ("heading", "How long we keep it"),
        (
            "paragraph",
            "<ul>"
            "<li><b>Your account</b>: until you delete it. If you do not sign in for "
            "two years, we will email you, and delete the account if you do not reply "
            "within 30 days.</li>"
            "<li><b>Consultation answers</b>: linked to your account for up to 12 "
            "months after the consultation closes. After that we remove the link to "
            "you and keep only the anonymous answers.</li>"
            "<li><b>Anonymous responses</b>: these are never linked to you. This also "
            "means we cannot find them to delete them later.</li>"
            "<li><b>Forum posts</b>: until you delete them or your account.</li>"
            "<li><b>Moderation records</b>: two years. <b>Security records</b>: 90 "
            "days.</li>"
            "<li><b>Backups</b>: deleted information disappears from our backups "
            "within 35 days.</li>"
            "</ul>",
        ),
        ("heading", "Your rights"),
        (
            "paragraph",
            "<ul>"
            "<li><b>See your data (right of access).</b> Go to My account and choose "
            "to download your data. You will get a copy of everything linked to your "
            "account in a file a computer can read.</li>"
            "<li><b>Correct your data.</b> You can change your display name and email "
            "address in My account at any time.</li>"
            "<li><b>Delete your data (right to erasure).</b> Go to My account and "
            "delete your account. Your email address and display name are removed. "
            'Your forum posts will then show as from <b>"a former member"</b>. Your '
            "consultation answers stay in the results, but they are no longer linked "
            "to you in any way.</li>"
            "<li><b>Withdraw your consent</b>, <b>object</b> to how we use your data, "
            "or ask us to <b>restrict</b> it. Email us and we will stop.</li>"
            "</ul>"
            "<p>If you would rather not use My account, email our data protection lead "
            "instead. We will reply within one month.</p>",
        ),
        (
            "callout",
            {
                "title": "Cookies",
                "text": (
                    "<p>We only use cookies that are strictly necessary for the site "
                    "to work: one that keeps you signed in, and security cookies that "
                    "stop other websites from sending forms in your name. They do not "
                    "track you.</p>"
                    "<p>We do not use analytics or advertising cookies, so we do not "
                    "need to ask you to accept cookies.</p>"
                ),
            },
        ),
        (
            "callout",
            {
                "title": "Questions and complaints",
                "text": (
                    "<p>Contact our data protection lead at "
                    '<a href="mailto:dpo@northfield-pcf.example">'
                    "dpo@northfield-pcf.example</a>. "
                    'For anything else, see our <a href="/contact/">contact '
                    "page</a>.</p>"
                    "<p>If you are unhappy with how we have used your information, you "
                    "have the right to complain to the Information Commissioner's "
                    "Office (ICO), the UK's data protection regulator. We would like "
                    "the chance to put things right first, so please talk to us "
                    "too.</p>"
                ),
            },
        ),
    ],
}

ACCESSIBILITY = {
    "slug": "accessibility",
    "title": "Accessibility statement",
    "intro": (
        "This statement explains how accessible this website is, what to do if you "
        "have a problem, and how to get information in a different format."
    ),
    "body": [
        (
            "paragraph",
            "<p>This accessibility statement applies to the Northfield Parent Carer "
            "Forum website. The website is run by Northfield Parent Carer Forum. We "
            "want as many people as possible to be able to use it. For example, you "
            "should be able to:</p>"
            "<ul>"
            "<li>change colours, contrast levels and fonts using your browser or "
            "device settings;</li>"
            "<li>zoom in up to 400% without the text spilling off the screen;</li>"
            "<li>use the whole website with just a keyboard;</li>"
            "<li>use the website with speech recognition software;</li>"
            "<li>listen to the website using a screen reader;</li>"
            "<li>sign up, answer consultations and post in the forum without "
            "JavaScript.</li>"
            "</ul>"
            "<p>We have also made the text as simple as we can to understand.</p>",
        ),
        ("heading", "How accessible this website is"),
        (
            "paragraph",
            "<p>We know some parts of this website are not fully accessible:</p>"
            "<ul>"
            "<li>some PDF documents published by the council, such as committee "
            "reports, may not work well with screen readers or may not reflow when you "
            "zoom in;</li>"
            "<li>forum posts are written by members, so some may have unclear link "
            "text or long paragraphs.</li>"
            "</ul>",
        ),
        ("heading", "Getting information in a different format"),
        (
            "paragraph",
            "<p>If you need information on this website in a different format, such as "
            "<b>easy read</b>, <b>large print</b>, an audio recording or braille, "
            "please ask us:</p>"
            "<ul>"
            "<li>email "
            '<a href="mailto:hello@northfield-pcf.example">'
            "hello@northfield-pcf.example</a></li>"
            "<li>call 020 7946 0418 (Monday, Wednesday and Thursday, 10am to 2pm)</li>"
            "<li>if you are deaf or hard of hearing, you can call us using Relay UK: "
            "dial 18001 then 020 7946 0418</li>"
            "</ul>"
            "<p>We will think about your request and get back to you within 10 working "
            "days. You can also answer any consultation by email or phone instead of "
            "using the online form.</p>",
        ),
        (
            "callout",
            {
                "title": "Reporting accessibility problems with this website",
                "text": (
                    "<p>We are always looking to improve the accessibility of this "
                    "website. If you find a problem that is not listed on this page, "
                    "or you think we are not meeting accessibility requirements, "
                    'please <a href="/contact/">contact us</a> or email '
                    '<a href="mailto:hello@northfield-pcf.example">'
                    "hello@northfield-pcf.example</a>. "
                    "Tell us the page and what went wrong.</p>"
                ),
            },
        ),
        ("heading", "Enforcement procedure"),
        (
            "paragraph",
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for "
            "enforcing the Public Sector Bodies (Websites and Mobile Applications) "
            '(No. 2) Accessibility Regulations 2018 (the "accessibility '
            'regulations"). If you are not happy with how we respond to your '
            "complaint, contact the Equality Advisory and Support Service (EASS).</p>",
        ),
        ("heading", "Technical information about this website's accessibility"),
        (
            "paragraph",
            "<p>We are a charity, not a public body, but we work closely with the "
            "council, so we have chosen to follow the accessibility regulations "
            "too.</p>"
            "<p><b>Compliance status.</b> This website is partially compliant with the "
            "Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard, "
            "because of the non-compliances listed below.</p>"
            "<p><b>Non-accessible content.</b> Some PDF documents uploaded by the "
            "council may not have proper headings, text descriptions for images or a "
            "correct reading order. This fails WCAG 2.2 success criteria 1.1.1 "
            "(non-text content) and 1.3.1 (info and relationships). We ask the council "
            "for an accessible version of every document. Where there is one, we link "
            "to it; if not, we will send you the information in another format.</p>",
        ),
        ("heading", "How we tested this website"),
        (
            "paragraph",
            "<p>Every page is checked automatically with <b>axe-core</b>, an "
            "accessibility testing tool, each time our test suite runs. This happens "
            "whenever the website's code changes. We also test by hand with a keyboard "
            "only, checking that you can reach and use every link, button and form "
            "field, and that you can always see where you are on the page.</p>"
            "<p>We have not yet had a full independent audit. We plan to have one, and "
            "to test with disabled parents and carers, during 2027.</p>"
            "<p>This statement was prepared on 23 November 2026. This website was last "
            "tested on 23 November 2026.</p>",
        ),
    ],
}

CONTACT = {
    "slug": "contact",
    "title": "Contact us",
    "intro": (
        "Get in touch with the forum by email or phone. We are a small team of "
        "volunteers, and we will get back to you as soon as we can."
    ),
    "body": [
        ("heading", "How to contact us"),
        (
            "paragraph",
            "<ul>"
            "<li><b>Email:</b> "
            '<a href="mailto:hello@northfield-pcf.example">'
            "hello@northfield-pcf.example</a></li>"
            "<li><b>Phone:</b> 020 7946 0418</li>"
            "<li><b>Text relay:</b> dial 18001 then 020 7946 0418</li>"
            "</ul>"
            "<p>Our phone line is open on <b>Monday, Wednesday and Thursday, 10am to "
            "2pm</b>, during school term time. At other times, leave a message and we "
            "will call you back. We aim to reply to emails within 3 working days.</p>",
        ),
        (
            "callout",
            {
                "title": "If you are worried about a child's safety",
                "text": (
                    "<p>If a child is in immediate danger, <b>call 999</b>.</p>"
                    "<p>If you are worried that a child is being harmed or is at risk, "
                    "contact Northfield Borough Council's Children's Services front "
                    "door on <b>020 7946 0732</b> (Monday to Friday, 9am to 5pm). "
                    "Outside these hours, call the emergency duty team on <b>020 7946 "
                    "0733</b>.</p>"
                    "<p>Please do not use the forum or our email to report a "
                    "safeguarding concern. We do not check messages every day.</p>"
                ),
            },
        ),
        ("heading", "We are volunteers, not the council"),
        (
            "paragraph",
            "<p>Forum organisers are parent and carer volunteers. We are not council "
            "staff, and we cannot make decisions about your child's support, EHC plan "
            "or school place. We cannot give legal advice.</p>"
            "<p>We can listen, point you to the right place and make sure families' "
            "views reach the council. For help with your own child's case:</p>"
            "<ul>"
            "<li>contact Northfield Borough Council's SEND service on 020 7946 "
            "0590;</li>"
            "<li>for free, impartial advice, contact Northfield SEND Information, "
            "Advice and Support Service (SENDIASS) on 020 7946 0655;</li>"
            "<li>to complain about a council service, use the council's own complaints "
            "procedure.</li>"
            "</ul>",
        ),
        ("heading", "Other questions"),
        (
            "paragraph",
            "<p>For questions about your personal data, email our data protection lead "
            "at "
            '<a href="mailto:dpo@northfield-pcf.example">'
            "dpo@northfield-pcf.example</a> "
            'or read our <a href="/privacy/">privacy notice</a>.</p>'
            "<p>If you need information in another format, such as easy read or large "
            'print, see our <a href="/accessibility/">accessibility '
            "statement</a>.</p>"
            "<p>If you are unhappy with something a forum organiser has done, email us "
            "and ask for your message to go to the chair of the steering group.</p>",
        ),
    ],
}

STANDARD_PAGES = [ABOUT, PRIVACY, ACCESSIBILITY, CONTACT]
