"""Checks run on every post before it is published: personal data, watch words, links from new members.

Pure functions on text: no database, no Django (bench/moderation_checks.py imports this without
settings). Each check returns Findings; a Finding says which check matched, a friendly label for
the author ("waiting for a moderator because it contains a phone number"), the matched text and
where it is, so a moderator can see it and redact exactly that span.

Every pattern is compiled once at import; watch rules are compiled into one pattern per rule set
(a trie, cached with functools.lru_cache). Each detector makes one pass over the text (dates of
birth: one pass for the birth words, then a short window around each). run_checks on a
10,000-character post with 50 watch rules takes about 1-2 ms (bench/moderation_checks.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

# Check names (Finding.check).
EMAIL = "email"
PHONE = "phone"
POSTCODE = "postcode"
NHS_NUMBER = "nhs_number"
UPN = "upn"
DATE_OF_BIRTH = "date_of_birth"
WATCH_WORD = "watch_word"
SAFEGUARDING = "safeguarding"
LINK = "link"

PERSONAL_DATA_CHECKS = frozenset({EMAIL, PHONE, POSTCODE, NHS_NUMBER, UPN, DATE_OF_BIRTH})

# What the author is told: "Your post is waiting for a moderator because it contains <label>."
LABELS: dict[str, str] = {
    EMAIL: "an email address",
    PHONE: "a phone number",
    POSTCODE: "a full postcode",
    NHS_NUMBER: "an NHS number",
    UPN: "a unique pupil number",
    DATE_OF_BIRTH: "a date of birth",
    WATCH_WORD: "a word on our watch list",
    SAFEGUARDING: "something our safeguarding lead needs to read",
    LINK: "a link (links from new members are checked first)",
}

# Watch rule actions.
BLOCK = "block"
APPROVE = "approve"
FLAG = "flag"
ACTIONS = (BLOCK, APPROVE, FLAG)


@dataclass(frozen=True)
class Finding:
    check: str  # one of the check names above
    label: str  # friendly phrase for the author, from LABELS
    matched: str  # the text that matched, for the moderator
    start: int  # text[start:end] == matched
    end: int
    action: str = ""  # watch findings only: the rule's action (block / approve / flag)
    safeguarding: bool = False  # watch findings only: the rule is on the safeguarding list


@dataclass(frozen=True)
class WatchRule:
    term: str  # a word or phrase; a trailing * matches any ending ("idiot*")
    action: str  # "block" | "approve" | "flag"
    safeguarding: bool = False

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {self.action!r}")


def _finding(check: str, text: str, start: int, end: int) -> Finding:
    return Finding(check, LABELS[check], text[start:end], start, end)


def _lower(text: str) -> str:
    """text.lower() with the same length, so that spans in it are spans in text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. "İ") lower-case to two
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    return lowered


# Speed: the regex engine skips quickly to positions whose character can start a match when the
# pattern starts with a literal or a character class. So each pattern starts with the character it
# is anchored on (a digit, "@", "0", "+", "h" or "w" of a link, the non-word character before a
# watch word), and a "must start a token" test is a look-behind placed after that first character:
# `X(?<!\w.)` means "X, not preceded by a word character". Case-insensitive detectors run on a
# lower-cased copy of the text.


# Email addresses: found from the "@" (then the local part is taken backwards from it).

_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_EMAIL_LOCAL_CHARS = frozenset("._%+-")


def _email_findings(text: str) -> list[Finding]:
    findings = []
    for match in _EMAIL_DOMAIN.finditer(text):
        start = match.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _EMAIL_LOCAL_CHARS):
            start -= 1
        if start < match.start():
            findings.append(_finding(EMAIL, text, start, match.end()))
    return findings


# UK phone numbers: 0 or +44 / 0044 (optionally "(0)"), then 1, 2, 3 or 7, then 8-9 more digits; one
# space, dot, dash or closing bracket between digits. The whole run of digit groups must be the
# number: a digit group directly before or after (a longer reference number) means it is not one.

_NOT_IN_NUMBER = r"(?<![\w+/.-].)(?<!\d[ .-].)"  # after the first character: what may not precede it
_PHONE = re.compile(
    rf"""
    (?: \+{_NOT_IN_NUMBER}44[ .-]?(?:\(0\)[ .-]?)?\(?
      | 0{_NOT_IN_NUMBER}044[ .-]?(?:\(0\)[ .-]?)?\(?
      | \({_NOT_IN_NUMBER}0
      | 0{_NOT_IN_NUMBER}
    )
    (?P<first>[1237])
    (?P<rest>(?:(?:\)\ ?|[ .-])?\d){{8,9}})
    (?![\w/]|[ .-]\d|\)\ ?\d)
    """,
    re.VERBOSE | re.ASCII,
)
_NON_DIGITS = re.compile(r"\D")


def _phone_findings(text: str) -> list[Finding]:
    findings = []
    for match in _PHONE.finditer(text):
        digits = match.group("first") + _NON_DIGITS.sub("", match.group("rest"))
        if len(digits) == 10 or (len(digits) == 9 and digits[0] == "1"):  # 07.., 02.., 03.. are 11 long
            findings.append(_finding(PHONE, text, match.start(), match.end()))
    return findings


# Full UK postcodes: outward code (area letters + district) and inward code (digit + two letters),
# space optional. Anchored on the district's digit; the area letters are read by a look-behind.
# The area must be a real postcode area, so "Y6 1ST" or "KS2 3RD" are not postcodes.

_POSTCODE_AREAS = frozenset(
    """AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN
    LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP
    SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".lower().split()
)
_POSTCODE = re.compile(
    r"\d(?:(?<=(?<![a-z0-9])(?P<area2>[a-z]{2})\d)|(?<=(?<![a-z0-9])(?P<area1>[a-z])\d))"
    r"[a-z0-9]? ?\d(?P<unit>[abd-hjlnp-uw-z]{2})(?![a-z0-9])"
)
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})  # "m6 4th" is not a postcode; "M6 4TH" is


def _postcode_findings(text: str, lowered: str) -> list[Finding]:
    findings = []
    for match in _POSTCODE.finditer(lowered):
        area = "area2" if match.group("area2") else "area1"
        unit = text[match.start("unit") : match.end("unit")]
        if match.group(area) in _POSTCODE_AREAS and not (unit.islower() and unit in _ORDINAL_SUFFIXES):
            findings.append(_finding(POSTCODE, text, match.start(area), match.end()))
    return findings


# NHS numbers: ten digits, optionally 3-3-4 with spaces or dashes, whose tenth digit is the
# modulus 11 check digit.

_NHS = re.compile(r"\d(?<![\w.-].)(?<!\d[ -].)\d{2}([ -]?)\d{3}\1\d{4}(?!\w|[ -]\d)", re.ASCII)


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS modulus 11 check: weights 10..2 on the first nine digits; 11 - remainder is the check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_findings(text: str) -> list[Finding]:
    return [
        _finding(NHS_NUMBER, text, match.start(), match.end())
        for match in _NHS.finditer(text)
        if nhs_number_is_valid(_NON_DIGITS.sub("", match.group()))
    ]


# Unique pupil numbers: a check letter, eleven digits, then a digit (or a letter in a temporary
# UPN). The DfE check letter: characters 2-13 weighted 2-13, summed, modulo 23, mapped onto
# UPN_LETTERS (no I, O or S); in a temporary UPN the last letter counts as its place in UPN_LETTERS.
# Anchored on the first digit; the check letter is read by a look-behind.

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"\d(?<=(?<![a-z0-9])(?P<letter>[a-z])\d)\d{10}[a-z0-9](?![a-z0-9])", re.ASCII)


def upn_check_letter(body: str) -> str | None:
    """The check letter for characters 2-13 of a UPN, or None if they are not a UPN's shape."""
    if len(body) != 12 or not body[:11].isdigit():
        return None
    last = body[11].upper()
    if last.isdigit():
        values = [int(char) for char in body]
    elif last in UPN_LETTERS:
        values = [int(char) for char in body[:11]] + [UPN_LETTERS.index(last)]
    else:
        return None
    total = sum(value * weight for value, weight in zip(values, range(2, 14), strict=False))
    return UPN_LETTERS[total % 23]


def upn_is_valid(upn: str) -> bool:
    return len(upn) == 13 and upn_check_letter(upn[1:]) == upn[0].upper()


def _upn_findings(text: str, lowered: str) -> list[Finding]:
    findings = []
    for match in _UPN.finditer(lowered):
        start = match.start("letter")
        if upn_is_valid(text[start : match.end()]):
            findings.append(_finding(UPN, text, start, match.end()))
    return findings


# Dates of birth: a date (12/03/2015, 2015-03-12, 3 March 2016, 3rd of March, March 3rd, 2016) a few
# words after "born", "DOB", "date of birth", "birthday" or "birth date", or just before one ("12/03/2015
# is her birthday"), in the same sentence. A date on its own ("the tribunal is on 12/03/2026") is not a
# date of birth. The birth words are found first; dates are only looked for around them.

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"""
    (?<![\w/.-])
    (?:
        \d{{1,2}}([/.-])\d{{1,2}}\1(?:\d{{4}}|\d{{2}})     # 12/03/2015, 12-03-15, 12.03.2015
      | \d{{4}}-\d{{1,2}}-\d{{1,2}}                        # 2015-03-12
      | {_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+\d{{4}})?      # 3 March 2016, 3rd of March
      | {_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?                 # March 3rd, 2016
    )
    (?![\w/]|[.-]\d)
    """,
    re.VERBOSE,
)
_BIRTH_WORD = re.compile(
    r"b(?<!\w.)(?:orn|irthdays?|irth\s?dates?)\b"
    r"|d(?<!\w.)(?:ate\s+of\s+birth\b|\.?\s?o\.?\s?b\b\.?)"
)
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
_DIGIT = re.compile(r"\d")
_WORD_TO_DATE = 40  # characters from a birth word to a date after it ("born in Norwich on 3 May 2016")
_DATE_TO_WORD = 12  # characters from a date to a birth word after it ("12/03/2015 is her birthday")
_LONGEST_DATE = 30  # longer than any date _DATE matches


def _date_of_birth_findings(text: str, lowered: str) -> list[Finding]:
    spans: dict[tuple[int, int], None] = {}  # a date can be near two birth words: report it once
    for word in _BIRTH_WORD.finditer(lowered):
        # the first date starting at most _WORD_TO_DATE characters after the word, in the same sentence
        end = word.end() + _WORD_TO_DATE + _LONGEST_DATE
        date = _DATE.search(lowered, word.end(), end) if _DIGIT.search(lowered, word.end(), end) else None
        if (
            date
            and date.start() - word.end() <= _WORD_TO_DATE
            and not _SENTENCE_BREAK.search(lowered, word.end(), date.start())
        ):
            spans[date.span()] = None
        # a date ending at most _DATE_TO_WORD characters before the word, in the same sentence
        start = max(0, word.start() - _DATE_TO_WORD - _LONGEST_DATE)
        if _DIGIT.search(lowered, start, word.start()):
            for date in _DATE.finditer(lowered, start, word.start()):
                if word.start() - date.end() <= _DATE_TO_WORD and not _SENTENCE_BREAK.search(
                    lowered, date.end(), word.start()
                ):
                    spans[date.span()] = None
    return [_finding(DATE_OF_BIRTH, text, start, end) for start, end in spans]


# Links: http(s) URLs and www. addresses, without trailing sentence punctuation.

_LINK = re.compile(r"h(?<![\w/.@-].)ttps?://[a-z0-9][^\s<>\"'()\[\]]*|w(?<![\w/.@-].)ww\.[a-z0-9][^\s<>\"'()\[\]]*")
_LINK_TRAILING = ".,:;!?"


# The detectors -----------------------------------------------------------------------------------


def personal_data_findings(text: str) -> list[Finding]:
    """Email addresses, UK phone numbers, full postcodes, NHS numbers, UPNs and dates of birth."""
    lowered = _lower(text)
    return (
        _email_findings(text)
        + _phone_findings(text)
        + _postcode_findings(text, lowered)
        + _nhs_findings(text)
        + _upn_findings(text, lowered)
        + _date_of_birth_findings(text, lowered)
    )


@dataclass(frozen=True)
class _CompiledRules:
    pattern: re.Pattern[str]
    exact: dict[str, WatchRule]  # normalised term -> rule
    prefixes: tuple[tuple[str, WatchRule], ...]  # longest first


def _normalise_term(term: str) -> str:
    return " ".join(term.lower().split())


def _term_atoms(term: str) -> list[str]:
    """A normalised term as regex pieces: one per character, \\s+ between words, \\w* for a trailing *."""
    prefix = term.endswith("*")
    atoms = []
    for index, word in enumerate(term.rstrip("*").split()):
        if index:
            atoms.append(r"\s+")
        atoms.extend(re.escape(char) for char in word)
    if prefix:
        atoms.append(r"\w*")
    return atoms


def _trie_pattern(node: dict) -> str:
    """A regex for all the terms in a trie of atoms, so each character is tried once per position."""
    branches = [atom + _trie_pattern(child) for atom, child in node.items() if atom is not None]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if None in node else body


@functools.lru_cache(maxsize=64)
def _compiled_rules(rules: tuple[WatchRule, ...]) -> _CompiledRules | None:
    """One pattern for a whole rule set, cached per rule set.

    For the same term a safeguarding rule wins, then block over approve over flag; an exact term
    wins over a prefix, and a longer prefix over a shorter one.
    """
    ordered = sorted(rules, key=lambda rule: (not rule.safeguarding, ACTIONS.index(rule.action)))
    exact: dict[str, WatchRule] = {}
    prefixes: dict[str, WatchRule] = {}
    trie: dict = {}
    for rule in ordered:
        term = _normalise_term(rule.term)
        if not term.rstrip("*").strip():
            continue
        if term.endswith("*"):
            prefixes.setdefault(term.rstrip("*").rstrip(), rule)
        else:
            exact.setdefault(term, rule)
        node = trie
        for atom in _term_atoms(term):
            node = node.setdefault(atom, {})
        node[None] = True
    if not trie:
        return None
    # Group 1 is the term. It must follow a non-word character (the text is searched with a space in
    # front), which lets the engine skip straight to word boundaries; and must end a word.
    pattern = re.compile(r"\W(" + _trie_pattern(trie) + r")(?!\w)")
    ordered_prefixes = tuple(sorted(prefixes.items(), key=lambda item: -len(item[0])))
    return _CompiledRules(pattern, exact, ordered_prefixes)


def _rule_for(compiled: _CompiledRules, matched: str) -> WatchRule:
    term = _normalise_term(matched)
    rule = compiled.exact.get(term)
    if rule is None:
        rule = next(rule for prefix, rule in compiled.prefixes if term.startswith(prefix))
    return rule


def watch_findings(text: str, rules: Sequence[WatchRule]) -> list[Finding]:
    """Whole-word, case-insensitive matches of the organisers' watch words (and safeguarding terms).

    A term may be a phrase (any whitespace between its words matches) and a trailing * matches any
    ending ("idiot*" matches "idiots"). Each finding carries the matching rule's action and
    whether it is a safeguarding term (check "safeguarding" instead of "watch_word").
    """
    compiled = _compiled_rules(tuple(rules))
    if compiled is None:
        return []
    findings = []
    rule_for: dict[str, WatchRule] = {}
    for match in compiled.pattern.finditer(" " + _lower(text)):
        term = match.group(1)
        rule = rule_for.get(term) or rule_for.setdefault(term, _rule_for(compiled, term))
        check = SAFEGUARDING if rule.safeguarding else WATCH_WORD
        start, end = match.start(1) - 1, match.end(1) - 1
        findings.append(Finding(check, LABELS[check], text[start:end], start, end, rule.action, rule.safeguarding))
    return findings


def link_findings(text: str) -> list[Finding]:
    """http(s) URLs and www. addresses (checked for members who are still new)."""
    findings = []
    for match in _LINK.finditer(_lower(text)):
        end = match.start() + len(match.group().rstrip(_LINK_TRAILING))
        findings.append(_finding(LINK, text, match.start(), end))
    return findings


def run_checks(text: str, *, rules: Sequence[WatchRule] = (), new_member: bool = False) -> list[Finding]:
    """Every check on one post, sorted by position. Links count only for new members."""
    findings = personal_data_findings(text) + watch_findings(text, rules)
    if new_member:
        findings += link_findings(text)
    findings.sort(key=lambda finding: (finding.start, finding.end, finding.check))
    return findings
