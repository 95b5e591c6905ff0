"""Question blocks. Each question's id is the StreamField block's UUID, stable across edits and reordering."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

YES_NO_CHOICES = ["Yes", "No", "Not sure"]
RATING_CHOICES = ["1", "2", "3", "4", "5"]

# "About you" questions: fixed answer lists so results can be filtered and compared across consultations.
PROFILE_CHOICES: dict[str, tuple[str, list[str]]] = {
    "respondent_type": (
        "Who are you responding as?",
        ["Parent", "Carer", "Young person", "Professional", "Responding on someone's behalf"],
    ),
    "child_age": ("Age group of the child or young person", ["0 to 4", "5 to 10", "11 to 15", "16 to 18", "19 to 25"]),
    "need_type": (
        "Main type of need",
        [
            "Autism",
            "Social, emotional and mental health",
            "Speech, language and communication",
            "Learning difficulty",
            "Physical or sensory",
            "Other",
        ],
    ),
    "school_setting": (
        "School or setting",
        [
            "Mainstream school (SEN support)",
            "Mainstream school with an EHC plan",
            "Special school",
            "Alternative provision",
            "Not in school / educated at home",
            "College or further education",
        ],
    ),
    "area": (
        "Area of Northfield",
        ["North Northfield", "Central Northfield", "East Northfield", "South Northfield", "West Northfield"],
    ),
}

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000


class QuestionBlock(blocks.StructBlock):
    """Fields every question has. Subclasses set `kind` and, for closed questions, `choices_for`."""

    kind = ""
    question = blocks.CharBlock(max_length=250, help_text="The question, as respondents will read it.")
    help_text = blocks.CharBlock(required=False, max_length=500, help_text="Optional hint shown under the question.")
    required = blocks.BooleanBlock(required=False, default=False, help_text="Respondents must answer this question.")
    show_in_outcome = blocks.BooleanBlock(
        required=False, default=False, help_text='Show this question\'s figures in "You said, we did".'
    )

    def choices_for(self, value) -> list[str]:
        return []

    class Meta:
        template = "consultations/blocks/question_preview.html"


class ShortTextBlock(QuestionBlock):
    kind = "short_text"

    class Meta:
        icon = "pilcrow"
        help_text = f"A one-line answer (up to {SHORT_TEXT_MAX} characters)."


class LongTextBlock(QuestionBlock):
    kind = "long_text"

    class Meta:
        icon = "doc-full"
        help_text = f"A longer answer (up to {LONG_TEXT_MAX:,} characters)."


class SingleChoiceBlock(QuestionBlock):
    kind = "single_choice"
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=2, help_text="The options, one per line.")

    def choices_for(self, value) -> list[str]:
        return list(value["choices"])

    class Meta:
        icon = "radio-full"
        help_text = "Respondents pick one option."


def choice_limits_hint(min_choices: int | None, max_choices: int | None) -> str:
    """What a respondent is told about how many options to tick ("" when there is no limit)."""
    if min_choices and max_choices:
        return (
            f"Choose {max_choices}."
            if min_choices == max_choices
            else f"Choose between {min_choices} and {max_choices}."
        )
    if max_choices:
        return f"Choose up to {max_choices}."
    if min_choices:
        return f"Choose at least {min_choices}."
    return ""


class MultipleChoiceBlock(QuestionBlock):
    kind = "multiple_choice"
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=2, help_text="The options, one per line.")
    allow_other = blocks.BooleanBlock(
        required=False, default=False, help_text='Add "Other, please say" with a text box.'
    )
    min_choices = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text="Optional: the fewest options someone must tick if they answer. Leave blank for no minimum.",
    )
    max_choices = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text='Optional: the most options someone may tick ("Choose up to 3"). Leave blank for no limit.',
    )

    def choices_for(self, value) -> list[str]:
        return list(value["choices"]) + (["Other"] if value.get("allow_other") else [])

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("min_choices"), value.get("max_choices")
        offered = len(self.choices_for(value))
        errors = {}
        if high and high > offered:
            errors["max_choices"] = ValidationError(
                f"There are only {offered} options to choose from, so the most someone can tick is {offered}."
            )
        if low and low > offered:
            errors["min_choices"] = ValidationError(
                f"There are only {offered} options to choose from, so the fewest cannot be more than {offered}."
            )
        elif low and high and low > high:
            errors["min_choices"] = ValidationError(
                f"The fewest options ({low}) cannot be more than the most ({high})."
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "tasks"
        help_text = "Respondents tick any options that apply."


class RatingBlock(QuestionBlock):
    kind = "rating"
    low_label = blocks.CharBlock(max_length=60, default="Very poor", help_text="What 1 means.")
    high_label = blocks.CharBlock(max_length=60, default="Very good", help_text="What 5 means.")

    def choices_for(self, value) -> list[str]:
        return RATING_CHOICES

    class Meta:
        icon = "pick"
        help_text = "A rating from 1 to 5 with labels for each end."


class YesNoBlock(QuestionBlock):
    kind = "yes_no"

    def choices_for(self, value) -> list[str]:
        return YES_NO_CHOICES

    class Meta:
        icon = "circle-check"
        help_text = "Yes, no or not sure."


class AboutYouBlock(QuestionBlock):
    kind = "about_you"
    profile = blocks.ChoiceBlock(
        choices=[(key, label) for key, (label, _) in PROFILE_CHOICES.items()],
        help_text="Which 'about you' question. Results can be filtered and compared by it.",
    )

    def choices_for(self, value) -> list[str]:
        return PROFILE_CHOICES[value["profile"]][1]

    class Meta:
        icon = "user"
        help_text = "An 'about you' question with a fixed list of answers, used to filter results."


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="The heading of this part of the form.")
    intro = blocks.TextBlock(required=False, max_length=1000, help_text="Optional text shown under the heading.")

    class Meta:
        icon = "horizontalrule"
        template = "consultations/blocks/section_preview.html"
        help_text = "Starts a new part of the form (shown as a numbered step)."


class QuestionStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    rating = RatingBlock()
    yes_no = YesNoBlock()
    about_you = AboutYouBlock()

    class Meta:
        help_text = "The questions, in order. Each keeps its id when you edit or move it, so results stay linked."


class KeyDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="The document (PDF, Word...).")
    title = blocks.CharBlock(max_length=150, required=False, help_text="Link text; defaults to the document's title.")
    easy_read = blocks.BooleanBlock(required=False, default=False, help_text="This is the easy-read version.")

    class Meta:
        icon = "doc-full-inverse"
        template = "consultations/blocks/key_document.html"
        help_text = "A document respondents should read, such as the full proposal or an easy-read version."
