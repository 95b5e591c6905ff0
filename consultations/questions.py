"""A flat, typed view of a consultation's question StreamField, shared by forms, results and exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import choice_limits_hint

CHOICE_KINDS = {"single_choice", "multiple_choice", "rating", "yes_no", "about_you"}
TEXT_KINDS = {"short_text", "long_text"}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    help_text: str
    required: bool
    choices: tuple[str, ...] = ()
    allow_other: bool = False
    low_label: str = ""
    high_label: str = ""
    profile: str = ""
    show_in_outcome: bool = False
    number: int = 0
    # Multiple choice only: how many options a respondent may tick (0: no limit).
    min_choices: int = 0
    max_choices: int = 0

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def is_profile(self) -> bool:
        return self.kind == "about_you"

    @property
    def limits_hint(self) -> str:
        return choice_limits_hint(self.min_choices, self.max_choices)

    @property
    def field_name(self) -> str:
        return f"q_{self.id}"

    @property
    def other_field_name(self) -> str:
        return f"q_{self.id}_other"


@dataclass
class Section:
    title: str
    intro: str = ""
    questions: list[Question] = field(default_factory=list)


def sections_from_stream(stream) -> list[Section]:
    """Group questions into sections (a form without section blocks has one untitled section)."""
    sections: list[Section] = []
    number = 0
    for child in stream:
        name, value, block = child.block_type, child.value, child.block
        if name == "section":
            sections.append(Section(title=value["title"], intro=value.get("intro") or ""))
            continue
        if not sections:
            sections.append(Section(title=""))
        number += 1
        choices = tuple(block.choices_for(value))
        sections[-1].questions.append(
            Question(
                id=str(child.id),
                kind=block.kind,
                text=value["question"],
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                choices=choices,
                allow_other=bool(value.get("allow_other")),
                low_label=value.get("low_label") or "",
                high_label=value.get("high_label") or "",
                profile=value.get("profile") or "",
                show_in_outcome=bool(value.get("show_in_outcome")),
                number=number,
                min_choices=value.get("min_choices") or 0,
                max_choices=value.get("max_choices") or 0,
            )
        )
    return [s for s in sections if s.questions or s.title]


def questions_from_stream(stream) -> list[Question]:
    return [q for s in sections_from_stream(stream) for q in s.questions]
