"""The fields of each kind's form: label, an example of a right value, and which
record values each fills. What people type (``14h``, ``03/12/2026``, ``mardi``) is read
by signage.human_values, the reader of the spreadsheets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

WEEKDAY_NAMES: Final = {
    "monday": "lundi",
    "tuesday": "mardi",
    "wednesday": "mercredi",
    "thursday": "jeudi",
    "friday": "vendredi",
    "saturday": "samedi",
    "sunday": "dimanche",
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    example: str = ""
    # text, long, date, time, bool, tristate, choice, sites, site, list, image, room, dates
    type: str = "text"
    keys: tuple[str, ...] = ()  # the record values it fills (default: its name)
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False

    @property
    def fills(self) -> tuple[str, ...]:
        return self.keys or (self.name,)


SITES = Field("sites", "Sites", "Aucun coché : tous vos sites.", "sites")
VALID_FROM = (
    Field("from_day", "Afficher à partir du", "03/12/2026", "date", ("valid_from",)),
    Field("from_time", "à partir de (heure)", "8h", "time", ("valid_from",)),
)
VALID_UNTIL = Field(
    "until_day", "Afficher jusqu'au (inclus)", "24/12/2026", "date", ("valid_until",)
)

FIELDS: Final[dict[str, tuple[Field, ...]]] = {
    "site": (
        Field("id", "Identifiant", "« maurepas » (minuscules, sans accent)", required=True),
        Field("name", "Nom affiché", "ESC Maurepas", required=True),
        Field("timezone", "Fuseau horaire (vide : Europe/Paris)", "Europe/Paris"),
        *(
            Field(day, f"Horaires du {name}", "8h30-12h30, 13h30-17h30", keys=("hours",))
            for day, name in WEEKDAY_NAMES.items()
        ),
        Field(
            "closures",
            "Fermetures (une par ligne : date puis raison)",
            "25/12/2026 Noël",
            "long",
            ("hours",),
        ),
        Field("logo", "Logo", "PNG ou JPEG", "image"),
    ),
    "wifi": (
        Field("ssid", "Nom du réseau", "ESC-Maurepas-Public", required=True),
        Field(
            "security",
            "Sécurité",
            "",
            "choice",
            choices=(("WPA2", "WPA2 (le plus courant)"), ("WPA3", "WPA3"), ("open", "ouvert")),
        ),
        Field("password", "Mot de passe", "8 à 63 caractères"),
        Field("provider", "Fourni par", "ARCS"),
        Field("note", "Note", "Accès libre aux heures d'ouverture", "long"),
        Field("hidden", "Réseau masqué", "", "bool"),
        SITES,
    ),
    "appli": (
        Field("name", "Nom", "Caf - Mon Compte", required=True),
        Field("description", "À quoi elle sert", "Suivre ses droits et paiements", "long"),
        Field("url", "Adresse", "https://caf.fr", required=True),
        Field("category", "Catégorie", "Famille"),
        Field("icon", "Icône", "PNG ou JPEG", "image"),
        SITES,
    ),
    "annonce": (
        Field("title", "Titre", "Fermeture exceptionnelle jeudi après-midi", required=True),
        Field("body", "Texte", "Réouverture vendredi à 8 h 30.", "long"),
        Field("urgent", "Message urgent (affiché avant tout le reste)", "", "bool"),
        *VALID_FROM,
        VALID_UNTIL,
        SITES,
    ),
    "affiche": (
        Field("image", "Image", "PNG ou JPEG, en portrait ou en paysage", "image"),
        Field("caption", "Légende", "Fête du numérique samedi 12 décembre"),
        Field("when", "Quand (à côté de l'affiche)", "Samedi 12 décembre, 14 h – 18 h"),
        Field("place", "Où (à côté de l'affiche)", "ESC Maurepas, salle collective"),
        Field("url", "Lien pour en savoir plus (QR code)", "https://metropole.rennes.fr/fete"),
        Field(
            "alt",
            "Ce que dit l'image (lu à voix haute sur les téléphones)",
            "Affiche de la fête du numérique, samedi 12 décembre de 14 h à 18 h",
        ),
        *VALID_FROM,
        VALID_UNTIL,
        SITES,
    ),
    "atelier": (
        Field("title", "Titre", "Atelier CV", required=True),
        Field("day", "Date", "03/12/2026", "date", ("start", "end"), required=True),
        Field("start_time", "Début", "14h", "time", ("start",), required=True),
        Field("end_time", "Fin", "16h30", "time", ("end",), required=True),
        Field("place", "Salle", "Espace numérique"),
        Field("organiser", "Animé par", "Médiateurs numériques"),
        Field("registration", "Inscription", "À l'accueil ou au 02 23 62 00 00", "long"),
        Field("audience", "Pour qui", "Adultes débutants"),
        Field(
            "free",
            "Gratuit ?",
            "",
            "tristate",
            choices=(("", "non précisé"), ("true", "oui, gratuit"), ("false", "non, payant")),
        ),
        Field("price", "Prix", "2 €"),
        SITES,
    ),
    "agenda": (
        Field("name", "Nom", "Agenda de la bibliothèque"),
        Field("url", "Adresse de l'agenda (.ics)", "https://cloud.example.org/…?export"),
        Field(
            "categories",
            "Catégories gardées (séparées par des virgules)",
            "Atelier numérique",
            "list",
        ),
        SITES,
    ),
    "salle": (
        Field("name", "Nom affiché", "Espace numérique", required=True),
        Field("site", "Site", "", "site", required=True),
        Field("id", "Identifiant", "« espace-numerique » (minuscules, sans accent)", required=True),
        Field(
            "kind",
            "C'est",
            "",
            "choice",
            choices=(("room", "une salle"), ("equipment", "du matériel qui se prête")),
        ),
        Field("capacity", "Places", "12"),
        Field(
            "equipment", "Équipement (séparé par des virgules)", "8 postes, vidéoprojecteur", "list"
        ),
        Field(
            "shared",
            "Partagée",
            "",
            "choice",
            choices=(
                ("", "oui, les partenaires la réservent"),
                ("non", "non, l'équipe du site seule"),
            ),
        ),
        Field("shared_with", "Seulement pour ces partenaires (vide : tous)", "CAF, CCAS", "list"),
        *(
            Field(
                day,
                f"Ouverte le {name} (vide : horaires du site)",
                "9h-12h, 14h-17h",
                keys=("hours",),
            )
            for day, name in WEEKDAY_NAMES.items()
        ),
        Field(
            "approval",
            "Chaque réservation attend l'accord du référent du site",
            "",
            "bool",
        ),
        Field("ask", "Pour les visiteurs, comment la réserver", "Réservable à l'accueil"),
        Field(
            "rules",
            "Règles d'usage (la charte que le partenaire accepte)",
            "Ranger les postes et éteindre l'écran en partant.",
            "long",
        ),
        Field("booking_url", "Page de réservation des partenaires (QR code)", "https://…"),
    ),
    "reservation": (
        Field("room", "Salle", "", "room", required=True),
        Field("title", "Pour quoi", "Atelier : créer son adresse e-mail", required=True),
        Field("partner", "Au nom de", "ARCS"),
        Field(
            "public",
            "Ouvert au public : affiché au semainier (sinon : « réservé » et votre nom)",
            "",
            "bool",
        ),
        Field("date", "Une seule fois, le", "11/12/2026", "date"),
        Field(
            "weekday",
            "Ou chaque semaine, le",
            "",
            "choice",
            choices=(("", "—"), *WEEKDAY_NAMES.items()),
        ),
        Field("from_day", "Chaque semaine, à partir du", "04/12/2026", "date", ("valid_from",)),
        Field("until_day", "jusqu'au (inclus)", "26/06/2027", "date", ("valid_until",)),
        Field("start", "Début", "9h30", "time", required=True),
        Field("end", "Fin", "11h30", "time", required=True),
        Field("except_on", "Sauf les semaines du", "25/12/2026 01/01/2027", "dates"),
        Field("cancelled_on", "Annulée le (affiché « annulé » ce jour-là)", "18/12/2026", "dates"),
        Field("audience", "Pour qui", "Seniors"),
        Field(
            "access",
            "Accès",
            "",
            "choice",
            choices=(("free", "libre"), ("appointment", "sur rendez-vous")),
        ),
        Field("access_note", "Comment venir, en vos mots", "Sans inscription"),
        Field(
            "accept_rules",
            "J'ai lu les règles d'usage de la salle et je les accepte (demandé une fois)",
            "",
            "bool",
        ),
    ),
    "agenda-salle": (
        Field("name", "Nom", "Agenda de La Plume"),
        Field(
            "url",
            "Adresse de votre agenda (.ics)",
            "https://cloud.example.org/…?export",
            required=True,
        ),
        Field("room", "Salle que ses événements réservent", "", "room", required=True),
        Field("partner", "Au nom de", "La Plume"),
        Field(
            "public",
            "Ouvert au public : ses événements au semainier (sinon : « réservé » et votre nom)",
            "",
            "bool",
        ),
    ),
    "creneau": (
        Field("site", "Site", "", "site", required=True),
        Field("weekday", "Jour", "mardi", required=True),
        Field("start", "Début", "9h30", required=True),
        Field("end", "Fin", "12h", required=True),
        Field("title", "Activité", "Permanence CAF", required=True),
        Field("partner", "Partenaire", "CAF"),
        Field("room", "Salle", "Bureau 2"),
        Field("access", "Accès", "libre, ou rdv"),
        Field("audience", "Public", "Adultes"),
        Field("valid_from", "Du", "05/01/2027"),
        Field("valid_until", "Au", "30/06/2027"),
        Field("cancelled_on", "Annulé le", "24/12/2026 31/12/2026"),
    ),
}
