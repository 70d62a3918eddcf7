"""The surveys' demo data: what the requesters answered, and how the scores move over time."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import NamedTuple

from indicators.surveys.enums import SurveyKind
from portal.enums import Segment

SEED = 20261125
HISTORY_YEARS = 2
ANSWER_RATE = (0.38, 0.45)  # share of post-request invitations answered, first then last month
LOW_RISK = (0.18, 0.04)  # chance of an unhappy answer, first then last month
OPEN_FOLLOW_UPS = 3  # the latest unhappy answers whose callback is still on the plan
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")

POST_REQUEST = {
    "title": "Votre avis après chaque demande",
    "intro": "Deux questions, une minute : votre avis nous aide à mieux traiter vos demandes.",
}

# Requests handled each open day besides the demo's own, before then alongside them.
DAILY_REQUESTS = ((1, 1, 2, 2, 2, 3), (0, 1, 1, 2, 2, 2))

COMMON_SERVICES = {
    "ASS-CDS": 8, "PDT-LAPTOP": 5, "COL-MESSAGERIE": 4, "COL-TEAMS": 4, "SEC-VPN": 4,
    "PDT-IMPRESSION": 4, "SEC-MFA": 3, "COL-FICHIERS": 3, "TEL-SMARTPHONE": 3,
    "ASS-PROXIMITE": 3, "PDT-LOGICIELS": 2, "COL-SHAREPOINT": 2, "SEC-HABILITATIONS": 2,
    "ERP-NOTEFRAIS": 2, "PDT-PRET": 1, "ASS-FORMATION": 1,
}
ENTITY_SERVICES = {  # by direction: the business applications its people ask about
    "DG": ("COL-SALLES", "TEL-AUDIOCONF", "BI-POWERBI"),
    "DF": ("ERP-FINANCE", "ERP-TRESORERIE", "BI-REPORTING", "DOC-NUMERISATION"),
    "DRH": ("ERP-SIRH", "DOC-SIGNATURE", "ASS-FORMATION"),
    "DC": ("APP-CRM", "TEL-DATA", "PDT-NOMADE", "BI-POWERBI"),
    "DI": ("APP-MES", "APP-GMAO", "INF-RESEAU-SITES", "TEL-TABLETTE", "DOC-GED"),
    "DMKT": ("BI-POWERBI", "COL-SHAREPOINT", "APP-API"),
    "DJ": ("ERP-CONTRATS", "DOC-SIGNATURE", "DOC-ARCHIVAGE"),
    "DACH": ("ERP-ACHATS", "ERP-CONTRATS", "DOC-NUMERISATION"),
    "DLOG": ("APP-WMS", "INF-RESEAU-SITES", "TEL-TABLETTE"),
    "DRD": ("APP-LIMS", "INF-CLOUD", "BI-ENTREPOT", "INF-HEBERGEMENT"),
    "DCOM": ("COL-SHAREPOINT", "PDT-LOGICIELS", "COL-SALLES"),
    "FIL-SERV": ("TEL-TABLETTE", "TEL-DATA", "PDT-NOMADE"),
}
SERVICE_RISK = {  # services the requesters find harder to live with, and the easy ones
    "PDT-IMPRESSION": 0.08, "SEC-VPN": 0.06, "APP-MES": 0.05, "INF-RESEAU-SITES": 0.05,
    "ERP-SIRH": 0.04, "ASS-PROXIMITE": -0.05, "COL-TEAMS": -0.03, "PDT-PRET": -0.04,
}
SEGMENT_RISK = {Segment.SENSITIVE: 0.03, Segment.ADVOCATE: -0.03}
# A rough half-year for a direction: (direction, from and to so many days ago, added risk,
# share of the requests then). The committees' demo asks the purchasing department about it.
DIPS = (("DACH", 200, 25, 0.55, 0.08),)

LOW_COMMENTS = (
    "Trois relances avant que quelqu'un ne me réponde, c'est trop.",
    "La demande a été clôturée sans que le problème soit réglé, j'ai dû en ouvrir une autre.",
    "Personne ne m'a prévenu de l'intervention, je n'étais pas à mon poste.",
    "On m'a renvoyé d'un service à l'autre sans que personne ne prenne la main.",
    "Le technicien est passé mais le matériel de remplacement n'était pas disponible.",
    "Réponse très générique qui ne correspondait pas à ma question.",
    "La solution proposée ne tient pas : le problème est revenu deux jours après.",
    "Aucune nouvelle pendant une semaine, puis une clôture automatique.",
    "On m'a demandé trois fois les mêmes informations.",
    "Le problème bloquait toute l'équipe et la priorité n'a pas été prise en compte.",
    "Je n'ai pas compris la réponse, trop technique, et personne ne m'a rappelé.",
    "Il a fallu passer par mon directeur pour que la demande avance.",
    "Le contournement proposé nous fait perdre du temps chaque jour.",
    "La clôture a été faite sans me demander si tout fonctionnait.",
)
SLOW_COMMENTS = (
    "Bonne solution au final, mais près de deux semaines d'attente pour un accès.",
    "Le résultat est là, mais le délai a bloqué notre clôture mensuelle.",
    "Délai beaucoup trop long pour un simple changement de droits.",
    "Dix jours pour remplacer un écran, c'est long quand on travaille dessus toute la journée.",
    "La demande est restée en attente d'un valideur sans que personne ne le relance.",
    "Bien traité, mais il faudrait annoncer un délai réaliste dès le départ.",
    "Trop long : nous avons dû reporter une formation prévue de longue date.",
    "Le délai annoncé n'a pas été tenu et personne ne nous a prévenus du retard.",
)
MID_COMMENTS = (
    "Correct, mais j'aurais aimé être tenu informé de l'avancement.",
    "Problème réglé, un peu lent pour une demande simple.",
    "Il a fallu relancer une fois, ensuite tout s'est bien passé.",
    "La réponse est arrivée, mais le formulaire de demande n'est pas très clair.",
    "Résolu, mais l'intervention a eu lieu pendant une réunion importante.",
    "Satisfaisant dans l'ensemble, l'accusé de réception pourrait être plus précis.",
    "La solution fonctionne, la documentation fournie est un peu sommaire.",
    "Traitement correct, mais deux interlocuteurs différents pour la même demande.",
)
HIGH_COMMENTS = (
    "Très réactif, merci au technicien pour ses explications.",
    "Problème réglé en moins d'une heure, parfait.",
    "Merci pour le rappel téléphonique, c'est beaucoup plus simple qu'un long échange de mails.",
    "Intervention rapide et soignée, rien à redire.",
    "Le technicien a pris le temps de me montrer comment éviter le problème à l'avenir.",
    "Excellent accompagnement pour la mise en service du nouveau poste.",
    "Réponse claire et rapide, merci.",
    "Très bon suivi, j'ai été informé à chaque étape.",
    "Solution trouvée dès le premier appel, bravo.",
    "Prise en charge très professionnelle, même un vendredi soir.",
)
COMMENTS = {"low": LOW_COMMENTS, "slow": SLOW_COMMENTS, "mid": MID_COMMENTS,
            "high": HIGH_COMMENTS}
OUTCOMES = (
    "Client rappelé : excuses présentées, délai expliqué ; le traitement de ce type de demande "
    "passe désormais par le niveau 2 directement.",
    "Rappel fait. Le problème de fond était un matériel défectueux, remplacé la semaine suivante.",
    "Échange avec le demandeur et son responsable ; point ajouté à l'ordre du jour du comité "
    "tactique de la direction.",
    "Client rappelé, satisfait de l'explication. Le modèle de réponse a été réécrit pour être "
    "plus clair.",
    "Rappel fait. La demande a été rouverte et résolue définitivement ; consigne passée à "
    "l'équipe sur les clôtures sans confirmation.",
    "Demandeur rencontré sur site avec le chef de produit ; plan de remplacement présenté.",
    "Rappel fait. Relance automatique des valideurs mise en place pour ce circuit.",
    "Client rappelé ; l'intervention a été replanifiée à un horaire convenu avec lui.",
)


class CampaignSpec(NamedTuple):
    kind: SurveyKind
    years_ago: int  # the edition is this many years before the current one
    title: str
    intro: str
    rate: float  # the share of the audience that answers
    means: dict[str, float]  # the mean score of each rating (1 to 5) or recommendation (0 to 10)
    choices: dict[str, tuple[int, ...]]  # the weight of each choice of a question, in order
    texts: tuple[str, ...] = ()  # the free-text answers some give
    month: int = 11
    anonymous: bool = True
    entities: tuple[str, ...] = ()  # the directions asked; none: every client direction
    current: bool = False  # open now, sent a week ago


ANNUAL_TITLE = "Enquête annuelle sur la relation avec la DSI"
ANNUAL_INTRO = ("Une fois par an, nous demandons à chaque direction comment se passe sa relation "
                "avec la DSI. Dix minutes, sept questions, des réponses anonymes : les résultats "
                "sont présentés en comité stratégique et orientent notre plan de progrès.")
PRIORITY_WEIGHTS = {  # Délais, Communication, Mobilité, Sécurité, Projets, Formation
    2: (9, 7, 4, 2, 5, 3), 1: (5, 8, 5, 3, 6, 3), 0: (4, 7, 6, 4, 5, 4)}
ANNUAL_MEANS = {  # réactivité and information progress, écoute falls back
    2: {"relation_globale": 3.55, "ecoute": 3.95, "reactivite": 3.1, "information": 3.0,
        "recommandation": 6.6},
    1: {"relation_globale": 3.8, "ecoute": 3.45, "reactivite": 3.75, "information": 3.5,
        "recommandation": 7.3},
    0: {"relation_globale": 3.9, "ecoute": 3.6, "reactivite": 3.95, "information": 3.65,
        "recommandation": 7.6},
}
ANNUAL_TEXTS = {
    2: ("Un interlocuteur unique par direction nous ferait gagner beaucoup de temps.",
        "Les délais du centre de services sont trop longs, surtout le lundi matin.",
        "Nous aimerions connaître à l'avance les coupures prévues.",
        "Le catalogue de services est difficile à trouver sur l'intranet.",
        "Les demandes d'accès prennent trop de temps : simplifiez les validations.",
        "Une lettre d'information trimestrielle sur les projets serait bienvenue.",
        "Plus de présence sur les sites de production.",
        "Les techniciens sont compétents mais débordés.",
        "Impliquez-nous plus tôt dans les projets qui touchent nos outils.",
        "Des formations courtes sur Teams et SharePoint seraient utiles."),
    1: ("Le centre de services répond bien plus vite que l'an dernier, merci.",
        "Les comités tactiques sont utiles, mais les décisions tardent à être appliquées.",
        "Nos besoins sur le reporting ne sont pas compris : il faudrait venir nous voir.",
        "La lettre d'information est appréciée, continuez.",
        "Le nouveau portail de demandes est plus simple, il manque un suivi sur mobile.",
        "Nous avons perdu notre interlocuteur habituel et personne ne l'a remplacé.",
        "Mieux anticiper les renouvellements de postes.",
        "L'accueil au centre de services est très bon, les délais de résolution moins.",
        "Prévoir des ateliers avec les utilisateurs avant de changer une application.",
        "La sécurité est devenue contraignante sans explication."),
    0: ("Les points mensuels avec notre responsable relations clients sont précieux.",
        "Continuez les ateliers utilisateurs, ils ont changé notre regard sur la DSI.",
        "Le suivi des demandes sur le portail est clair.",
        "Il manque encore une visibilité sur le calendrier des projets.",
        "Le support sur les sites reste le point faible."),
}

CAMPAIGNS: tuple[CampaignSpec, ...] = (
    CampaignSpec(SurveyKind.ANNUAL, 2, ANNUAL_TITLE, ANNUAL_INTRO, 0.48, ANNUAL_MEANS[2],
                 {"priorites": PRIORITY_WEIGHTS[2]}, ANNUAL_TEXTS[2]),
    CampaignSpec(SurveyKind.ANNUAL, 1, ANNUAL_TITLE, ANNUAL_INTRO, 0.53, ANNUAL_MEANS[1],
                 {"priorites": PRIORITY_WEIGHTS[1]}, ANNUAL_TEXTS[1]),
    CampaignSpec(SurveyKind.CATALOGUE, 1, "Enquête sur le catalogue de services",
                 "Le catalogue de services a un an : aidez-nous à le rendre plus utile.", 0.45,
                 {"catalogue_clarte": 3.7, "catalogue_complet": 3.35},
                 {"catalogue_support": (7, 1, 3)},
                 ("Un service de prêt de matériel pour les salons professionnels.",
                  "La mise à disposition d'écrans de terrain pour les ateliers.",
                  "Un accompagnement à la rédaction des cahiers des charges.",
                  "Un service d'analyse de données à la demande.",
                  "Un abonnement de traduction automatique sécurisée.",
                  "Des postes partagés pour les intérimaires de l'usine.",
                  "La signature électronique pour les contrats fournisseurs.",
                  "Un service de visioconférence pour les grandes salles."),
                 month=5, anonymous=False, entities=("DF", "DC", "DI", "DLOG", "DRD")),
    CampaignSpec(SurveyKind.ANNUAL, 0, ANNUAL_TITLE, ANNUAL_INTRO, 0.2, ANNUAL_MEANS[0],
                 {"priorites": PRIORITY_WEIGHTS[0]}, ANNUAL_TEXTS[0], current=True),
)
CAMPAIGN_DAYS = 21  # open three weeks
CAMPAIGN_REMINDER_DAYS = 10
SEGMENT_SHIFT = {Segment.SENSITIVE: -0.3, Segment.ADVOCATE: 0.25}  # on campaign scores


def months(opens: datetime, count: int) -> list[tuple[tuple[int, int], str]]:
    """(year, month) from the survey's opening month on, each with its label."""
    months = [(opens.year + (opens.month - 1 + n) // 12, (opens.month - 1 + n) % 12 + 1)
              for n in range(count)]
    return [((year, month), f"Avis après demande – {MONTHS[month - 1]} {year}")
            for year, month in months]


def score(rng: random.Random, mean: float, lowest: int, highest: int) -> int:
    """A score on the scale, spread around the mean."""
    spread = 0.8 if highest == 5 else 1.8
    return min(highest, max(lowest, round(rng.gauss(mean, spread))))


def pick(choices: list[str], weights: tuple[int, ...], count: int,
         rng: random.Random) -> list[str]:
    """Some of the choices, drawn by weight, in the question's order."""
    pool = dict(zip(choices, weights, strict=True))
    for _draw in range(count):
        pool[rng.choices(list(pool), weights=list(pool.values()))[0]] = 0
        if not any(pool.values()):
            break
    return [choice for choice in choices if pool[choice] == 0]


def request_risk(progress: float, service: str, segment: Segment | None, direction: str,
                 days_ago: int) -> float:
    """The chance of an unhappy answer: lower over time, higher on some services and sites."""
    low, high = LOW_RISK
    return (low + (high - low) * progress + SERVICE_RISK.get(service, 0.0)
            + SEGMENT_RISK.get(segment, 0.0)
            + sum(extra for code, start, end, extra, _share in DIPS
                  if code == direction and end <= days_ago <= start))


def dip_direction(days_ago: int, rng: random.Random) -> str | None:
    """The direction going through a rough patch that this request comes from, if any."""
    return next((code for code, start, end, _extra, share in DIPS
                 if end <= days_ago <= start and rng.random() < share), None)


def request_scores(unhappy: bool, progress: float, rng: random.Random) -> tuple[int, int, str]:
    """Satisfaction, delay and the kind of comment: mostly 4 and 5, a comment under a low one."""
    if unhappy:
        if rng.random() < 0.3:  # solved, but far too slowly
            return rng.choice((3, 4)), rng.choice((1, 2)), "slow"
        return rng.choice((1, 2, 2)), rng.choice((1, 2, 2, 3)), "low"
    satisfaction = rng.choices((3, 4, 5), weights=(22 - 14 * progress, 42, 36 + 20 * progress))[0]
    delay = max(3, min(5, satisfaction + rng.choice((-1, -1, 0, 0, 0, 1))))
    kind = ("mid" if satisfaction == 3 and rng.random() < 0.45 else
            "high" if rng.random() < 0.08 else "")
    return satisfaction, delay, kind


def request_answer_time(sent: datetime, remind: datetime, expires: datetime,
                        rng: random.Random) -> datetime:
    """Most answer within two days, some after the reminder, a few later."""
    draw = rng.random()
    start, hours = ((sent, 48) if draw < 0.6 else (remind, 72) if draw < 0.85
                    else (sent + timedelta(days=2), 12 * 24))
    return min(start + timedelta(hours=rng.uniform(0.3, hours)), expires - timedelta(hours=1))


def campaign_answer_time(spec: CampaignSpec, opens: datetime, remind: datetime,
                         closes: datetime, now: datetime, rng: random.Random) -> datetime:
    """When someone answers: mostly in the first days or after the reminder."""
    if spec.current:
        return opens + (now - timedelta(hours=1) - opens) * rng.random() ** 1.5
    draw = rng.random()
    start, hours = ((opens, 96) if draw < 0.5 else (remind, 72) if draw < 0.85
                    else (opens + timedelta(days=4), (CAMPAIGN_DAYS - 4) * 24))
    return min(start + timedelta(hours=rng.uniform(0.2, hours)), closes - timedelta(hours=1))
