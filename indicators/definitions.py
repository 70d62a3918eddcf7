"""The written definition of each indicator, as the dashboards and the report show it."""

from flask_babel import lazy_gettext as _l

DEFINITIONS = {
    "received": _l("Demandes reçues sur la période (jour de réception, heure de Paris), tous "
                   "canaux ; les doublons fusionnés ne comptent pas."),
    "resolved": _l("Demandes dont la dernière résolution tombe dans la période."),
    "take_rate": _l("Parmi les demandes reçues sur la période et soumises à un engagement, "
                    "part prise en charge dans le délai ; une demande encore en attente de "
                    "prise en charge au-delà de son échéance compte comme hors délai."),
    "resolve_rate": _l("Parmi les demandes résolues sur la période et soumises à un "
                       "engagement, part résolue dans le délai (heures ouvrées, hors attente "
                       "du demandeur)."),
    "take_median": _l("Heures ouvrées entre la réception et la prise en charge : médiane, "
                      "lue sur un histogramme de 25 classes par interpolation."),
    "resolve_median": _l("Heures ouvrées entre la réception et la résolution, hors attente "
                         "du demandeur : médiane des demandes résolues sur la période."),
    "resolve_p90": _l("Délai sous lequel les demandes résolues sur la période l'ont été à "
                      "90 % (heures ouvrées, hors attente du demandeur)."),
    "reopen_rate": _l("Part des demandes résolues sur la période qui avaient été rouvertes "
                      "au moins une fois."),
    "first_contact_rate": _l("Part des demandes résolues sur la période sans que le "
                             "demandeur ait eu à revenir : aucun autre message de sa part "
                             "après sa demande, aucune attente du demandeur, aucune "
                             "réouverture."),
    "csat": _l("Part des notes 4 ou 5 sur 5 données à l'enquête après demande, pour les "
               "demandes résolues sur la période."),
    "backlog": _l("Demandes ouvertes à la fin de la période (photographie de fin de mois, "
                  "ou de l'instant pour le mois en cours), par ancienneté depuis la "
                  "réception ; hors délai : échéance de prise en charge ou de résolution "
                  "dépassée."),
    "annual": _l("Enquête annuelle sur la qualité de la relation : CSAT de l'ensemble des "
                 "notes de la dernière édition ouverte avant la fin de la période, comparé à "
                 "l'édition précédente."),
    "catalogue": _l("Enquête sur le catalogue et les supports de communication : CSAT de "
                    "la dernière édition, comparé à la précédente."),
    "mature": _l("Services matures : taux de couverture d'au moins 90 % au début de la "
                 "période ; la part de ceux qui s'y maintiennent à la fin mesure la capacité "
                 "de renouvellement."),
    "met_clients": _l("Entités distinctes rencontrées sur la période (rendez-vous, appels, "
                      "visio, déjeuners, événements)."),
    "project_clients": _l("Entités distinctes ayant fait naître un projet (idée reçue) sur "
                          "la période."),
    "flows": _l("Variation du nombre de demandes reçues par entité et par service entre la "
                "période et la précédente."),
    "coverage_gain": _l("Points de taux de couverture gagnés par service entre le début et la "
                        "fin de la période (entités cibles abonnées / entités cibles)."),
    "new_clients": _l("Nouveau client : entité dont la toute première demande à la DSI tombe "
                      "dans la période."),
    "new_client_projects": _l("Projets signés sur la période par une entité devenue cliente "
                              "(première demande ou premier abonnement) dans les 12 mois "
                              "précédant la signature."),
}
