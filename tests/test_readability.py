"""Easy to read, checked while typing (issue 29): long sentences, words in capitals,
abbreviations left unexplained, a title longer than its line — advice in French next to
the field, never a refusal; the admins extend the abbreviations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signage.console.content.readability import (
    GLOSSARY,
    LONG_SENTENCE,
    advice,
    long_sentences,
    unexplained,
)

LONG_BODY = (
    "La CAF tiendra sa permanence exceptionnelle dans la salle de groupe du rez-de-chaussée "
    "le mardi matin pour aider toutes les familles du quartier qui ont des questions sur "
    "leurs droits et leurs démarches en ligne ainsi que sur les aides au logement. "
) * 3 + "Venez avec votre carte VITALE et un justificatif de domicile récent."


def test_a_long_announcement_with_an_abbreviation_gets_its_advice() -> None:
    said = advice("Permanence de la CAF", LONG_BODY, GLOSSARY)
    body = " ".join(said["body"])
    assert "Une phrase de 42 mots" in body
    assert "« CAF » : tous les visiteurs ne connaissent pas ce sigle" in body
    assert "« CAF (Caisse d'allocations familiales) »" in body
    assert "Mots en majuscules (« VITALE »)" in body
    # Written in full once, the abbreviation needs nothing more.
    explained = LONG_BODY.replace("La CAF", "La CAF (Caisse d'allocations familiales)", 1)
    assert unexplained(explained, GLOSSARY) == []
    assert unexplained("La Caisse d'allocations familiales (CAF) reçoit", GLOSSARY) == []


def test_a_title_longer_than_its_line_is_said() -> None:
    title = "Fermeture exceptionnelle de l'accueil jeudi après-midi pour travaux"
    said = advice(title, "", GLOSSARY)
    assert f"Titre de {len(title)} signes" in " ".join(said["title"])
    assert advice("Fermeture jeudi après-midi", "", GLOSSARY) == {}


@given(st.text(max_size=600))
def test_any_text_gets_advice_or_none_and_never_fails(text: str) -> None:
    said = advice(text[:80], text, GLOSSARY)
    assert set(said) <= {"title", "body"}
    assert all(count > LONG_SENTENCE for count in long_sentences(text))


@pytest.mark.django_db
def test_the_form_advises_a_120_word_announcement_and_saves_it(
    settings: Any, tmp_path: Path
) -> None:
    from signage.console.models import ContentRecord  # noqa: PLC0415
    from tests.console_content import admin, with_example  # noqa: PLC0415

    with_example(settings, tmp_path)
    body = " ".join(LONG_BODY.split()[:120])
    assert len(body.split()) == 120
    client = admin()
    saved = client.post(
        "/contenu/annonce/nouveau/",
        {"title": "Permanence de la CAF", "body": body, "enregistrer": "1"},
        follow=True,
    )
    page = saved.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert ContentRecord.objects.filter(kind="annonce", values__title="Permanence de la CAF")
    # Title and body, 124 words: about two minutes, for a slide of 20 seconds.
    assert "Ce texte demande environ 124 s de lecture ; la diapositive reste 20 s" in page
    assert "« CAF » : tous les visiteurs ne connaissent pas ce sigle" in page
    # The admins add an abbreviation of their own; a bad line is said with an example.
    wrong = client.post("/contenu/sigles/", {"lines": "pmi protection"}).content.decode()
    assert "Exemple : PMI : Protection maternelle et infantile." in wrong
    client.post("/contenu/sigles/", {"lines": "PASS : Permanence d'accès aux soins de santé"})
    form = client.post(
        "/contenu/annonce/nouveau/",
        {"title": "La PASS reçoit sans rendez-vous", "apercu": "1"},
    ).content.decode()
    assert "« PASS (Permanence d&#x27;accès aux soins de santé) »" in form
