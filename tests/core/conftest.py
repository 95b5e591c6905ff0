"""The cross-cutting tests here build consultations and the tracker with those apps' own fixtures."""

from tests.consultations.conftest import consultation, consultation_index, make_consultation  # noqa: F401 - fixtures
from tests.recommendations.conftest import make_recommendation, make_review, review, tracker_index  # noqa: F401 - fixtures
