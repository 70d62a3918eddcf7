"""The questions each kind of survey starts with; their codes tie editions together."""

from indicators.surveys.enums import Expectation, QuestionKind

RATING, NPS, SINGLE, MULTIPLE, TEXT = (QuestionKind.RATING, QuestionKind.NPS,
                                       QuestionKind.SINGLE, QuestionKind.MULTIPLE,
                                       QuestionKind.TEXT)
LOW, HIGH = "Pas du tout satisfait", "Très satisfait"

POST_REQUEST = (
    {"code": "satisfaction", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "Dans l'ensemble, êtes-vous satisfait(e) du traitement de votre demande ?"},
    {"code": "delai", "kind": RATING, "low_label": "Beaucoup trop long",
     "high_label": "Tout à fait satisfaisant",
     "text": "Le délai de traitement vous a-t-il convenu ?"},
    {"code": "commentaire", "kind": TEXT, "required": False,
     "text": "Voulez-vous nous en dire plus ?",
     "help": "Un commentaire est demandé quand une note est basse, pour que nous puissions agir."},
)

ANNUAL = (
    {"code": "relation_globale", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "Globalement, êtes-vous satisfait(e) de votre relation avec la DSI ?"},
    {"code": "ecoute", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "La DSI comprend-elle les besoins de votre direction ?"},
    {"code": "reactivite", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "Êtes-vous satisfait(e) de la réactivité du centre de services ?"},
    {"code": "information", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "Êtes-vous bien informé(e) des évolutions des services et des projets ?"},
    {"code": "recommandation", "kind": NPS, "low_label": "Pas du tout probable",
     "high_label": "Très probable",
     "text": "Recommanderiez-vous les services de la DSI à un collègue d'une autre direction ?"},
    {"code": "priorites", "kind": MULTIPLE, "required": False,
     "text": "Sur quoi la DSI devrait-elle progresser en priorité ?",
     "choices": ["Délais de traitement", "Communication", "Mobilité", "Sécurité",
                 "Accompagnement des projets", "Formation"]},
    {"code": "suggestion", "kind": TEXT, "required": False,
     "text": "Une suggestion pour améliorer notre relation ?"},
)

CATALOGUE = (
    {"code": "catalogue_clarte", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "Le catalogue de services est-il clair et facile à parcourir ?"},
    {"code": "catalogue_complet", "kind": RATING, "low_label": LOW, "high_label": HIGH,
     "text": "Y trouvez-vous les services dont votre direction a besoin ?"},
    {"code": "catalogue_support", "kind": SINGLE,
     "text": "Quel support utilisez-vous le plus ?",
     "choices": ["Portail intranet", "Catalogue imprimé", "Présentations des chefs de produit"]},
    {"code": "catalogue_manque", "kind": TEXT, "required": False,
     "text": "Quel service aimeriez-vous voir au catalogue ?"},
)

LISTENING = (
    {"code": "ecoute_disponibilite", "kind": RATING, "expectation": Expectation.BASIC,
     "low_label": LOW, "high_label": HIGH,
     "text": "Les services essentiels (messagerie, réseau, poste de travail) sont disponibles."},
    {"code": "ecoute_delais", "kind": RATING, "expectation": Expectation.PERFORMANCE,
     "low_label": LOW, "high_label": HIGH,
     "text": "Les demandes sont traitées dans les délais annoncés."},
    {"code": "ecoute_conseil", "kind": RATING, "expectation": Expectation.PERFORMANCE,
     "low_label": LOW, "high_label": HIGH,
     "text": "La DSI vous conseille sur les solutions adaptées à vos métiers."},
    {"code": "ecoute_innovation", "kind": RATING, "expectation": Expectation.DELIGHT,
     "low_label": LOW, "high_label": HIGH,
     "text": "La DSI vous propose des innovations auxquelles vous n'aviez pas pensé."},
    {"code": "ecoute_attentes", "kind": TEXT, "required": False,
     "text": "Quelle attente la DSI ne couvre-t-elle pas encore ?"},
)

QUESTIONS = {"post_request": POST_REQUEST, "annual": ANNUAL, "catalogue": CATALOGUE,
             "listening": LISTENING}
