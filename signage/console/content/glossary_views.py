"""« Sigles »: the abbreviations the forms advise writing in full once (issue 29), the
project's and those the admins add, one a line (« PMI : Protection maternelle et
infantile »)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from signage.console.content.models import Abbreviation
from signage.console.content.readability import GLOSSARY
from signage.console.people.roles import admin_required

_LINE = re.compile(r"^\s*([A-ZÀ-Þ0-9]{2,12})\s*[:=–-]\s*(.{2,120})$")


def read_lines(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The abbreviations typed one a line, and what could not be read (in French)."""
    found: list[tuple[str, str]] = []
    wrong: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _LINE.match(line.strip())
        if match is None:
            wrong.append(
                f"« {line.strip()[:60]} » : écrivez le sigle en majuscules, deux points, puis "
                "ce qu'il veut dire. Exemple : PMI : Protection maternelle et infantile."
            )
            continue
        found.append((match.group(1), match.group(2).strip()))
    return found, wrong


@admin_required
def glossary(request: HttpRequest) -> HttpResponse:
    typed = "\n".join(f"{a.word} : {a.meaning}" for a in Abbreviation.objects.all())
    wrong: list[str] = []
    if request.method == "POST":
        typed = request.POST.get("lines", "")
        found, wrong = read_lines(typed)
        if not wrong:
            with transaction.atomic():
                Abbreviation.objects.all().delete()
                Abbreviation.objects.bulk_create(
                    [Abbreviation(word=w, meaning=m) for w, m in dict(found).items()]
                )
            messages.success(request, f"{len(dict(found))} sigle(s) enregistré(s).")
            return redirect("console:glossary")
    return render(
        request,
        "content/glossary.html",
        {"builtin": sorted(GLOSSARY.items()), "typed": typed, "wrong": wrong},
    )
