from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .models import Question


def question_detail(request, pk):
    question = get_object_or_404(Question.objects.filter(is_open=True), pk=pk)
    return TemplateResponse(request, "questions/question.html", {"question": question})
