from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from forum_site.core.cache import cached_for_visitors

from .models import Question
from .owners import QUESTIONS


@cached_for_visitors(areas=(QUESTIONS.cache_area,), seconds=300)
def question_detail(request, pk):
    question = get_object_or_404(Question.objects.filter(is_open=True), pk=pk)
    return TemplateResponse(request, "questions/question.html", {"question": question})
