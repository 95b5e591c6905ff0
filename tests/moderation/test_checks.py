"""Checks before publishing: each detector's true and false positives, watch rules, and speed."""

from __future__ import annotations

import random

import pytest

from bench.moderation_checks import checks_timing, sample_post, sample_rules
from forum_site.moderation import checks
from forum_site.moderation.checks import (
    Finding,
    WatchRule,
    link_findings,
    personal_data_findings,
    run_checks,
    watch_findings,
)


def found(text: str, check: str) -> list[str]:
    return [finding.matched for finding in personal_data_findings(text) if finding.check == check]


# Independent implementations of the two check-digit algorithms, to generate test numbers.


def nhs_check_digit(nine: str) -> int | None:
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def valid_nhs_numbers(count: int, seed: int = 4) -> list[str]:
    rng = random.Random(seed)
    numbers = []
    while len(numbers) < count:
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        check = nhs_check_digit(nine)
        if check is not None:
            numbers.append(nine + str(check))
    return numbers


UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_with_check_letter(body: str) -> str:
    values = [UPN_ALPHABET.index(c) if c.isalpha() else int(c) for c in body]
    return UPN_ALPHABET[sum(v * w for v, w in zip(values, range(2, 14), strict=False)) % 23] + body


# Findings


def test_finding_is_the_matched_span_with_a_friendly_label():
    text = "Ring me on 07700 900123 please"
    [finding] = run_checks(text)
    assert finding == Finding("phone", "a phone number", "07700 900123", 11, 23)
    assert text[finding.start : finding.end] == finding.matched
    assert finding.action == "" and finding.safeguarding is False


def test_labels_for_every_check():
    assert {
        "email": "an email address",
        "phone": "a phone number",
        "postcode": "a full postcode",
        "nhs_number": "an NHS number",
        "upn": "a unique pupil number",
        "date_of_birth": "a date of birth",
        "watch_word": "a word on our watch list",
        "safeguarding": checks.LABELS["safeguarding"],
        "link": checks.LABELS["link"],
    } == checks.LABELS
    assert {"email", "phone", "postcode", "nhs_number", "upn", "date_of_birth"} == checks.PERSONAL_DATA_CHECKS


# Email addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jo.bloggs+forum@example.co.uk.", ["jo.bloggs+forum@example.co.uk"]),
        ("Contact: ME@Example.ORG, or sam_o'neil@x.org", ["ME@Example.ORG", "neil@x.org"]),
        ("(parent.carer@norfolk-forum.org.uk)", ["parent.carer@norfolk-forum.org.uk"]),
    ],
)
def test_email_addresses_found(text, expected):
    assert found(text, "email") == expected


@pytest.mark.parametrize(
    "text", ["follow @sendforum", "jo at example dot com", "jo@localhost", "@example.org", "a@b.c"]
)
def test_not_email_addresses(text):
    assert found(text, "email") == []


# Phone numbers


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "07700 900 123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "01603 123456",
        "(01603) 123456",
        "01603 123 456",
        "020 7946 0018",
        "0161 496 0000",
        "0161-496-0000",
        "0300 123 1234",
        "016977 4567",
    ],
)
def test_uk_phone_numbers_found(number):
    text = f"You can call me on {number}, evenings are best."
    [finding] = [f for f in personal_data_findings(text) if f.check == "phone"]
    assert finding.matched == number
    assert text[finding.start : finding.end] == number


@pytest.mark.parametrize(
    "text",
    [
        "In the 2019-2020 school year",
        "the letter dated 01/02/2020",
        "dated 01.02.2020 and 2024-03-12",
        "it took 20 weeks, then 104 weeks",
        "the meeting is at 10:30 or 07:30-08:30",
        "order number 0123456789012",
        "reference 0123 4567 8901 2345",
        "card ending 07700 900123 4567",
        "07700 90012 is too short for a mobile",
        "077009001234 is too long",
        "our freephone helpline 0800 123 4567",
        "version 0.7.1234567",
        "it cost £1,234.56 in total",
    ],
)
def test_not_phone_numbers(text):
    assert found(text, "phone") == []


# Postcodes


@pytest.mark.parametrize(
    "postcode",
    ["NR1 3QU", "SW1A 1AA", "sw1a1aa", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "M6 4TH", "nr13qu"],
)
def test_full_postcodes_found(postcode):
    assert found(f"We live near {postcode}, by the school.", "postcode") == [postcode]


@pytest.mark.parametrize(
    "text",
    [
        "We live in NR1, near the city centre",
        "She is in Y6 1ST set for maths",
        "KS2 3RD year",
        "at the m6 4th junction",
        "NR1 3QUX is not a postcode",
        "ZZ1 1AA is not a real area",
        "ABC1 2DE has too many letters",
        "NR1 3CI uses letters no postcode uses",
    ],
)
def test_not_full_postcodes(text):
    assert found(text, "postcode") == []


# NHS numbers


def test_well_known_valid_nhs_number_in_each_format():
    text = "NHS number 943 476 5919, or 9434765919, or 943-476-5919."
    assert found(text, "nhs_number") == ["943 476 5919", "9434765919", "943-476-5919"]


@pytest.mark.parametrize("number", valid_nhs_numbers(12))
def test_generated_valid_nhs_numbers_found(number):
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert found(f"His number is {number} ({spaced}).", "nhs_number") == [number, spaced]


@pytest.mark.parametrize("number", valid_nhs_numbers(12, seed=11))
def test_nhs_number_with_a_wrong_check_digit_is_not_found(number):
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    assert found(f"His number is {wrong}.", "nhs_number") == []


def test_nhs_number_whose_check_would_be_ten_is_never_valid():
    nine = next(n for n in (f"{i:09d}" for i in range(100_000, 200_000)) if nhs_check_digit(n) is None)
    for last in "0123456789":
        assert found(f"number {nine}{last}", "nhs_number") == []


@pytest.mark.parametrize(
    "text", ["1943 476 5919", "943 476 59190", "943 476-5919", "94347659190", "943.476.5919 version"]
)
def test_nhs_number_inside_other_numbers_or_mixed_separators_is_not_found(text):
    assert found(text, "nhs_number") == []


def test_nhs_number_is_valid_function():
    assert checks.nhs_number_is_valid("9434765919")
    assert not checks.nhs_number_is_valid("9434765918")
    assert not checks.nhs_number_is_valid("943476591")
    assert not checks.nhs_number_is_valid("94347659x9")


# Unique pupil numbers


@pytest.mark.parametrize("upn", ["A938201201001", "K201301234567", "E82020010100A", "a938201201001"])
def test_known_valid_upns_found(upn):
    assert found(f"Her UPN is {upn}.", "upn") == [upn]


@pytest.mark.parametrize("seed", range(8))
def test_generated_valid_upns_found_and_a_wrong_letter_is_not(seed):
    rng = random.Random(seed)
    body = "".join(rng.choice("0123456789") for _ in range(12))
    upn = upn_with_check_letter(body)
    assert found(f"UPN {upn}", "upn") == [upn]
    wrong = UPN_ALPHABET[(UPN_ALPHABET.index(upn[0]) + 1) % 23] + body
    assert found(f"UPN {wrong}", "upn") == []


@pytest.mark.parametrize(
    "text", ["B938201201001", "A93820120100", "A9382012010012", "XA938201201001", "A938201201001X", "A93820 1201001"]
)
def test_not_upns(text):
    assert found(text, "upn") == []


# Dates of birth


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 12/03/2015", "12/03/2015"),
        ("D.O.B: 12.03.15", "12.03.15"),
        ("date of birth: 2015-03-12", "2015-03-12"),
        ("He was born on 3 March 2016 in Norwich", "3 March 2016"),
        ("She was born in Norwich on 3rd of March 2016", "3rd of March 2016"),
        ("his birthday is March 3rd, so soon", "March 3rd"),
        ("12/03/2015 is her birthday", "12/03/2015"),
        ("Birth date 3 Mar. 2016", "3 Mar. 2016"),
        ("BORN 3 MARCH 2016", "3 MARCH 2016"),
    ],
)
def test_dates_of_birth_found(text, date):
    assert found(text, "date_of_birth") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "the tribunal is on 12/03/2026",
        "He was born early. The tribunal is on 12/03/2026.",
        "He is stubborn since 12/03/2015",
        "born in 2015, diagnosed in March 2019",
        "her birthday party is next week",
        "The review on 3 March 2026 went badly; his birthday is in May",
        "We applied on 12/03/2015 and the plan was finally issued, a long wait for his birthday",
    ],
)
def test_dates_that_are_not_dates_of_birth(text):
    assert found(text, "date_of_birth") == []


# Watch rules


RULES = (
    WatchRule("idiot*", "flag"),
    WatchRule("ass", "block"),
    WatchRule("useless council", "approve"),
    WatchRule("kill", "flag"),
    WatchRule("kill myself", "approve", safeguarding=True),
    WatchRule("scum", "flag"),
    WatchRule("scum", "block"),
    WatchRule("Café", "flag"),
)


def watched(text: str, rules=RULES) -> list[tuple[str, str, str, bool]]:
    return [(f.check, f.matched, f.action, f.safeguarding) for f in watch_findings(text, rules)]


def test_watch_word_found_with_its_rule():
    assert watched("what an ass") == [("watch_word", "ass", "block", False)]


def test_watch_words_are_whole_words_only():
    assert watched("a class act, some glass, assess the passage") == []


def test_watch_words_ignore_case_and_sit_beside_punctuation():
    assert watched('ASS! (Ass) "ass"') == [("watch_word", w, "block", False) for w in ["ASS", "Ass", "ass"]]


def test_prefix_rule_matches_any_ending_but_not_inside_a_word():
    assert [m for _, m, _, _ in watched("Idiots, idiotic, IDIOT, semi-idiot; anidiot")] == [
        "Idiots",
        "idiotic",
        "IDIOT",
        "idiot",
    ]


def test_phrase_matches_across_any_whitespace():
    assert watched("the USELESS\n  council again") == [("watch_word", "USELESS\n  council", "approve", False)]
    assert watched("useless, council") == []


def test_safeguarding_phrase_wins_over_a_word_inside_it():
    assert watched("I want to kill myself") == [("safeguarding", "kill myself", "approve", True)]
    assert watched("kill the noise") == [("watch_word", "kill", "flag", False)]


def test_same_term_in_two_rules_takes_the_strictest_action():
    assert watched("scum") == [("watch_word", "scum", "block", False)]


def test_watch_words_at_the_start_and_end_of_the_text_and_unicode():
    assert [m for _, m, _, _ in watched("ass and café")] == ["ass", "café"]
    assert watched("cafés") == []


def test_watch_finding_positions():
    text = "Well, idiots."
    [finding] = watch_findings(text, RULES)
    assert (finding.start, finding.end) == (6, 12)
    assert text[finding.start : finding.end] == "idiots"
    assert finding.label == "a word on our watch list"


def test_no_rules_or_blank_terms_find_nothing():
    assert watch_findings("ass", ()) == []
    assert watch_findings("ass *", [WatchRule("  ", "flag"), WatchRule("*", "flag")]) == []


def test_rule_with_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        WatchRule("ass", "delete")


def test_terms_with_regex_characters_are_literal():
    rules = [WatchRule("a.b", "flag"), WatchRule("(x)", "flag")]
    assert watched("a.b axb", rules) == [("watch_word", "a.b", "flag", False)]


def test_compiled_rules_are_cached_per_rule_set():
    checks._compiled_rules.cache_clear()
    watch_findings("one", list(RULES))
    watch_findings("two", list(RULES))
    info = checks._compiled_rules.cache_info()
    assert (info.misses, info.hits) == (1, 1)


# Links


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://example.org/x?a=1&b=2.", ["https://example.org/x?a=1&b=2"]),
        ("HTTP://EXAMPLE.ORG and www.ipsea.org.uk!", ["HTTP://EXAMPLE.ORG", "www.ipsea.org.uk"]),
        ("[the guide](https://www.gov.uk/send)", ["https://www.gov.uk/send"]),
    ],
)
def test_links_found(text, expected):
    assert [f.matched for f in link_findings(text)] == expected


@pytest.mark.parametrize("text", ["example.org", "awww.example.org", "jo@www.example.org", "ftp://example.org", "www."])
def test_not_links(text):
    assert link_findings(text) == []


# run_checks


def test_run_checks_sorted_by_position_with_links_only_for_new_members():
    text = "See www.example.org or ring 07700 900123, you idiot. Email a@example.org"
    rules = [WatchRule("idiot", "flag")]
    assert [f.check for f in run_checks(text, rules=rules)] == ["phone", "watch_word", "email"]
    assert [f.check for f in run_checks(text, rules=rules, new_member=True)] == ["link", "phone", "watch_word", "email"]


def test_run_checks_on_ordinary_text_finds_nothing():
    text = (
        "We waited 26 weeks in 2019-2020 for the EHC needs assessment. The annual review is on "
        "12/03/2026 at 10:30 in room 101. Our case officer changed three times; Year 6 was hard."
    )
    assert run_checks(text, rules=sample_rules()) == []


def test_run_checks_on_the_long_sample_post_finds_every_kind_at_the_right_spans():
    text = sample_post()
    findings = run_checks(text, rules=sample_rules(), new_member=True)
    assert {f.check for f in findings} >= {"email", "phone", "postcode", "date_of_birth", "watch_word", "link"}
    assert all(text[f.start : f.end] == f.matched for f in findings)
    assert [f.start for f in findings] == sorted(f.start for f in findings)


# Speed


def test_checks_on_a_10000_character_post_are_fast():
    assert len(sample_post()) == 10_000
    assert len(sample_rules()) == 50
    # The machine may be busy with other work for a moment: up to three rounds of 50 runs, and the
    # best round's median must meet the target.
    medians = []
    for _ in range(3):
        median_ms, p95_ms = checks_timing(runs=50)
        print(f"personal-data and watch-list checks, 10,000-char post: median {median_ms:.2f} ms, p95 {p95_ms:.2f} ms")
        medians.append(median_ms)
        if median_ms <= 5.0:
            break
    assert min(medians) <= 5.0
