"""Reference data of the demo catalogue: families, services and news of Groupe Alcyone's DSI.

Every service is written from the customer's point of view (« bénéfices clients »), as the
white paper on the DSI's client relations recommends. Pure data: nothing here touches the
database.
"""

from typing import NamedTuple

from catalog.enums import Lifecycle
from portal.enums import Priority


class FamilySpec(NamedTuple):
    slug: str
    name: str
    icon: str  # Bootstrap Icons name, without the "bi-" prefix
    colour: str  # readable with white text
    description: str


class ServiceSpec(NamedTuple):
    code: str
    family: str  # a FamilySpec.slug
    name: str
    summary: str
    benefits: tuple[str, ...]
    strong_points: tuple[str, ...]
    included: tuple[str, ...]
    not_included: tuple[str, ...]
    audience: str
    how_to_order: str
    prerequisites: str
    keywords: str
    lifecycle: Lifecycle
    commitments: tuple[tuple[Priority, float, float], ...]  # (priority, take charge, resolve) h
    links: tuple[tuple[str, str], ...]
    related: tuple[str, ...]
    target: tuple[str, ...] | None  # None: every entity is a target
    coverage: float  # share of the target entities subscribed today


class NewsSpec(NamedTuple):
    title: str
    body: str
    service: str | None
    days_ago: int


_P1, _P2, _P3, _P4 = Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW
_STUDY, _PILOT, _LIVE = Lifecycle.STUDY, Lifecycle.PILOT, Lifecycle.LIVE
_MATURE, _DECLINING, _RETIRED = Lifecycle.MATURE, Lifecycle.DECLINING, Lifecycle.RETIRED

# Service commitments in business hours: (priority, take-charge delay, resolution delay).
# Production and security services: on-call duty, the tightest delays.
_CRITICAL = ((_P1, 0.25, 2.0), (_P2, 0.5, 4.0), (_P3, 2.0, 16.0), (_P4, 8.0, 40.0))
# Everyday tools used by everyone.
_STANDARD = ((_P1, 0.5, 4.0), (_P2, 1.0, 8.0), (_P3, 4.0, 24.0), (_P4, 16.0, 80.0))
# Equipment: a part or a replacement may have to be shipped.
_HARDWARE = ((_P1, 1.0, 8.0), (_P2, 2.0, 16.0), (_P3, 8.0, 40.0), (_P4, 16.0, 80.0))
# Business applications supported with the editors.
_BUSINESS = ((_P1, 0.5, 6.0), (_P2, 2.0, 12.0), (_P3, 8.0, 40.0), (_P4, 16.0, 80.0))
# Advice, training and projects: rarely urgent.
_ADVISORY = ((_P1, 2.0, 16.0), (_P2, 4.0, 24.0), (_P3, 8.0, 56.0), (_P4, 24.0, 120.0))

_INTRANET = "https://intranet.alcyone.example"

FAMILIES: tuple[FamilySpec, ...] = (
    FamilySpec(
        "poste-de-travail", "Poste de travail", "laptop", "#1f6feb",
        "Un équipement fiable, prêt à l'emploi et adapté à votre métier, pour travailler "
        "efficacement au bureau comme en déplacement.",
    ),
    FamilySpec(
        "messagerie-collaboration", "Messagerie et collaboration", "chat-dots", "#6e40c9",
        "Échangez, partagez et travaillez ensemble en temps réel, quels que soient le site, "
        "l'horaire ou l'appareil.",
    ),
    FamilySpec(
        "telephonie-mobilite", "Téléphonie et mobilité", "phone", "#0f766e",
        "Restez joignable et connecté partout, avec des outils de communication simples et "
        "maîtrisés.",
    ),
    FamilySpec(
        "applications-metiers", "Applications métiers", "briefcase", "#c2410c",
        "Des applications taillées pour vos métiers, qui fiabilisent vos processus et font "
        "gagner du temps à vos équipes.",
    ),
    FamilySpec(
        "erp-gestion", "ERP et gestion", "calculator", "#15803d",
        "Des processus de gestion intégrés, de la commande à la paie, pour des chiffres fiables "
        "et des clôtures sereines.",
    ),
    FamilySpec(
        "donnees-bi", "Données et BI", "bar-chart-line", "#a21caf",
        "Des données fiables et des indicateurs accessibles en quelques clics pour décider "
        "plus vite et mieux.",
    ),
    FamilySpec(
        "securite", "Sécurité", "shield-lock", "#b91c1c",
        "Vos informations, vos accès et la continuité de votre activité protégés, sans alourdir "
        "votre quotidien.",
    ),
    FamilySpec(
        "infrastructure-reseau", "Infrastructure et réseau", "hdd-network", "#475569",
        "Un socle technique disponible et performant qui fait tourner vos applications et relie "
        "tous les sites du groupe.",
    ),
    FamilySpec(
        "assistance-accompagnement", "Assistance et accompagnement", "life-preserver",
        "#4d7c0f",
        "Un interlocuteur unique pour vous dépanner, vous former et vous accompagner dans vos "
        "projets.",
    ),
    FamilySpec(
        "documents-dematerialisation", "Documents et dématérialisation", "archive", "#854d0e",
        "Moins de papier, des documents retrouvés en quelques secondes et une valeur juridique "
        "préservée.",
    ),
)

SERVICES: tuple[ServiceSpec, ...] = (
    # --- Poste de travail -------------------------------------------------------------------
    ServiceSpec(
        code="PDT-LAPTOP",
        family="poste-de-travail",
        name="PC portable standard",
        summary="Un ordinateur portable léger et sécurisé, livré prêt à l'emploi avec vos "
                "applications, pour travailler au bureau, en déplacement ou à domicile.",
        benefits=(
            "Vous travaillez où vous voulez : au bureau, en réunion, en déplacement ou en "
            "télétravail.",
            "Votre poste arrive configuré avec vos applications : vous êtes opérationnel dès le "
            "premier jour.",
            "En cas de panne, un poste de remplacement vous est prêté pour ne pas interrompre "
            "votre activité.",
            "Vos documents sont sauvegardés automatiquement et protégés en cas de perte ou de vol.",
        ),
        strong_points=(
            "Renouvellement tous les quatre ans, sans démarche de votre part.",
            "Modèle léger (moins de 1,4 kg) avec une autonomie d'une journée de travail.",
            "Mises à jour de sécurité installées en arrière-plan, sans interruption.",
        ),
        included=(
            "Ordinateur portable 14 pouces, sacoche et chargeur",
            "Station d'accueil et écran 24 pouces au bureau",
            "Windows 11 et suite Microsoft 365 installés",
            "Chiffrement du disque et antivirus",
            "Garantie constructeur avec réparation sur site sous trois jours",
        ),
        not_included=(
            "Logiciels propres à un métier, à commander séparément",
            "Périphériques de confort (casque sans fil, souris ergonomique…)",
            "Second écran au domicile",
        ),
        audience="Tout collaborateur du groupe, sur demande validée par son manager.",
        how_to_order="Faites votre demande depuis le formulaire « Nouveau poste de travail » du "
                     "portail. Comptez cinq jours ouvrés pour la livraison d'un poste en stock.",
        prerequisites="Disposer d'un compte utilisateur actif et de l'accord de son manager.",
        keywords="pc portable ordinateur laptop poste de travail windows nouvel arrivant "
                 "renouvellement",
        lifecycle=_MATURE,
        commitments=_HARDWARE,
        links=(("Guide de prise en main", f"{_INTRANET}/guides/pc-portable"),),
        related=("PDT-PRET", "ASS-PROXIMITE", "SEC-VPN"),
        target=None,
        coverage=0.97,
    ),
    ServiceSpec(
        code="PDT-FIXE",
        family="poste-de-travail",
        name="Poste fixe",
        summary="Un poste de bureau robuste et économique pour les postes sédentaires, les "
                "accueils et les postes partagés en atelier ou en entrepôt.",
        benefits=(
            "Un équipement fiable et durable, adapté aux postes qui ne quittent jamais le "
            "bureau.",
            "Un grand écran confortable pour travailler longtemps sur vos applications de "
            "gestion.",
            "Un poste partagé entre plusieurs équipes, chacune retrouvant son environnement à la "
            "connexion.",
        ),
        strong_points=(
            "Coût mensuel inférieur d'un tiers à celui d'un PC portable.",
            "Version « atelier » protégée contre la poussière pour les zones de production.",
        ),
        included=(
            "Unité centrale compacte, clavier et souris",
            "Écran 24 pouces, ou deux écrans sur demande justifiée",
            "Windows 11 et suite Microsoft 365",
            "Remplacement sur site sous deux jours ouvrés",
        ),
        not_included=(
            "Accès à distance depuis le domicile",
            "Logiciels propres à un métier",
        ),
        audience="Les directions et les sites, pour leurs postes sédentaires, d'accueil ou "
                 "partagés.",
        how_to_order="Commandez-le depuis le formulaire « Nouveau poste de travail » du portail, "
                     "en choisissant le modèle « bureau » ou « atelier ».",
        prerequisites="Une prise réseau disponible à l'emplacement prévu.",
        keywords="poste fixe ordinateur de bureau pc desktop unité centrale écran atelier poste "
                 "partagé",
        lifecycle=_MATURE,
        commitments=_HARDWARE,
        links=(),
        related=("PDT-LAPTOP", "PDT-IMPRESSION"),
        target=None,
        coverage=0.55,
    ),
    ServiceSpec(
        code="PDT-NOMADE",
        family="poste-de-travail",
        name="Poste nomade renforcé",
        summary="Un ordinateur durci et connecté en 4G pour les équipes de terrain, qui résiste "
                "aux chocs, à la pluie et aux journées sans bureau.",
        benefits=(
            "Vos commerciaux et techniciens accèdent à leurs dossiers partout, même sans Wi-Fi.",
            "Le matériel supporte chutes, poussière et intempéries : moins de pannes sur le "
            "terrain.",
            "Une batterie longue durée couvre une journée entière d'interventions.",
            "En cas de casse, un poste de remplacement est expédié le jour même.",
        ),
        strong_points=(
            "Conforme à la norme militaire MIL-STD-810H, indice de protection IP65.",
            "Carte SIM data intégrée et connexion VPN automatique.",
        ),
        included=(
            "Ordinateur portable durci, écran tactile lisible en plein soleil",
            "Forfait data 4G/5G",
            "Connexion VPN automatique",
            "Échange express en cas de panne (J+1 partout en France)",
        ),
        not_included=(
            "Accessoires pour véhicule (support, chargeur), en option",
            "Usage hors Union européenne, avec l'option « international »",
        ),
        audience="Les collaborateurs itinérants : forces de vente, techniciens de maintenance "
                 "et d'intervention, équipes logistiques.",
        how_to_order="Commandez-le depuis le formulaire « Nouveau poste de travail » du portail, "
                     "en précisant le profil d'usage sur le terrain.",
        prerequisites="Accord du responsable de l'entité et usage itinérant avéré.",
        keywords="poste nomade durci renforcé rugged pc terrain itinérant commercial technicien "
                 "4g 5g",
        lifecycle=_LIVE,
        commitments=_HARDWARE,
        links=(),
        related=("TEL-DATA", "SEC-VPN", "PDT-LAPTOP"),
        target=("DC", "DC-FRANCE", "DC-EXPORT", "DI-MAINT", "DLOG", "FIL-SERV"),
        coverage=0.5,
    ),
    ServiceSpec(
        code="PDT-IMPRESSION",
        family="poste-de-travail",
        name="Impression et copieurs multifonctions",
        summary="Imprimez, copiez et numérisez depuis n'importe quel copieur du groupe avec "
                "votre badge, en toute confidentialité.",
        benefits=(
            "Vous récupérez vos impressions sur le copieur de votre choix, sur tous les sites.",
            "Vos documents confidentiels ne traînent plus dans le bac : ils ne sortent que "
            "lorsque vous badgez.",
            "Vous numérisez un document papier directement vers votre messagerie.",
            "Votre entité suit et maîtrise ses volumes et son budget d'impression.",
        ),
        strong_points=(
            "Parc unique de copieurs multifonctions avec impression sécurisée par badge.",
            "Consommables livrés automatiquement avant rupture.",
            "Recto verso et noir et blanc par défaut : 30 % de papier en moins en deux ans.",
        ),
        included=(
            "Mise à disposition et maintenance des copieurs multifonctions",
            "Papier et consommables (toner, agrafes)",
            "Impression sécurisée par badge et numérisation vers la messagerie",
            "Rapport trimestriel de consommation par entité",
        ),
        not_included=(
            "Imprimantes individuelles, sauf dérogation médicale ou réglementaire",
            "Traceurs grand format et imprimantes d'étiquettes logistiques",
        ),
        audience="Tous les collaborateurs ; l'installation d'un copieur est demandée par le "
                 "responsable de l'entité.",
        how_to_order="L'accès est automatique avec votre badge. Pour un nouveau copieur ou un "
                     "déplacement, utilisez le formulaire « Impression » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="imprimante copieur photocopieuse impression scanner numérisation badge toner "
                 "multifonction",
        lifecycle=_MATURE,
        commitments=_HARDWARE,
        links=(("Imprimer avec son badge", f"{_INTRANET}/guides/impression"),),
        related=("DOC-NUMERISATION", "PDT-FIXE"),
        target=None,
        coverage=0.95,
    ),
    ServiceSpec(
        code="PDT-PRET",
        family="poste-de-travail",
        name="Prêt de matériel",
        summary="Empruntez pour quelques jours un ordinateur, un vidéoprojecteur ou un kit de "
                "visioconférence pour un déplacement, un séminaire ou un événement.",
        benefits=(
            "Vous disposez du bon matériel pour un séminaire, un salon ou une formation, sans "
            "l'acheter.",
            "Un stagiaire ou un nouvel arrivant est équipé le jour même, en attendant son poste.",
            "Le matériel est livré testé, chargé et prêt à l'emploi.",
        ),
        strong_points=(
            "Réservation en ligne, disponibilités visibles en temps réel.",
            "Gratuit pour les prêts de moins de trois semaines.",
        ),
        included=(
            "Ordinateurs portables de prêt configurés",
            "Vidéoprojecteurs, écrans mobiles et kits de visioconférence",
            "Clés 4G et adaptateurs de voyage",
            "Livraison et reprise sur les sites de Lyon et de Saint-Priest",
        ),
        not_included=(
            "Prêts de plus de trois mois : commandez plutôt un équipement",
            "Matériel événementiel lourd (sonorisation, scène)",
        ),
        audience="Tout collaborateur du groupe.",
        how_to_order="Réservez depuis le formulaire « Prêt de matériel » du portail, au moins "
                     "deux jours ouvrés avant la date souhaitée.",
        prerequisites="Aucun prérequis.",
        keywords="prêt matériel emprunt ordinateur vidéoprojecteur projecteur kit visio "
                 "temporaire stagiaire séminaire",
        lifecycle=_LIVE,
        commitments=_HARDWARE,
        links=(),
        related=("PDT-LAPTOP", "COL-SALLES"),
        target=None,
        coverage=0.4,
    ),
    ServiceSpec(
        code="PDT-LOGICIELS",
        family="poste-de-travail",
        name="Logithèque et logiciels à la demande",
        summary="Installez vous-même, en un clic, les logiciels validés par la DSI, et obtenez "
                "en quelques jours la licence d'un logiciel spécifique.",
        benefits=(
            "Vous installez seul les logiciels courants, sans attendre un technicien.",
            "Les logiciels proposés sont testés, compatibles et à jour : pas de mauvaise "
            "surprise.",
            "Vos licences sont suivies par la DSI : votre entité ne paie que ce qu'elle utilise.",
        ),
        strong_points=(
            "Plus de 150 logiciels disponibles en libre-service.",
            "Licences inutilisées récupérées et réattribuées.",
        ),
        included=(
            "Accès au Centre logiciel en libre-service",
            "Étude de compatibilité et de sécurité d'un nouveau logiciel",
            "Achat et suivi des licences",
            "Mises à jour automatiques",
        ),
        not_included=(
            "Logiciels refusés par l'équipe sécurité",
            "Développements ou paramétrages spécifiques",
        ),
        audience="Tout collaborateur ; les licences payantes sont validées par le manager.",
        how_to_order="Installez les logiciels gratuits depuis le Centre logiciel de votre poste. "
                     "Pour une licence payante, utilisez le formulaire « Logiciel » du portail.",
        prerequisites="Disposer d'un poste de travail fourni par la DSI.",
        keywords="logiciel application installation licence logithèque centre logiciel "
                 "software téléchargement",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("PDT-LAPTOP", "PDT-FIXE"),
        target=None,
        coverage=0.82,
    ),
    # --- Messagerie et collaboration --------------------------------------------------------
    ServiceSpec(
        code="COL-MESSAGERIE",
        family="messagerie-collaboration",
        name="Messagerie Outlook",
        summary="Une messagerie professionnelle avec agenda partagé, accessible depuis votre "
                "ordinateur, votre smartphone ou un simple navigateur.",
        benefits=(
            "Vous consultez vos courriels et votre agenda partout, sur tous vos appareils.",
            "Vous planifiez vos réunions en voyant d'un coup d'œil les disponibilités de vos "
            "collègues et des salles.",
            "Avec 100 Go d'espace, vous ne perdez plus de temps à faire le ménage.",
            "Les courriels frauduleux sont filtrés avant d'arriver dans votre boîte.",
        ),
        strong_points=(
            "Disponibilité de 99,9 % constatée sur les douze derniers mois.",
            "Boîtes partagées pour les équipes (accueil, support, commandes).",
        ),
        included=(
            "Boîte aux lettres personnelle de 100 Go",
            "Agenda, contacts et tâches synchronisés",
            "Boîtes et agendas partagés d'équipe",
            "Filtrage antispam et antivirus",
            "Listes de diffusion",
        ),
        not_included=(
            "Archivage à valeur probante (voir Archivage électronique)",
            "Envoi de courriels en nombre pour des campagnes marketing",
        ),
        audience="Tous les collaborateurs du groupe et de sa filiale.",
        how_to_order="La boîte est créée automatiquement à l'arrivée du collaborateur. Pour une "
                     "boîte partagée ou une liste de diffusion, utilisez le formulaire "
                     "« Messagerie » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="messagerie mail email courriel outlook agenda calendrier boîte aux lettres "
                 "exchange liste de diffusion",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(("Guide Outlook", f"{_INTRANET}/guides/outlook"),),
        related=("COL-TEAMS", "TEL-SMARTPHONE"),
        target=None,
        coverage=1.0,
    ),
    ServiceSpec(
        code="COL-TEAMS",
        family="messagerie-collaboration",
        name="Teams et visioconférence",
        summary="Réunissez-vous en visioconférence, échangez en messagerie instantanée et "
                "travaillez à plusieurs sur les mêmes documents, où que vous soyez.",
        benefits=(
            "Vous réunissez des participants de plusieurs sites sans déplacement, en un clic "
            "depuis l'agenda.",
            "Une question rapide obtient une réponse immédiate, sans échange de courriels.",
            "Vos équipes partagent fichiers, conversations et tâches dans un même espace.",
            "Vos partenaires extérieurs rejoignent vos réunions depuis un simple navigateur.",
        ),
        strong_points=(
            "Salles de réunion compatibles Teams sur tous les sites.",
            "Enregistrement et transcription automatique des réunions.",
            "Webinaires jusqu'à 1 000 participants.",
        ),
        included=(
            "Licence Teams pour chaque collaborateur",
            "Création d'équipes et de canaux",
            "Visioconférence, partage d'écran et enregistrement",
            "Accueil de participants externes",
            "Casque audio certifié à la première dotation",
        ),
        not_included=(
            "Équipement audiovisuel des salles (voir Salles de réunion équipées)",
            "Régie et animation de grands événements en ligne",
        ),
        audience="Tous les collaborateurs du groupe.",
        how_to_order="Teams est installé sur tous les postes. Pour créer une équipe ou organiser "
                     "un webinaire, utilisez le formulaire « Collaboration » du portail.",
        prerequisites="Disposer d'un compte Microsoft 365 actif.",
        keywords="teams visio visioconférence réunion en ligne webinaire chat messagerie "
                 "instantanée conversation",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(("Guide utilisateur", f"{_INTRANET}/guides/teams"),),
        related=("COL-MESSAGERIE", "COL-SALLES", "COL-SHAREPOINT"),
        target=None,
        coverage=0.96,
    ),
    ServiceSpec(
        code="COL-SHAREPOINT",
        family="messagerie-collaboration",
        name="Espaces projet SharePoint",
        summary="Un espace en ligne pour partager les documents d'une équipe ou d'un projet, "
                "avec vos collègues comme avec vos partenaires externes.",
        benefits=(
            "Tous les documents du projet sont au même endroit, toujours dans leur dernière "
            "version.",
            "Vous travaillez à plusieurs sur le même document, sans copies ni pièces jointes.",
            "Vous partagez un dossier avec un fournisseur ou un client en toute sécurité.",
            "Vous retrouvez un document en quelques secondes grâce à la recherche.",
        ),
        strong_points=(
            "Espace créé en moins de 24 heures à partir d'un modèle adapté à votre besoin.",
            "Historique des versions et corbeille de 90 jours.",
        ),
        included=(
            "Création d'un site d'équipe ou de projet",
            "Gestion des droits par le propriétaire de l'espace",
            "Partage externe contrôlé",
            "Une heure de prise en main avec un conseiller",
        ),
        not_included=(
            "Développement de formulaires ou de circuits de validation complexes",
            "Migration de gros volumes depuis les lecteurs réseau (sur devis)",
        ),
        audience="Tout responsable d'équipe ou chef de projet du groupe.",
        how_to_order="Demandez la création de votre espace depuis le formulaire « Espace "
                     "projet » du portail, en indiquant son propriétaire et ses membres.",
        prerequisites="Désigner un propriétaire et un suppléant responsables des droits d'accès.",
        keywords="sharepoint espace projet site d'équipe partage documents collaboratif "
                 "coédition extranet",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("COL-TEAMS", "COL-FICHIERS", "DOC-GED"),
        target=None,
        coverage=0.62,
    ),
    ServiceSpec(
        code="COL-FICHIERS",
        family="messagerie-collaboration",
        name="Partage de fichiers réseau",
        summary="Les lecteurs réseau historiques de vos services, maintenus le temps de leur "
                "migration vers les espaces projet SharePoint.",
        benefits=(
            "Vos dossiers habituels restent accessibles sans changement pendant la transition.",
            "Vos fichiers sont sauvegardés chaque nuit et restaurés sur simple demande.",
            "La DSI vous accompagne pour migrer vos dossiers vers des espaces plus modernes, à "
            "votre rythme.",
        ),
        strong_points=(
            "Migration assistée et gratuite vers SharePoint jusqu'à l'arrêt du service.",
            "Restauration d'un fichier supprimé en moins d'une journée.",
        ),
        included=(
            "Lecteurs réseau existants et leurs droits d'accès",
            "Sauvegarde quotidienne",
            "Restauration de fichiers supprimés",
            "Accompagnement à la migration",
        ),
        not_included=(
            "Création de nouveaux lecteurs réseau",
            "Augmentation de quota au-delà de 500 Go",
        ),
        audience="Les entités qui disposent déjà d'un lecteur réseau.",
        how_to_order="Pour une restauration, un droit d'accès ou une migration, utilisez le "
                     "formulaire « Partage de fichiers » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="partage de fichiers lecteur réseau serveur de fichiers dossier partagé disque "
                 "commun quota",
        lifecycle=_DECLINING,
        commitments=_STANDARD,
        links=(),
        related=("COL-SHAREPOINT", "INF-SAUVEGARDE"),
        target=None,
        coverage=0.86,
    ),
    ServiceSpec(
        code="COL-SALLES",
        family="messagerie-collaboration",
        name="Salles de réunion équipées",
        summary="Des salles prêtes pour la visioconférence : vous arrivez et lancez la réunion "
                "Teams d'un geste, sans câble ni réglage.",
        benefits=(
            "Vos réunions hybrides démarrent à l'heure, sans chercher le bon câble.",
            "Les participants à distance vous voient et vous entendent comme s'ils étaient "
            "dans la salle.",
            "Vous réservez la salle et son équipement directement depuis Outlook.",
        ),
        strong_points=(
            "Démarrage de la réunion d'un seul geste sur la console tactile.",
            "Contrôle préventif mensuel de chaque salle.",
        ),
        included=(
            "Écran, caméra grand angle et micros de plafond",
            "Système de salle Teams avec console tactile",
            "Réservation depuis Outlook",
            "Intervention sous quatre heures en cas de panne",
        ),
        not_included=(
            "Travaux d'aménagement et mobilier",
            "Assistance technique en salle pendant la réunion, hors grands événements",
        ),
        audience="Les responsables de site et les services généraux pour équiper une salle ; "
                 "tout collaborateur pour l'utiliser.",
        how_to_order="Demandez l'équipement d'une salle depuis le formulaire « Salle de "
                     "réunion » du portail ; une visite technique est planifiée sous deux "
                     "semaines.",
        prerequisites="Une prise réseau et une alimentation électrique à l'emplacement de "
                      "l'écran.",
        keywords="salle de réunion visio équipement audiovisuel écran caméra micro teams room "
                 "réservation",
        lifecycle=_LIVE,
        commitments=_HARDWARE,
        links=(),
        related=("COL-TEAMS", "PDT-PRET"),
        target=None,
        coverage=0.45,
    ),
    # --- Téléphonie et mobilité -------------------------------------------------------------
    ServiceSpec(
        code="TEL-FIXE",
        family="telephonie-mobilite",
        name="Téléphonie fixe IP",
        summary="Un numéro fixe qui vous suit partout : sur votre téléphone de bureau, dans "
                "Teams ou sur votre smartphone.",
        benefits=(
            "Vous restez joignable sur votre numéro fixe, même en télétravail.",
            "Plus d'appels perdus : renvoi, messagerie vocale et groupement d'appels pour les "
            "équipes.",
            "Vos clients joignent le bon service du premier coup grâce aux files d'attente.",
        ),
        strong_points=(
            "Numéro fixe utilisable dans Teams, sur ordinateur comme sur smartphone.",
            "Messages vocaux transcrits et envoyés par courriel.",
        ),
        included=(
            "Numéro direct, avec téléphone de bureau ou softphone Teams",
            "Messagerie vocale",
            "Groupements d'appels et files d'attente",
            "Annuaire commun du groupe",
        ),
        not_included=(
            "Centre d'appels avec enregistrement des conversations (sur devis)",
            "Numéros spéciaux surtaxés",
        ),
        audience="Tous les collaborateurs du groupe.",
        how_to_order="La ligne est ouverte à l'arrivée du collaborateur ; pour un groupement "
                     "d'appels ou un déménagement, utilisez le formulaire « Téléphonie » du "
                     "portail.",
        prerequisites="Aucun prérequis.",
        keywords="téléphone fixe téléphonie ip ligne numéro direct standard softphone "
                 "messagerie vocale poste téléphonique",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(),
        related=("COL-TEAMS", "TEL-SMARTPHONE"),
        target=None,
        coverage=0.93,
    ),
    ServiceSpec(
        code="TEL-SMARTPHONE",
        family="telephonie-mobilite",
        name="Smartphone professionnel",
        summary="Un smartphone sécurisé, avec forfait, messagerie et applications de "
                "l'entreprise, pour rester joignable et réactif en déplacement.",
        benefits=(
            "Vous répondez à vos courriels et rejoignez une réunion Teams où que vous soyez.",
            "Vos données professionnelles sont protégées et séparées de vos usages personnels.",
            "En cas de perte ou de vol, l'appareil est bloqué à distance et remplacé rapidement.",
            "Vous n'avez aucune démarche à faire auprès d'un opérateur.",
        ),
        strong_points=(
            "Appels illimités en France et en Europe.",
            "Remplacement sous 48 heures en cas de casse ou de vol.",
        ),
        included=(
            "Smartphone de gamme professionnelle, coque et verre de protection",
            "Forfait voix, SMS et 50 Go de données",
            "Gestion de flotte et sécurisation à distance",
            "Applications professionnelles préinstallées",
        ),
        not_included=(
            "Usage professionnel de votre téléphone personnel",
            "Achats d'applications personnelles",
            "Hors forfait hors Union européenne sans option « international »",
        ),
        audience="Les collaborateurs dont la fonction exige d'être joignables en mobilité, sur "
                 "accord du manager.",
        how_to_order="Commandez-le depuis le formulaire « Téléphonie mobile » du portail ; "
                     "l'appareil est livré sous cinq jours ouvrés.",
        prerequisites="Accord du manager et signature de la charte d'usage des équipements "
                      "mobiles.",
        keywords="smartphone mobile téléphone portable gsm iphone android forfait flotte",
        lifecycle=_MATURE,
        commitments=_HARDWARE,
        links=(),
        related=("TEL-DATA", "COL-MESSAGERIE", "SEC-MFA"),
        target=None,
        coverage=0.78,
    ),
    ServiceSpec(
        code="TEL-DATA",
        family="telephonie-mobilite",
        name="Forfaits data et clés 4G/5G",
        summary="Une connexion internet mobile pour votre ordinateur ou votre tablette, là où "
                "il n'y a ni Wi-Fi ni réseau de l'entreprise.",
        benefits=(
            "Vous travaillez dans le train, sur un chantier ou chez un client sans chercher de "
            "Wi-Fi.",
            "Votre connexion est plus sûre qu'un Wi-Fi public.",
            "L'option internationale s'active en une journée pour vos déplacements.",
        ),
        strong_points=(
            "Couverture 5G dans les principales villes.",
            "Alertes de consommation pour éviter le hors forfait.",
        ),
        included=(
            "Carte SIM data ou clé 4G/5G",
            "Forfait de 100 Go par mois en France",
            "Option internationale sur demande",
            "Alertes de consommation",
        ),
        not_included=(
            "Ordinateur ou tablette",
            "Partage de connexion pour un usage personnel",
        ),
        audience="Les collaborateurs itinérants, sur accord du manager.",
        how_to_order="Commandez votre forfait depuis le formulaire « Téléphonie mobile » du "
                     "portail, rubrique « Data ».",
        prerequisites="Disposer d'un équipement compatible fourni par la DSI.",
        keywords="forfait data clé 4g 5g internet mobile sim modem routeur connexion partage "
                 "de connexion",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("PDT-NOMADE", "TEL-SMARTPHONE", "SEC-VPN"),
        target=None,
        coverage=0.35,
    ),
    ServiceSpec(
        code="TEL-TABLETTE",
        family="telephonie-mobilite",
        name="Tablette terrain",
        summary="Une tablette durcie avec vos formulaires métier, pour saisir interventions, "
                "inventaires et contrôles directement sur le terrain.",
        benefits=(
            "Vous rédigez vos comptes rendus sur place, sans ressaisie le soir au bureau.",
            "Photos, signatures et géolocalisation sont jointes automatiquement à "
            "l'intervention.",
            "Vos informations remontent en temps réel vers la GMAO ou l'entrepôt.",
        ),
        strong_points=(
            "Fonctionne hors connexion et se synchronise dès le retour du réseau.",
            "Résiste aux chutes et aux projections d'eau.",
        ),
        included=(
            "Tablette durcie avec stylet et coque de transport",
            "Forfait data 4G",
            "Applications de saisie terrain reliées à la GMAO et au WMS",
            "Prise en main accompagnée des utilisateurs pilotes",
        ),
        not_included=(
            "Nouveaux formulaires hors du périmètre du pilote",
            "Déploiement généralisé, prévu après le bilan du pilote",
        ),
        audience="Les équipes de maintenance, de logistique et d'intervention retenues pour le "
                 "pilote.",
        how_to_order="Manifestez votre intérêt via le formulaire « Demande d'information » du "
                     "portail ; le chef de produit vous recontactera pour la prochaine vague.",
        prerequisites="Participer aux ateliers de retour d'expérience du pilote.",
        keywords="tablette terrain durcie mobilité saisie intervention inventaire formulaire "
                 "mobile pilote",
        lifecycle=_PILOT,
        commitments=_HARDWARE,
        links=(),
        related=("APP-GMAO", "APP-WMS", "TEL-DATA"),
        target=("DI-MAINT", "DLOG", "FIL-SERV", "DI-LYON"),
        coverage=0.25,
    ),
    ServiceSpec(
        code="TEL-AUDIOCONF",
        family="telephonie-mobilite",
        name="Audioconférence par numéro d'accès",
        summary="L'ancien service de ponts d'audioconférence, remplacé par les réunions Teams, "
                "que l'on peut aussi rejoindre par téléphone.",
        benefits=(
            "Vos réunions téléphoniques se tiennent désormais dans Teams, partage d'écran en "
            "plus.",
            "Les participants sans ordinateur rejoignent toujours la réunion par un simple "
            "numéro de téléphone.",
            "Vous n'avez plus de code d'accès à réserver à l'avance.",
        ),
        strong_points=(
            "Tous les ponts ont été migrés vers Teams sans interruption.",
            "40 000 € de frais d'opérateur économisés chaque année.",
        ),
        included=(
            "Informations sur la migration vers Teams",
            "Accompagnement des derniers utilisateurs des anciens numéros",
            "Réponses aux questions sur les anciennes factures",
        ),
        not_included=(
            "Réservation de nouveaux ponts d'audioconférence",
        ),
        audience="Service retiré : aucune nouvelle souscription n'est possible.",
        how_to_order="Ce service ne peut plus être commandé. Pour organiser une réunion, "
                     "utilisez Teams ou le formulaire « Collaboration » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="audioconférence audio conférence pont téléphonique conf call numéro d'accès "
                 "code réunion téléphonique",
        lifecycle=_RETIRED,
        commitments=_ADVISORY,
        links=(),
        related=("COL-TEAMS",),
        target=None,
        coverage=0.0,
    ),
    # --- Applications métiers ---------------------------------------------------------------
    ServiceSpec(
        code="APP-CRM",
        family="applications-metiers",
        name="CRM commercial",
        summary="Toutes les informations sur vos clients, vos opportunités et vos devis dans un "
                "seul outil, au bureau comme en rendez-vous.",
        benefits=(
            "Vous préparez un rendez-vous en deux minutes avec l'historique complet du client.",
            "Vos prévisions de ventes sont fiables et partagées avec la direction, sans tableur.",
            "Un commercial absent ? Son collègue reprend le dossier sans rien perdre.",
            "Vos campagnes marketing ciblent les bons clients et vous en mesurez le retour.",
        ),
        strong_points=(
            "Application mobile utilisable hors connexion en rendez-vous.",
            "Devis établis avec les tarifs de l'ERP, toujours à jour.",
            "Tableaux de bord commerciaux prêts à l'emploi.",
        ),
        included=(
            "Licences pour les équipes commerciales et marketing",
            "Gestion des comptes, contacts, opportunités et devis",
            "Application mobile",
            "Interface avec l'ERP pour les tarifs, les commandes et les encours",
            "Évolutions mineures de paramétrage (champs, listes, vues)",
        ),
        not_included=(
            "Achat de fichiers de prospects",
            "Évolutions majeures, traitées en projet",
        ),
        audience="Les directions commerciale et marketing et leurs équipes.",
        how_to_order="Demandez un accès ou une évolution depuis le formulaire « CRM » du "
                     "portail ; l'accès est validé par le responsable commercial de l'entité.",
        prerequisites="Suivre le module en ligne « Prise en main du CRM » (45 minutes).",
        keywords="crm relation client gestion commerciale prospects opportunités devis "
                 "pipeline ventes fichier clients",
        lifecycle=_MATURE,
        commitments=_BUSINESS,
        links=(("Guide du commercial", f"{_INTRANET}/guides/crm"),),
        related=("ERP-FINANCE", "BI-POWERBI", "PDT-NOMADE"),
        target=("DC", "DC-FRANCE", "DC-EXPORT", "DMKT"),
        coverage=0.75,
    ),
    ServiceSpec(
        code="APP-GMAO",
        family="applications-metiers",
        name="GMAO – maintenance industrielle",
        summary="Planifiez la maintenance préventive, suivez les pannes et gérez les pièces "
                "détachées de vos équipements industriels et de vos bâtiments.",
        benefits=(
            "Moins d'arrêts de ligne grâce à une maintenance préventive planifiée "
            "automatiquement.",
            "Vos techniciens savent quelle intervention réaliser, avec l'historique de "
            "l'équipement.",
            "Les pièces critiques sont en stock au bon moment.",
            "Vous justifiez facilement vos contrôles réglementaires lors des audits.",
        ),
        strong_points=(
            "Historique complet de chaque équipement depuis sa mise en service.",
            "Disponibilité des équipements et temps moyen entre pannes suivis en temps réel.",
        ),
        included=(
            "Accès pour les équipes de maintenance et de production",
            "Gestion des équipements, des interventions et des plans préventifs",
            "Gestion du magasin de pièces détachées",
            "Interface avec les achats pour les réapprovisionnements",
        ),
        not_included=(
            "Capteurs et objets connectés sur les machines",
            "Saisie de l'historique lors de l'arrivée d'un nouveau site",
        ),
        audience="Les équipes de maintenance, de production et de logistique des sites "
                 "industriels.",
        how_to_order="Demandez un accès ou une évolution depuis le formulaire « Applications "
                     "industrielles » du portail.",
        prerequisites="Accord du responsable maintenance du site.",
        keywords="gmao maintenance préventive curative intervention panne équipement pièces "
                 "détachées magasin usine",
        lifecycle=_LIVE,
        commitments=_BUSINESS,
        links=(),
        related=("APP-MES", "ERP-ACHATS", "TEL-TABLETTE"),
        target=("DI", "DI-LYON", "DI-MAINT", "DLOG"),
        coverage=0.75,
    ),
    ServiceSpec(
        code="APP-MES",
        family="applications-metiers",
        name="MES – pilotage de la production",
        summary="Suivez en temps réel la production de l'usine, la traçabilité des lots et la "
                "performance des lignes, de l'ordre de fabrication à l'expédition.",
        benefits=(
            "Vous savez à tout instant ce qui est produit, sur quelle ligne et avec quel "
            "rendement.",
            "Vous retrouvez en quelques minutes les lots concernés par une réclamation qualité.",
            "Fini les feuilles de production papier : les opérateurs saisissent au pied de la "
            "ligne.",
            "Vous identifiez les causes d'arrêt et améliorez le TRS de vos lignes.",
        ),
        strong_points=(
            "Astreinte 24 h/24 et 7 j/7, au rythme des équipes en trois-huit.",
            "Traçabilité conforme aux exigences de l'ISO 9001 et des clients.",
        ),
        included=(
            "Suivi des ordres de fabrication et déclarations de production",
            "Traçabilité des matières et des lots",
            "Calcul du TRS et suivi des arrêts",
            "Interfaces avec l'ERP et la GMAO",
            "Astreinte 24 h/24 pour les incidents bloquants",
        ),
        not_included=(
            "Automates et supervision des machines",
            "Paramétrage d'une nouvelle ligne hors projet",
        ),
        audience="La direction industrielle, l'usine de Lyon et les équipes de maintenance.",
        how_to_order="Demandez un accès, un paramétrage ou une évolution depuis le formulaire "
                     "« Applications industrielles » du portail.",
        prerequisites="Postes d'atelier raccordés au réseau industriel du site.",
        keywords="mes production usine atelier ordre de fabrication traçabilité lot trs "
                 "rendement ligne qualité",
        lifecycle=_LIVE,
        commitments=_CRITICAL,
        links=(),
        related=("APP-GMAO", "DOC-GED", "BI-POWERBI"),
        target=("DI", "DI-LYON", "DI-MAINT"),
        coverage=0.67,
    ),
    ServiceSpec(
        code="APP-WMS",
        family="applications-metiers",
        name="Gestion d'entrepôt (WMS)",
        summary="Pilotez réceptions, stocks, préparations et expéditions avec des terminaux de "
                "scan et un stock juste en temps réel.",
        benefits=(
            "Vos commandes partent à l'heure, avec moins d'erreurs de préparation.",
            "Le stock affiché est le stock réel : les commerciaux promettent des délais "
            "tenables.",
            "Guidé par son terminal, un intérimaire est productif dès sa première journée.",
            "Les inventaires tournants remplacent l'inventaire annuel et sa journée d'arrêt.",
        ),
        strong_points=(
            "Astreinte renforcée pendant les pics d'activité de fin d'année.",
            "Échanges automatiques avec les transporteurs et l'ERP.",
        ),
        included=(
            "Application WMS et terminaux de scan",
            "Gestion des emplacements, réceptions, préparations et expéditions",
            "Impression des étiquettes transporteurs",
            "Interfaces avec l'ERP et les transporteurs",
        ),
        not_included=(
            "Chariots, convoyeurs et équipements de manutention",
            "Imprimantes d'étiquettes, fournies par la logistique",
        ),
        audience="La direction logistique et le magasin de l'usine de Lyon.",
        how_to_order="Demandez un accès, un terminal ou une évolution depuis le formulaire "
                     "« Logistique » du portail.",
        prerequisites="Couverture Wi-Fi industrielle dans les zones de stockage.",
        keywords="wms entrepôt logistique stock inventaire préparation expédition réception "
                 "scan terminal transporteur",
        lifecycle=_MATURE,
        commitments=_CRITICAL,
        links=(),
        related=("ERP-ACHATS", "TEL-TABLETTE", "INF-RESEAU-SITES"),
        target=("DLOG", "DI-LYON"),
        coverage=1.0,
    ),
    ServiceSpec(
        code="APP-LIMS",
        family="applications-metiers",
        name="Gestion de laboratoire (LIMS)",
        summary="Un projet d'outil commun aux laboratoires de R&D et de qualité pour gérer "
                "échantillons, analyses et résultats, sans tableurs ni cahiers papier.",
        benefits=(
            "Vous retrouveriez vos résultats d'analyse en quelques secondes, échantillon par "
            "échantillon.",
            "Les certificats d'analyse seraient produits automatiquement pour les clients.",
            "Vos données d'essais seraient fiables et directement exploitables pour les "
            "dossiers réglementaires.",
        ),
        strong_points=(
            "Étude menée avec les laboratoires de la R&D et de l'usine de Lyon.",
            "Raccordement direct des appareils de mesure envisagé.",
        ),
        included=(
            "Recueil des besoins auprès des laboratoires",
            "Comparaison des solutions du marché",
            "Estimation du budget et du calendrier",
        ),
        not_included=(
            "Mise en service avant la décision du comité d'investissement",
            "Remplacement des appareils de laboratoire",
        ),
        audience="Les laboratoires de la R&D et le service qualité de l'usine.",
        how_to_order="Pour contribuer à l'étude, contactez le chef de produit via le formulaire "
                     "« Demande d'information » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="lims laboratoire échantillon analyse essai résultat qualité r&d certificat "
                 "d'analyse",
        lifecycle=_STUDY,
        commitments=_BUSINESS,
        links=(),
        related=("APP-MES", "DOC-GED"),
        target=("DRD", "DI", "DI-LYON"),
        coverage=0.0,
    ),
    ServiceSpec(
        code="APP-API",
        family="applications-metiers",
        name="Intégration et API",
        summary="Faites dialoguer vos applications entre elles et avec vos partenaires, pour "
                "que l'information circule sans ressaisie.",
        benefits=(
            "Vos données ne sont saisies qu'une fois et circulent automatiquement entre les "
            "applications.",
            "Clients et fournisseurs échangent commandes et factures directement avec nos "
            "systèmes.",
            "Un nouveau partenaire est raccordé en quelques semaines au lieu de plusieurs mois.",
            "Vous êtes prévenu d'un échange en erreur avant que l'activité ne soit bloquée.",
        ),
        strong_points=(
            "Catalogue d'API réutilisables : clients, articles, stocks, commandes.",
            "Supervision de tous les flux sur un tableau de bord unique.",
        ),
        included=(
            "Étude du besoin d'échange et choix de la solution",
            "Développement et test des flux et des API",
            "Publication sur la plateforme d'intégration du groupe",
            "Supervision et relance des flux en erreur",
        ),
        not_included=(
            "Évolutions des applications des partenaires",
            "Échanges de données personnelles sans l'accord du délégué à la protection des "
            "données",
        ),
        audience="Les directions métiers et les chefs de projet, pour tout échange entre "
                 "applications ou avec un partenaire.",
        how_to_order="Décrivez votre besoin dans le formulaire « Intégration et API » du "
                     "portail ; un architecte vous recontacte sous cinq jours ouvrés.",
        prerequisites="Identifier les applications concernées et leurs responsables.",
        keywords="api intégration interface flux échange de données edi webservice connecteur "
                 "interopérabilité",
        lifecycle=_LIVE,
        commitments=_BUSINESS,
        links=(("Catalogue des API", f"{_INTRANET}/api/catalogue"),),
        related=("ASS-DEV", "ERP-FINANCE", "INF-HEBERGEMENT"),
        target=None,
        coverage=0.3,
    ),
    # --- ERP et gestion ---------------------------------------------------------------------
    ServiceSpec(
        code="ERP-FINANCE",
        family="erp-gestion",
        name="ERP finance (SAP)",
        summary="Comptabilité générale, fournisseurs, clients et immobilisations dans un ERP "
                "unique, pour des clôtures rapides et des chiffres partagés par tous.",
        benefits=(
            "Vos clôtures mensuelles sont bouclées en cinq jours au lieu de dix.",
            "Chacun travaille sur les mêmes chiffres, de la comptabilité à la direction "
            "générale.",
            "Les factures fournisseurs sont rapprochées automatiquement des commandes et des "
            "réceptions.",
            "Vous répondez sereinement aux commissaires aux comptes grâce à la piste d'audit.",
        ),
        strong_points=(
            "Assistance renforcée pendant les périodes de clôture.",
            "Prêt pour la facturation électronique obligatoire.",
        ),
        included=(
            "Accès aux modules comptables et financiers",
            "Support fonctionnel par les consultants SAP de la DSI",
            "Assistance renforcée pendant les clôtures",
            "Mises à jour réglementaires (fiscalité, facturation électronique)",
        ),
        not_included=(
            "Formation aux métiers de la comptabilité : seule la prise en main de l'outil est "
            "incluse",
            "Évolutions majeures, traitées en projet",
        ),
        audience="La direction financière et ses départements, ainsi que les utilisateurs "
                 "habilités des achats, de la logistique et de la direction générale.",
        how_to_order="Demandez un accès ou une évolution depuis le formulaire « ERP » du "
                     "portail ; les habilitations sont validées par le responsable du processus.",
        prerequisites="Habilitations validées par le responsable du processus financier "
                      "concerné.",
        keywords="erp sap finance comptabilité grand livre fournisseurs clients immobilisations "
                 "clôture facture",
        lifecycle=_MATURE,
        commitments=_BUSINESS,
        links=(("Calendrier des clôtures", f"{_INTRANET}/finance/clotures"),),
        related=("ERP-ACHATS", "ERP-TRESORERIE", "BI-ENTREPOT"),
        target=("DG", "DF", "DF-COMPTA", "DF-CDG", "DF-TRESO", "DACH", "DLOG"),
        coverage=0.86,
    ),
    ServiceSpec(
        code="ERP-ACHATS",
        family="erp-gestion",
        name="Achats et approvisionnements",
        summary="De la demande d'achat à la réception, commandez auprès des fournisseurs "
                "référencés en quelques clics et suivez vos commandes en temps réel.",
        benefits=(
            "Vous commandez vous-même dans les catalogues des fournisseurs référencés, aux prix "
            "négociés.",
            "Vos demandes sont validées en ligne, sans papier, même en déplacement.",
            "Vous savez à tout moment où en est votre commande et quand elle sera livrée.",
            "Les approvisionneurs anticipent les besoins en matières grâce aux propositions "
            "automatiques.",
        ),
        strong_points=(
            "Circuit de validation adapté au montant et à la nature de l'achat.",
            "Catalogues fournisseurs intégrés : fournitures, informatique, équipements de "
            "protection.",
        ),
        included=(
            "Demandes d'achat et circuits de validation",
            "Commandes, réceptions et suivi des fournisseurs",
            "Catalogues électroniques des fournisseurs référencés",
            "Propositions de réapprovisionnement",
        ),
        not_included=(
            "Négociation avec les fournisseurs, assurée par la direction des achats",
            "Référencement de nouveaux fournisseurs",
        ),
        audience="La direction des achats, les approvisionneurs et les demandeurs habilités "
                 "des directions.",
        how_to_order="Demandez votre habilitation depuis le formulaire « ERP » du portail, en "
                     "précisant votre rôle : demandeur, valideur ou acheteur.",
        prerequisites="Délégation de signature à jour pour les valideurs.",
        keywords="achats approvisionnement demande d'achat commande fournisseur catalogue "
                 "réception validation erp sap",
        lifecycle=_LIVE,
        commitments=_BUSINESS,
        links=(),
        related=("ERP-FINANCE", "APP-GMAO", "ERP-CONTRATS"),
        target=("DACH", "DF", "DF-COMPTA", "DI", "DI-LYON", "DI-MAINT", "DLOG", "DRD", "DSI"),
        coverage=0.78,
    ),
    ServiceSpec(
        code="ERP-SIRH",
        family="erp-gestion",
        name="Paie et RH (SIRH)",
        summary="Paie, temps, congés et dossiers des collaborateurs réunis dans un SIRH "
                "sécurisé, pour une paie juste et à l'heure chaque mois.",
        benefits=(
            "La paie des 1 700 salariés est produite à l'heure et sans erreur chaque mois.",
            "Les collaborateurs posent leurs congés en ligne et les managers valident en un "
            "clic.",
            "Les déclarations sociales (DSN) suivent automatiquement les évolutions "
            "réglementaires.",
            "Les données personnelles des collaborateurs ne sont accessibles qu'aux personnes "
            "habilitées.",
        ),
        strong_points=(
            "Calendrier de paie garanti, avec astreinte les jours de calcul.",
            "Portail salarié avec bulletins de paie dématérialisés.",
        ),
        included=(
            "Modules paie, gestion administrative, temps et absences",
            "Portail salarié et manager",
            "Mises à jour légales et conventionnelles",
            "Astreinte pendant les calculs de paie",
        ),
        not_included=(
            "Paramétrage d'un nouvel accord d'entreprise annoncé moins d'un mois à l'avance",
            "Gestion des entretiens et de la formation, à l'étude",
        ),
        audience="La direction des ressources humaines et le service paie ; les collaborateurs "
                 "et les managers via le portail salarié.",
        how_to_order="Les demandes d'accès et d'évolution sont faites par les RH via le "
                     "formulaire « SIRH » du portail.",
        prerequisites="Habilitation validée par le responsable SIRH et engagement de "
                      "confidentialité signé.",
        keywords="paie sirh rh ressources humaines bulletin de salaire congés absences temps "
                 "dsn dossier salarié",
        lifecycle=_MATURE,
        commitments=_CRITICAL,
        links=(),
        related=("SEC-HABILITATIONS", "DOC-SIGNATURE", "BI-ENTREPOT"),
        target=("DRH", "DRH-PAIE", "DRH-RECRUT"),
        coverage=1.0,
    ),
    ServiceSpec(
        code="ERP-NOTEFRAIS",
        family="erp-gestion",
        name="Notes de frais",
        summary="Photographiez vos justificatifs avec votre smartphone : la note de frais se "
                "remplit seule et vous êtes remboursé plus vite.",
        benefits=(
            "Vous saisissez une dépense en trente secondes, en photographiant le ticket.",
            "Vous êtes remboursé sous dix jours, par virement.",
            "Votre manager valide en un clic, même en déplacement.",
            "Plus besoin de conserver ni d'envoyer les justificatifs papier.",
        ),
        strong_points=(
            "Lecture automatique du montant, de la date et de la TVA.",
            "Justificatifs numérisés à valeur probante.",
        ),
        included=(
            "Application mobile et web de notes de frais",
            "Circuit de validation par le manager et la comptabilité",
            "Comptabilisation automatique",
            "Import des relevés de carte affaires",
        ),
        not_included=(
            "Réservation des voyages, faite avec l'outil de l'agence de voyages",
            "Carte affaires, délivrée par la trésorerie",
        ),
        audience="Tous les collaborateurs amenés à engager des frais professionnels.",
        how_to_order="L'accès est ouvert automatiquement ; pour une question ou une anomalie, "
                     "utilisez le formulaire « Notes de frais » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="notes de frais dépenses remboursement justificatif ticket déplacement carte "
                 "affaires indemnités kilométriques",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("ERP-FINANCE", "TEL-SMARTPHONE"),
        target=None,
        coverage=0.72,
    ),
    ServiceSpec(
        code="ERP-TRESORERIE",
        family="erp-gestion",
        name="Trésorerie et paiements",
        summary="Suivez la trésorerie du groupe au jour le jour et sécurisez vos paiements, de "
                "la prévision au virement signé.",
        benefits=(
            "Vous connaissez chaque matin la position de trésorerie de toutes les sociétés du "
            "groupe.",
            "Vos paiements sont signés électroniquement et transmis aux banques sans ressaisie.",
            "Le risque de fraude au virement recule grâce aux contrôles automatiques.",
        ),
        strong_points=(
            "Double validation et contrôle des coordonnées bancaires avant tout virement.",
            "Communication bancaire sécurisée (EBICS) avec toutes les banques du groupe.",
        ),
        included=(
            "Outil de gestion de trésorerie et de prévisions",
            "Communication bancaire et signature des remises",
            "Rapprochement bancaire automatique",
            "Assistance prioritaire les jours d'échéance",
        ),
        not_included=(
            "Négociation des conditions bancaires",
            "Gestion des placements financiers",
        ),
        audience="La direction financière et le service trésorerie.",
        how_to_order="Demandez un accès ou une évolution depuis le formulaire « ERP » du "
                     "portail ; tout pouvoir de signature est validé par le trésorier.",
        prerequisites="Certificat de signature personnel et authentification forte activée.",
        keywords="trésorerie paiement virement banque ebics rapprochement bancaire prévision "
                 "cash signature remise",
        lifecycle=_MATURE,
        commitments=_CRITICAL,
        links=(),
        related=("ERP-FINANCE", "SEC-MFA"),
        target=("DF", "DF-TRESO"),
        coverage=1.0,
    ),
    ServiceSpec(
        code="ERP-CONTRATS",
        family="erp-gestion",
        name="Gestion des contrats",
        summary="Centralisez vos contrats, leurs échéances et leurs avenants pour ne plus "
                "jamais laisser passer une date de résiliation.",
        benefits=(
            "Vous êtes prévenu avant chaque échéance et chaque date de préavis.",
            "Vous retrouvez un contrat et ses avenants en quelques secondes.",
            "Juristes, acheteurs et opérationnels travaillent sur la même version du contrat.",
        ),
        strong_points=(
            "Circuit de validation et signature électronique intégrés.",
            "Reprise des contrats existants accompagnée pendant le pilote.",
        ),
        included=(
            "Référentiel des contrats et de leurs échéances",
            "Alertes automatiques avant renouvellement",
            "Circuit de validation juridique",
            "Reprise des contrats prioritaires du pilote",
        ),
        not_included=(
            "Rédaction et négociation des contrats",
            "Reprise de tout l'historique papier",
        ),
        audience="La direction juridique et la direction des achats, puis les autres directions "
                 "après le pilote.",
        how_to_order="Pour rejoindre le pilote, utilisez le formulaire « Demande "
                     "d'information » du portail en précisant le nombre de contrats concernés.",
        prerequisites="Désigner un référent contrats dans l'entité.",
        keywords="contrats gestion contractuelle échéance avenant résiliation préavis juridique "
                 "clm",
        lifecycle=_PILOT,
        commitments=_ADVISORY,
        links=(),
        related=("DOC-SIGNATURE", "ERP-ACHATS", "DOC-ARCHIVAGE"),
        target=("DJ", "DACH", "DC", "DF"),
        coverage=0.25,
    ),
    # --- Données et BI ----------------------------------------------------------------------
    ServiceSpec(
        code="BI-ENTREPOT",
        family="donnees-bi",
        name="Entrepôt de données",
        summary="Un référentiel unique qui rassemble les données de l'ERP, du CRM et de la "
                "production, pour que tout le monde parle des mêmes chiffres.",
        benefits=(
            "Les chiffres présentés en comité sont les mêmes pour toutes les directions.",
            "Vos analystes disposent de données propres et documentées, sans extractions "
            "manuelles.",
            "Vous croisez ventes, production et finance en une seule analyse.",
            "Dix ans d'historique pour analyser les tendances.",
        ),
        strong_points=(
            "Données rafraîchies chaque nuit, et toutes les heures pour les ventes.",
            "Dictionnaire de données en ligne.",
        ),
        included=(
            "Intégration des données des applications du groupe",
            "Modèles de données par domaine : ventes, finance, production, RH",
            "Accès pour les outils d'analyse autorisés",
            "Documentation et dictionnaire de données",
        ),
        not_included=(
            "Intégration de sources externes sans contrat",
            "Conception des tableaux de bord (voir Tableaux de bord Power BI)",
        ),
        audience="Les contrôleurs de gestion, analystes et responsables du reporting de toutes "
                 "les directions.",
        how_to_order="Demandez un accès ou l'ajout d'une source depuis le formulaire « Données "
                     "et BI » du portail.",
        prerequisites="Avoir suivi le module en ligne « Bonnes pratiques de la donnée » "
                      "(une heure).",
        keywords="entrepôt de données datawarehouse data lake données reporting analyse "
                 "historique référentiel chiffres",
        lifecycle=_LIVE,
        commitments=_BUSINESS,
        links=(),
        related=("BI-POWERBI", "BI-GOUVERNANCE"),
        target=None,
        coverage=0.45,
    ),
    ServiceSpec(
        code="BI-POWERBI",
        family="donnees-bi",
        name="Tableaux de bord Power BI",
        summary="Des tableaux de bord interactifs et à jour pour piloter votre activité, sur "
                "ordinateur comme sur smartphone.",
        benefits=(
            "Vous suivez vos indicateurs clés chaque matin, sans préparer de fichier Excel.",
            "Vous explorez les chiffres vous-même : par période, par site, par produit.",
            "Vous êtes alerté quand un indicateur s'écarte de sa cible.",
            "Vos comités s'appuient sur des chiffres à jour et partagés.",
        ),
        strong_points=(
            "Premier tableau de bord livré en quatre semaines avec vos utilisateurs clés.",
            "Communauté d'utilisateurs Power BI animée chaque mois.",
        ),
        included=(
            "Licences Power BI de consultation",
            "Conception d'un tableau de bord avec un analyste de la DSI",
            "Publication et gestion des droits d'accès",
            "Formation des utilisateurs clés",
        ),
        not_included=(
            "Licences de création pour les utilisateurs non formés",
            "Données absentes de l'entrepôt de données",
        ),
        audience="Tous les managers et les équipes de pilotage des directions.",
        how_to_order="Décrivez votre besoin de pilotage dans le formulaire « Données et BI » du "
                     "portail ; un analyste organise un atelier de cadrage.",
        prerequisites="Données sources disponibles dans l'entrepôt de données ou une "
                      "application du groupe.",
        keywords="power bi tableau de bord dashboard indicateurs kpi reporting pilotage "
                 "graphique analyse",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(("Galerie des tableaux de bord", f"{_INTRANET}/bi/galerie"),),
        related=("BI-ENTREPOT", "ASS-FORMATION", "BI-REPORTING"),
        target=None,
        coverage=0.55,
    ),
    ServiceSpec(
        code="BI-REPORTING",
        family="donnees-bi",
        name="Rapports Business Objects",
        summary="Les rapports historiques Business Objects restent disponibles le temps de "
                "leur migration vers Power BI.",
        benefits=(
            "Vos rapports habituels continuent de fonctionner pendant la transition.",
            "La DSI migre vos rapports vers Power BI avec vous, en commençant par les plus "
            "utilisés.",
            "La migration est l'occasion de supprimer les rapports devenus inutiles.",
        ),
        strong_points=(
            "Inventaire des rapports et de leur usage remis à chaque direction.",
            "Migration sans surcoût pour les directions.",
        ),
        included=(
            "Accès aux rapports existants",
            "Maintien en conditions opérationnelles jusqu'à l'arrêt",
            "Migration accompagnée vers Power BI",
        ),
        not_included=(
            "Création de nouveaux rapports Business Objects",
            "Nouvelles licences",
        ),
        audience="Les utilisateurs actuels des rapports Business Objects.",
        how_to_order="Aucun nouvel accès n'est ouvert ; pour planifier la migration de vos "
                     "rapports, utilisez le formulaire « Données et BI » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="business objects bo rapport reporting webi requête extraction migration "
                 "power bi",
        lifecycle=_DECLINING,
        commitments=_STANDARD,
        links=(),
        related=("BI-POWERBI",),
        target=None,
        coverage=0.4,
    ),
    ServiceSpec(
        code="BI-GOUVERNANCE",
        family="donnees-bi",
        name="Gouvernance des données",
        summary="Des données fiables et bien définies grâce à des responsables identifiés, un "
                "glossaire commun et un suivi régulier de la qualité.",
        benefits=(
            "Tout le monde utilise la même définition de « client actif » ou de « chiffre "
            "d'affaires ».",
            "Les erreurs de données sont détectées et corrigées à la source.",
            "Vous savez qui est responsable de chaque donnée et à qui vous adresser.",
            "Vous démontrez plus facilement votre conformité au RGPD.",
        ),
        strong_points=(
            "Pilote mené avec la direction commerciale sur les données clients.",
            "Indicateurs de qualité des données publiés chaque mois.",
        ),
        included=(
            "Atelier d'identification des données clés et de leurs responsables",
            "Glossaire métier partagé",
            "Contrôles automatiques de la qualité des données",
            "Accompagnement des correspondants données",
        ),
        not_included=(
            "Correction des données à la place des métiers",
            "Référentiel unique des données de base, à l'étude",
        ),
        audience="Les directions volontaires pour le pilote, en priorité les directions "
                 "commerciale et financière.",
        how_to_order="Rejoignez le pilote via le formulaire « Données et BI » du portail, "
                     "rubrique « Gouvernance ».",
        prerequisites="Nommer un correspondant données dans la direction.",
        keywords="gouvernance des données qualité des données glossaire data owner rgpd "
                 "référentiel catalogue de données",
        lifecycle=_PILOT,
        commitments=_ADVISORY,
        links=(),
        related=("BI-ENTREPOT", "APP-CRM"),
        target=None,
        coverage=0.14,
    ),
    ServiceSpec(
        code="BI-IA",
        family="donnees-bi",
        name="Assistant IA pour l'analyse",
        summary="Étude d'un assistant d'intelligence artificielle qui répondrait en langage "
                "courant à vos questions sur les données du groupe.",
        benefits=(
            "Vous poseriez vos questions en français, sans connaître l'outil de reporting.",
            "Vous obtiendriez en quelques secondes un chiffre, un graphique et son explication.",
            "Vos analystes, libérés des demandes ponctuelles, se consacreraient aux analyses à "
            "forte valeur.",
        ),
        strong_points=(
            "Étude menée avec le délégué à la protection des données et l'équipe sécurité.",
            "Hébergement des données en Europe exigé.",
        ),
        included=(
            "Recueil des cas d'usage auprès des directions",
            "Preuve de concept sur les données de ventes",
            "Analyse des risques et des coûts",
        ),
        not_included=(
            "Mise en service avant la décision du comité",
            "Usage d'outils d'IA publics avec des données de l'entreprise",
        ),
        audience="Les directions qui souhaitent proposer un cas d'usage pour l'étude.",
        how_to_order="Proposez votre cas d'usage via le formulaire « Demande d'information » du "
                     "portail.",
        prerequisites="Aucun prérequis.",
        keywords="intelligence artificielle ia générative assistant chatbot copilote question "
                 "langage naturel analyse",
        lifecycle=_STUDY,
        commitments=_ADVISORY,
        links=(),
        related=("BI-ENTREPOT", "BI-GOUVERNANCE"),
        target=None,
        coverage=0.0,
    ),
    # --- Sécurité ---------------------------------------------------------------------------
    ServiceSpec(
        code="SEC-VPN",
        family="securite",
        name="Accès VPN",
        summary="Accédez en toute sécurité à vos applications et dossiers depuis votre "
                "domicile, un hôtel ou les locaux d'un client.",
        benefits=(
            "Vous travaillez à distance comme si vous étiez au bureau.",
            "La connexion s'établit d'elle-même dès que vous ouvrez votre ordinateur.",
            "Vos échanges sont chiffrés, même sur un Wi-Fi public.",
        ),
        strong_points=(
            "Connexion automatique et transparente au démarrage du poste.",
            "Capacité prévue pour que tous les collaborateurs se connectent en même temps.",
        ),
        included=(
            "Client VPN installé sur les postes du groupe",
            "Accès aux applications internes et aux dossiers partagés",
            "Aide à la connexion par le centre de services",
        ),
        not_included=(
            "Accès depuis un ordinateur personnel",
            "Accès des prestataires externes (voir Gestion des habilitations)",
        ),
        audience="Tous les collaborateurs équipés d'un poste fourni par la DSI.",
        how_to_order="Le VPN est activé d'office sur votre PC portable ; en cas de difficulté, "
                     "utilisez le formulaire « Accès à distance » du portail.",
        prerequisites="Authentification forte (MFA) activée sur votre compte.",
        keywords="vpn accès à distance télétravail connexion distante nomade tunnel sécurisé",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(("Se connecter à distance", f"{_INTRANET}/guides/vpn"),),
        related=("SEC-MFA", "PDT-LAPTOP"),
        target=None,
        coverage=0.93,
    ),
    ServiceSpec(
        code="SEC-MFA",
        family="securite",
        name="Authentification forte (MFA)",
        summary="Une validation sur votre smartphone protège votre compte : même avec votre mot "
                "de passe, personne ne peut se connecter à votre place.",
        benefits=(
            "Votre compte et vos données restent protégés, même si votre mot de passe est volé.",
            "Une simple notification à approuver, sans code à recopier.",
            "Une seule connexion vous ouvre toutes vos applications.",
        ),
        strong_points=(
            "Bloque plus de 99 % des attaques par vol d'identifiants.",
            "Clé physique proposée aux collaborateurs sans smartphone.",
        ),
        included=(
            "Application d'authentification sur smartphone",
            "Clé de sécurité physique en alternative",
            "Connexion unique aux applications du groupe",
            "Réinitialisation assistée par le centre de services",
        ),
        not_included=(
            "Applications incompatibles, traitées au cas par cas",
        ),
        audience="Tous les collaborateurs ; obligatoire pour l'accès à distance et les "
                 "applications sensibles.",
        how_to_order="L'enrôlement se fait à la première connexion ; pour une clé physique ou "
                     "une réinitialisation, utilisez le formulaire « Sécurité » du portail.",
        prerequisites="Un smartphone, professionnel ou personnel, ou à défaut une clé physique.",
        keywords="mfa authentification forte double authentification 2fa authenticator clé "
                 "sécurité sso mot de passe",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(("Activer l'authentification forte", f"{_INTRANET}/guides/mfa"),),
        related=("SEC-VPN", "SEC-HABILITATIONS"),
        target=None,
        coverage=0.94,
    ),
    ServiceSpec(
        code="SEC-HABILITATIONS",
        family="securite",
        name="Gestion des habilitations",
        summary="Chaque collaborateur a les bons accès dès son arrivée et les perd à son "
                "départ, sans oubli ni délai.",
        benefits=(
            "Un nouvel arrivant a ses accès dès le premier jour, sans relance.",
            "Les droits suivent automatiquement les mobilités internes.",
            "Les accès d'un collaborateur qui part sont fermés le jour même.",
            "Vos revues annuelles des habilitations se font en ligne en quelques minutes.",
        ),
        strong_points=(
            "Accès ouverts à partir des données RH, sans double saisie.",
            "Audits des commissaires aux comptes et des clients facilités.",
        ),
        included=(
            "Création, modification et suppression des comptes",
            "Profils d'accès types par métier",
            "Comptes à durée limitée pour les prestataires externes",
            "Campagnes annuelles de revue des droits",
        ),
        not_included=(
            "Définition des règles d'accès métier, qui relève de chaque direction",
        ),
        audience="Les managers et les RH pour les arrivées, mobilités et départs ; les "
                 "responsables d'application pour les revues.",
        how_to_order="Utilisez les formulaires « Arrivée », « Mobilité » ou « Départ » du "
                     "portail, au moins cinq jours ouvrés avant la date prévue.",
        prerequisites="Arrivée ou départ enregistré dans le SIRH.",
        keywords="habilitations droits d'accès compte utilisateur arrivée départ mobilité "
                 "profil autorisation identité",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("SEC-MFA", "ERP-SIRH"),
        target=None,
        coverage=0.88,
    ),
    ServiceSpec(
        code="SEC-SENSIBILISATION",
        family="securite",
        name="Sensibilisation à la cybersécurité",
        summary="Des modules courts et des exercices d'hameçonnage pour que vos équipes "
                "repèrent les pièges avant qu'ils ne coûtent cher.",
        benefits=(
            "Vos équipes reconnaissent un courriel frauduleux et savent le signaler.",
            "Le risque de fraude au président ou de rançongiciel diminue nettement.",
            "Des formats de dix minutes qui trouvent facilement leur place dans l'agenda.",
            "Vous mesurez les progrès de votre direction à chaque campagne.",
        ),
        strong_points=(
            "Taux de clic sur les faux courriels passé de 18 % à 6 % en deux ans.",
            "Sessions adaptées aux publics exposés : finance, paie, assistants de direction.",
        ),
        included=(
            "Modules d'apprentissage en ligne",
            "Campagnes d'hameçonnage simulé",
            "Interventions en réunion d'équipe",
            "Tableau de bord des résultats par direction",
        ),
        not_included=(
            "Formations certifiantes en sécurité pour les informaticiens",
        ),
        audience="Toutes les directions ; les sessions ciblées sont demandées par le directeur "
                 "ou le manager.",
        how_to_order="Demandez une session pour votre équipe depuis le formulaire « Sécurité » "
                     "du portail.",
        prerequisites="Aucun prérequis.",
        keywords="sensibilisation cybersécurité phishing hameçonnage sécurité informatique "
                 "formation fraude arnaque",
        lifecycle=_LIVE,
        commitments=_ADVISORY,
        links=(),
        related=("SEC-MFA", "ASS-FORMATION"),
        target=None,
        coverage=0.68,
    ),
    ServiceSpec(
        code="SEC-CONSEIL",
        family="securite",
        name="Conseil sécurité et conformité",
        summary="Un expert sécurité vous aide à évaluer les risques d'un projet, à répondre aux "
                "questionnaires de vos clients et à respecter le RGPD.",
        benefits=(
            "Vos projets intègrent la sécurité dès le départ, sans surcoût de dernière minute.",
            "Vous répondez aux questionnaires de sécurité de vos clients en quelques jours.",
            "Vous savez ce que le RGPD impose à vos traitements de données.",
        ),
        strong_points=(
            "Réponse sous cinq jours ouvrés aux questionnaires de sécurité des clients.",
            "Méthode d'analyse de risques reconnue (EBIOS Risk Manager).",
        ),
        included=(
            "Analyse de risques d'un projet ou d'une application",
            "Aide à la réponse aux questionnaires et audits des clients",
            "Conseil RGPD avec le délégué à la protection des données",
            "Suivi du plan d'actions",
        ),
        not_included=(
            "Tests d'intrusion réalisés par un prestataire (sur devis)",
            "Certification ISO 27001 de l'entité",
        ),
        audience="Les directions et les chefs de projet du groupe.",
        how_to_order="Décrivez votre besoin dans le formulaire « Sécurité » du portail, "
                     "rubrique « Conseil ».",
        prerequisites="Aucun prérequis.",
        keywords="audit sécurité conseil conformité rgpd analyse de risques questionnaire "
                 "client iso 27001 ssi",
        lifecycle=_LIVE,
        commitments=_ADVISORY,
        links=(),
        related=("SEC-SENSIBILISATION", "ASS-AMOA"),
        target=None,
        coverage=0.3,
    ),
    ServiceSpec(
        code="SEC-COFFRE",
        family="securite",
        name="Coffre-fort de mots de passe",
        summary="Un coffre-fort numérique pour conserver et partager en sécurité les mots de "
                "passe des comptes d'équipe et des sites partenaires.",
        benefits=(
            "Fini les mots de passe notés sur un post-it ou dans un fichier Excel.",
            "Une équipe partage un compte fournisseur sans envoyer le mot de passe par "
            "courriel.",
            "Quand un collaborateur part, son accès au coffre de l'équipe est retiré "
            "automatiquement.",
        ),
        strong_points=(
            "Extension de navigateur qui remplit les mots de passe à votre place.",
            "Chiffrement de bout en bout : la DSI elle-même ne peut pas lire vos secrets.",
        ),
        included=(
            "Coffre personnel et coffres d'équipe",
            "Extension de navigateur et application mobile",
            "Générateur de mots de passe robustes",
        ),
        not_included=(
            "Comptes d'administration des serveurs, gérés par un outil dédié",
        ),
        audience="Les équipes volontaires du pilote, en priorité celles qui gèrent des comptes "
                 "partagés.",
        how_to_order="Inscrivez votre équipe au pilote via le formulaire « Sécurité » du "
                     "portail.",
        prerequisites="Authentification forte (MFA) activée.",
        keywords="coffre-fort mots de passe gestionnaire de mots de passe password manager "
                 "secret partage identifiants",
        lifecycle=_PILOT,
        commitments=_STANDARD,
        links=(),
        related=("SEC-MFA",),
        target=None,
        coverage=0.14,
    ),
    # --- Infrastructure et réseau -----------------------------------------------------------
    ServiceSpec(
        code="INF-HEBERGEMENT",
        family="infrastructure-reseau",
        name="Hébergement d'applications",
        summary="Confiez l'hébergement de vos applications aux centres de données sécurisés de "
                "la DSI : disponibilité, sauvegardes et mises à jour comprises.",
        benefits=(
            "Vos applications restent disponibles, surveillées jour et nuit.",
            "Vous vous concentrez sur votre métier : la DSI gère serveurs, mises à jour et "
            "capacité.",
            "Un environnement de test vous permet de valider vos évolutions sans risque.",
        ),
        strong_points=(
            "Deux centres de données redondants en région lyonnaise.",
            "Disponibilité garantie de 99,8 % pour les applications critiques.",
        ),
        included=(
            "Serveurs virtuels et bases de données",
            "Supervision 24 h/24",
            "Sauvegarde et plan de reprise d'activité",
            "Environnements de production et de test",
            "Mises à jour de sécurité des systèmes",
        ),
        not_included=(
            "Maintenance de l'application, assurée par l'éditeur ou le chef de projet",
            "Licences logicielles de l'application",
        ),
        audience="Les directions et les chefs de projet qui mettent en service ou font évoluer "
                 "une application.",
        how_to_order="Déposez votre demande via le formulaire « Hébergement » du portail ; un "
                     "architecte valide le dimensionnement sous cinq jours ouvrés.",
        prerequisites="Application référencée et dossier d'architecture validé.",
        keywords="hébergement serveur datacenter centre de données machine virtuelle base de "
                 "données production infrastructure",
        lifecycle=_MATURE,
        commitments=_CRITICAL,
        links=(),
        related=("INF-SAUVEGARDE", "INF-CLOUD", "APP-API"),
        target=None,
        coverage=0.6,
    ),
    ServiceSpec(
        code="INF-SAUVEGARDE",
        family="infrastructure-reseau",
        name="Sauvegarde et restauration",
        summary="Vos données et applications sont sauvegardées chaque nuit et restaurées "
                "rapidement en cas d'erreur, de panne ou d'attaque.",
        benefits=(
            "Un fichier supprimé par erreur ? Il est restauré dans la journée.",
            "Votre activité redémarre vite, même après une cyberattaque.",
            "Vous respectez vos obligations de conservation sans y penser.",
        ),
        strong_points=(
            "Copie isolée et non modifiable, à l'abri des rançongiciels.",
            "Test de restauration mensuel des applications critiques.",
        ),
        included=(
            "Sauvegarde quotidienne des serveurs, des bases et des partages",
            "Sauvegarde des données Microsoft 365",
            "Conservation de 30 jours, et de 12 mois pour les sauvegardes mensuelles",
            "Restauration sur demande",
        ),
        not_included=(
            "Archivage à valeur probante (voir Archivage électronique)",
            "Sauvegarde de disques ou de clés USB personnels",
        ),
        audience="Tous les collaborateurs et toutes les applications hébergées par la DSI.",
        how_to_order="La sauvegarde est automatique ; pour une restauration, utilisez le "
                     "formulaire « Restauration » du portail en précisant le fichier et la date.",
        prerequisites="Aucun prérequis.",
        keywords="sauvegarde backup restauration récupération fichier supprimé copie perte de "
                 "données rançongiciel",
        lifecycle=_MATURE,
        commitments=_CRITICAL,
        links=(),
        related=("INF-HEBERGEMENT", "COL-FICHIERS", "DOC-ARCHIVAGE"),
        target=None,
        coverage=0.92,
    ),
    ServiceSpec(
        code="INF-WIFI-INVITES",
        family="infrastructure-reseau",
        name="Wi-Fi invités",
        summary="Offrez à vos visiteurs un accès internet simple et sûr sur tous les sites du "
                "groupe, sans ouvrir le réseau de l'entreprise.",
        benefits=(
            "Vos clients et partenaires se connectent en quelques secondes pendant leur visite.",
            "Vous créez vous-même un code d'accès pour un séminaire ou une journée portes "
            "ouvertes.",
            "Le réseau de l'entreprise reste isolé et protégé.",
        ),
        strong_points=(
            "Codes d'accès valables de quelques heures à une semaine.",
            "Couverture de toutes les salles de réunion et de tous les espaces d'accueil.",
        ),
        included=(
            "Réseau Wi-Fi invités sur tous les sites",
            "Portail de création de codes pour l'accueil et les organisateurs",
            "Débit dédié, séparé du réseau de l'entreprise",
        ),
        not_included=(
            "Accès des invités aux applications internes",
            "Couverture des espaces extérieurs et des parkings",
        ),
        audience="Tous les collaborateurs qui reçoivent des visiteurs ; l'accueil pour la "
                 "gestion courante des codes.",
        how_to_order="Créez un code depuis le portail invités ; pour étendre la couverture ou "
                     "accueillir plus de 50 personnes, utilisez le formulaire « Réseau » du "
                     "portail.",
        prerequisites="Aucun prérequis.",
        keywords="wifi wi-fi invités visiteurs internet accès code hotspot réseau sans fil",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(),
        related=("INF-RESEAU-SITES", "COL-SALLES"),
        target=None,
        coverage=0.8,
    ),
    ServiceSpec(
        code="INF-RESEAU-SITES",
        family="infrastructure-reseau",
        name="Accès réseau des sites",
        summary="Une connexion rapide et secourue sur chaque site du groupe, pour que vos "
                "applications et vos réunions ne s'arrêtent jamais.",
        benefits=(
            "Vos applications répondent aussi vite sur tous les sites qu'au siège.",
            "Une coupure de ligne ne bloque plus l'activité : le lien de secours prend le "
            "relais.",
            "Un nouveau site ou un déménagement est raccordé sans mauvaise surprise.",
        ),
        strong_points=(
            "Double raccordement opérateur sur les sites de production et de logistique.",
            "Supervision 24 h/24 de tous les équipements réseau.",
        ),
        included=(
            "Liens opérateurs principal et de secours",
            "Réseau local filaire et Wi-Fi d'entreprise",
            "Supervision et maintenance des équipements",
            "Raccordement des nouveaux bureaux et déménagements",
        ),
        not_included=(
            "Travaux de câblage dans les bâtiments, à la charge du site",
            "Réseau industriel des machines de production",
        ),
        audience="Les responsables de site et les directions, pour de nouveaux locaux ou un "
                 "besoin de capacité.",
        how_to_order="Demandez un raccordement, un déménagement ou plus de débit depuis le "
                     "formulaire « Réseau » du portail, trois mois à l'avance pour un nouveau "
                     "site.",
        prerequisites="Local technique conforme au cahier des charges de la DSI.",
        keywords="réseau site connexion lien internet débit fibre wan lan wi-fi raccordement "
                 "déménagement",
        lifecycle=_MATURE,
        commitments=_CRITICAL,
        links=(),
        related=("INF-WIFI-INVITES", "SEC-VPN"),
        target=None,
        coverage=0.95,
    ),
    ServiceSpec(
        code="INF-CLOUD",
        family="infrastructure-reseau",
        name="Environnements cloud à la demande",
        summary="Obtenez en quelques heures un environnement cloud sécurisé et prêt à l'emploi "
                "pour tester une idée ou lancer un projet innovant.",
        benefits=(
            "Vous démarrez une expérimentation en quelques heures au lieu de plusieurs "
            "semaines.",
            "Vous ne payez que ce que vous consommez, dans un plafond fixé à l'avance.",
            "Les règles de sécurité du groupe s'appliquent automatiquement.",
        ),
        strong_points=(
            "Modèles prêts à l'emploi : site web, base de données, calcul.",
            "Suivi des coûts en temps réel, projet par projet.",
        ),
        included=(
            "Abonnement cloud dédié au projet",
            "Modèles sécurisés préconfigurés",
            "Suivi et plafonnement des coûts",
            "Accompagnement par un architecte cloud",
        ),
        not_included=(
            "Mise en production d'applications critiques pendant le pilote",
            "Données personnelles sensibles",
        ),
        audience="Les équipes R&D, marketing et projets innovants retenues pour le pilote.",
        how_to_order="Présentez votre projet via le formulaire « Hébergement » du portail, "
                     "rubrique « Cloud ».",
        prerequisites="Budget validé par la direction et centre de coûts identifié.",
        keywords="cloud azure aws environnement à la demande innovation expérimentation poc "
                 "bac à sable iaas paas",
        lifecycle=_PILOT,
        commitments=_STANDARD,
        links=(),
        related=("INF-HEBERGEMENT", "ASS-DEV"),
        target=None,
        coverage=0.09,
    ),
    # --- Assistance et accompagnement -------------------------------------------------------
    ServiceSpec(
        code="ASS-CDS",
        family="assistance-accompagnement",
        name="Assistance utilisateurs (centre de services)",
        summary="Un point de contact unique pour toutes vos demandes et tous vos incidents, par "
                "téléphone, portail ou chat, du lundi au vendredi de 7 h à 19 h.",
        benefits=(
            "Un seul numéro et un seul portail pour toutes vos questions informatiques.",
            "Deux appels sur trois sont résolus immédiatement, pendant l'appel.",
            "Vous suivez l'avancement de vos demandes en ligne, à tout moment.",
            "Les équipes en trois-huit bénéficient d'une astreinte la nuit et le week-end.",
        ),
        strong_points=(
            "Satisfaction moyenne de 4,3 sur 5, mesurée après chaque ticket.",
            "Prise en main à distance pour résoudre sans déplacement.",
            "Base de connaissances en libre-service.",
        ),
        included=(
            "Accueil par téléphone, portail et chat",
            "Diagnostic et résolution à distance",
            "Suivi des tickets jusqu'à leur clôture",
            "Astreinte pour les incidents critiques hors heures ouvrées",
            "Enquête de satisfaction après chaque ticket",
        ),
        not_included=(
            "Assistance sur du matériel personnel",
            "Formation approfondie aux logiciels (voir Formation bureautique)",
        ),
        audience="Tous les collaborateurs du groupe et de la filiale Alcyone Services.",
        how_to_order="Appelez le 5000 ou déclarez votre incident ou votre demande depuis le "
                     "formulaire du portail.",
        prerequisites="Aucun prérequis.",
        keywords="assistance support helpdesk hotline centre de services incident panne ticket "
                 "dépannage aide 5000",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(("Base de connaissances", f"{_INTRANET}/support/faq"),),
        related=("ASS-PROXIMITE", "ASS-FORMATION"),
        target=None,
        coverage=1.0,
    ),
    ServiceSpec(
        code="ASS-PROXIMITE",
        family="assistance-accompagnement",
        name="Support de proximité",
        summary="Un technicien se déplace à votre bureau ou dans l'atelier quand le problème ne "
                "peut pas être résolu à distance.",
        benefits=(
            "Votre matériel est réparé ou échangé sur place, sans que vous ayez à vous "
            "déplacer.",
            "Vos déménagements et installations de postes sont réalisés en dehors de vos "
            "heures de pointe.",
            "Votre technicien connaît votre site et vos contraintes de production.",
        ),
        strong_points=(
            "Techniciens présents en permanence au siège, à l'usine de Lyon et à Saint-Priest.",
            "Stock de pièces et de postes de remplacement sur chaque site.",
        ),
        included=(
            "Intervention sur site pour les incidents matériels",
            "Installation et déménagement de postes",
            "Échange standard du matériel défectueux",
            "Permanence « Bar IT » le mardi midi au siège",
        ),
        not_included=(
            "Interventions non planifiées sur les sites sans technicien",
            "Réparation de matériel non fourni par la DSI",
        ),
        audience="Tous les collaborateurs des sites du groupe.",
        how_to_order="Passez par le centre de services (5000 ou portail), qui déclenche "
                     "l'intervention si nécessaire. Les déménagements se commandent via le "
                     "formulaire « Intervention sur site » du portail.",
        prerequisites="Aucun prérequis.",
        keywords="proximité technicien intervention sur site déplacement installation "
                 "déménagement bar it réparation",
        lifecycle=_MATURE,
        commitments=_HARDWARE,
        links=(),
        related=("ASS-CDS", "PDT-LAPTOP", "PDT-PRET"),
        target=None,
        coverage=0.9,
    ),
    ServiceSpec(
        code="ASS-FORMATION",
        family="assistance-accompagnement",
        name="Formation bureautique",
        summary="Des formations courtes, en salle ou à distance, pour tirer pleinement parti "
                "d'Excel, de Teams et des outils Microsoft 365.",
        benefits=(
            "Vous gagnez du temps au quotidien en maîtrisant les fonctions vraiment utiles.",
            "Des sessions courtes, adaptées à votre niveau et à vos cas concrets.",
            "Vos équipes adoptent plus vite les nouveaux outils.",
        ),
        strong_points=(
            "Formats d'une heure et demie à distance ou d'une demi-journée en salle.",
            "Ateliers à la carte, sur vos propres fichiers.",
        ),
        included=(
            "Sessions Excel, Word, PowerPoint, Outlook et Teams",
            "Tutoriels vidéo en ligne",
            "Ateliers sur mesure pour une équipe",
            "Attestation de formation",
        ),
        not_included=(
            "Formations certifiantes externes, financées par le plan de développement des "
            "compétences",
            "Formation aux applications métiers, assurée par chaque chef de produit",
        ),
        audience="Tous les collaborateurs, avec l'accord de leur manager.",
        how_to_order="Inscrivez-vous à une session depuis le formulaire « Formation » du "
                     "portail ; pour un atelier d'équipe, précisez le nombre de participants et "
                     "vos objectifs.",
        prerequisites="Aucun prérequis.",
        keywords="formation bureautique excel word powerpoint office microsoft 365 tutoriel "
                 "atelier apprentissage",
        lifecycle=_LIVE,
        commitments=_ADVISORY,
        links=(("Calendrier des sessions", f"{_INTRANET}/formation/calendrier"),),
        related=("COL-TEAMS", "BI-POWERBI", "ASS-CDS"),
        target=None,
        coverage=0.55,
    ),
    ServiceSpec(
        code="ASS-AMOA",
        family="assistance-accompagnement",
        name="Accompagnement projet (AMOA)",
        summary="Un consultant de la DSI vous aide à formuler votre besoin, à choisir la bonne "
                "solution et à conduire le changement dans vos équipes.",
        benefits=(
            "Votre besoin est clarifié et chiffré avant d'engager un budget.",
            "Vous choisissez la solution adaptée, déjà au catalogue ou nouvelle.",
            "Vos équipes sont préparées et formées : le nouvel outil est vraiment utilisé.",
            "Vous avez un interlocuteur unique, du cadrage à la mise en service.",
        ),
        strong_points=(
            "Premier rendez-vous sous dix jours ouvrés.",
            "Méthode de cadrage éprouvée sur plus de 40 projets du groupe.",
        ),
        included=(
            "Atelier de cadrage et expression de besoin",
            "Étude d'opportunité et estimation des coûts",
            "Rédaction du cahier des charges",
            "Plan de conduite du changement et de formation",
            "Suivi de la recette",
        ),
        not_included=(
            "Réalisation technique (voir Développement d'applications sur mesure)",
            "Pilotage de projets sans lien avec le système d'information",
        ),
        audience="Les directeurs et managers porteurs d'un projet qui touche au système "
                 "d'information.",
        how_to_order="Présentez votre projet via le formulaire « Nouveau projet » du portail ; "
                     "votre responsable Relations Clients vous rappelle sous cinq jours.",
        prerequisites="Un sponsor identifié dans la direction.",
        keywords="amoa accompagnement projet conseil cadrage expression de besoin cahier des "
                 "charges conduite du changement consultant",
        lifecycle=_LIVE,
        commitments=_ADVISORY,
        links=(),
        related=("ASS-DEV", "APP-API", "SEC-CONSEIL"),
        target=None,
        coverage=0.4,
    ),
    ServiceSpec(
        code="ASS-DEV",
        family="assistance-accompagnement",
        name="Développement d'applications sur mesure",
        summary="Quand aucune solution du marché ne convient, la DSI conçoit avec vous une "
                "application web ou mobile adaptée à votre métier.",
        benefits=(
            "Vous disposez d'une application qui épouse exactement vos processus.",
            "Vous voyez le résultat toutes les trois semaines et ajustez les priorités en "
            "cours de route.",
            "L'application s'intègre aux outils du groupe et à la connexion unique.",
            "Elle est maintenue et sécurisée dans la durée par la DSI.",
        ),
        strong_points=(
            "Méthode agile, avec une démonstration à chaque itération.",
            "Applications simples réalisées en low-code en quelques semaines.",
        ),
        included=(
            "Conception avec vos utilisateurs clés",
            "Développement, tests et mise en production",
            "Documentation et formation des utilisateurs",
            "Maintenance corrective et évolutive",
        ),
        not_included=(
            "Sites web marketing et applications grand public, confiés à l'agence de la "
            "communication",
            "Reprise sans audit préalable d'applications développées hors de la DSI",
        ),
        audience="Les directions du groupe, après un cadrage avec l'accompagnement projet.",
        how_to_order="Présentez votre besoin via le formulaire « Nouveau projet » du portail ; "
                     "il est cadré avec un consultant avant d'être chiffré.",
        prerequisites="Besoin cadré et budget validé par la direction.",
        keywords="développement sur mesure application spécifique logiciel web mobile low-code "
                 "agile développeur projet",
        lifecycle=_LIVE,
        commitments=_BUSINESS,
        links=(),
        related=("ASS-AMOA", "APP-API", "INF-HEBERGEMENT"),
        target=None,
        coverage=0.3,
    ),
    # --- Documents et dématérialisation -----------------------------------------------------
    ServiceSpec(
        code="DOC-ARCHIVAGE",
        family="documents-dematerialisation",
        name="Archivage électronique",
        summary="Conservez vos documents importants pendant leur durée légale avec une valeur "
                "probante garantie, et retrouvez-les en quelques secondes.",
        benefits=(
            "Vos documents gardent leur valeur juridique pendant toute leur durée de "
            "conservation.",
            "Vous libérez vos bureaux et vos caves des cartons d'archives.",
            "Vous retrouvez une facture ou un contrat de plus de cinq ans en quelques secondes.",
            "Les documents sont détruits automatiquement à la fin de leur durée de "
            "conservation.",
        ),
        strong_points=(
            "Système d'archivage conforme à la norme NF Z42-013.",
            "Règles de conservation définies avec la direction juridique.",
        ),
        included=(
            "Versement des documents depuis les applications du groupe",
            "Plan de classement et durées de conservation",
            "Recherche et consultation en ligne",
            "Attestations d'intégrité",
        ),
        not_included=(
            "Numérisation des archives papier historiques (sur devis)",
            "Stockage des documents de travail courants",
        ),
        audience="Les directions qui produisent des documents à conservation réglementaire : "
                 "finance, RH, juridique, qualité.",
        how_to_order="Demandez le raccordement d'un type de document depuis le formulaire "
                     "« Archivage » du portail.",
        prerequisites="Durées de conservation validées avec la direction juridique.",
        keywords="archivage électronique archives valeur probante conservation légale "
                 "coffre-fort numérique nf z42-013",
        lifecycle=_LIVE,
        commitments=_ADVISORY,
        links=(),
        related=("DOC-SIGNATURE", "DOC-NUMERISATION", "INF-SAUVEGARDE"),
        target=None,
        coverage=0.35,
    ),
    ServiceSpec(
        code="DOC-SIGNATURE",
        family="documents-dematerialisation",
        name="Signature électronique",
        summary="Faites signer contrats, bons de commande et documents RH en quelques minutes, "
                "à distance, avec une valeur juridique reconnue.",
        benefits=(
            "Un contrat est signé en une journée au lieu de deux semaines d'allers-retours "
            "postaux.",
            "Vos signataires signent depuis leur smartphone, où qu'ils soient.",
            "Vous suivez en temps réel qui a signé et qui doit encore le faire.",
            "Les documents signés sont archivés automatiquement.",
        ),
        strong_points=(
            "Signature conforme au règlement européen eIDAS.",
            "Intégrée au SIRH et à la gestion des contrats.",
        ),
        included=(
            "Licences d'envoi pour les utilisateurs habilités",
            "Circuits de signature successifs ou simultanés",
            "Archivage des documents signés",
            "Modèles pour les documents les plus courants",
        ),
        not_included=(
            "Signature qualifiée avec certificat sur support physique, sur demande spécifique",
        ),
        audience="Les collaborateurs qui font signer des documents : juristes, acheteurs, RH, "
                 "commerciaux.",
        how_to_order="Demandez une licence d'envoi depuis le formulaire « Signature "
                     "électronique » du portail ; l'accord du manager est requis.",
        prerequisites="Authentification forte (MFA) activée.",
        keywords="signature électronique e-signature signer contrat parapheur dématérialisation "
                 "eidas",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("DOC-ARCHIVAGE", "ERP-CONTRATS", "ERP-SIRH"),
        target=None,
        coverage=0.5,
    ),
    ServiceSpec(
        code="DOC-GED",
        family="documents-dematerialisation",
        name="Gestion documentaire qualité",
        summary="Rédigez, validez et diffusez vos procédures avec un circuit d'approbation "
                "tracé, et consultez toujours la bonne version.",
        benefits=(
            "Chacun consulte la version en vigueur d'une procédure, jamais une copie périmée.",
            "Vos circuits de validation sont tracés : les audits ISO se préparent sereinement.",
            "Les collaborateurs concernés sont prévenus automatiquement de chaque mise à jour.",
        ),
        strong_points=(
            "Conforme aux exigences documentaires des normes ISO 9001 et ISO 14001.",
            "Consultable depuis les postes d'atelier.",
        ),
        included=(
            "Espace documentaire par processus",
            "Circuits de rédaction, de vérification et d'approbation",
            "Diffusion et accusés de lecture",
            "Reprise des documents qualité existants",
        ),
        not_included=(
            "Rédaction des procédures",
            "Documents de travail collaboratifs (voir Espaces projet SharePoint)",
        ),
        audience="Les services qualité, l'usine, la R&D et les directions soumises à "
                 "certification.",
        how_to_order="Demandez un espace documentaire depuis le formulaire « Gestion "
                     "documentaire » du portail.",
        prerequisites="Désigner un administrateur documentaire dans l'entité.",
        keywords="ged gestion documentaire procédure qualité iso document version approbation "
                 "diffusion",
        lifecycle=_MATURE,
        commitments=_STANDARD,
        links=(),
        related=("COL-SHAREPOINT", "APP-MES", "DOC-ARCHIVAGE"),
        target=("DI", "DI-LYON", "DI-MAINT", "DRD", "DLOG", "DJ"),
        coverage=0.67,
    ),
    ServiceSpec(
        code="DOC-NUMERISATION",
        family="documents-dematerialisation",
        name="Numérisation du courrier et des factures",
        summary="Le courrier entrant et les factures papier sont numérisés chaque matin et "
                "arrivent directement dans votre messagerie ou dans l'ERP.",
        benefits=(
            "Vous recevez votre courrier le jour même, même en télétravail.",
            "Les factures fournisseurs arrivent dans l'ERP sans aucune saisie.",
            "Plus de courrier égaré entre deux services.",
        ),
        strong_points=(
            "Courrier numérisé et distribué avant 11 h.",
            "Lecture automatique des factures : fournisseur, montants, TVA.",
        ),
        included=(
            "Ouverture, numérisation et distribution électronique du courrier",
            "Lecture automatique et intégration des factures dans l'ERP",
            "Conservation des originaux pendant trois mois avant destruction",
        ),
        not_included=(
            "Courrier marqué « personnel » ou « confidentiel », remis fermé",
            "Numérisation d'archives historiques (sur devis)",
        ),
        audience="Les directions qui reçoivent régulièrement du courrier ou des factures.",
        how_to_order="Demandez l'activation pour votre service depuis le formulaire "
                     "« Numérisation » du portail.",
        prerequisites="Une boîte aux lettres partagée désignée pour recevoir le courrier du "
                      "service.",
        keywords="numérisation courrier scan dématérialisation facture papier lad ocr "
                 "distribution",
        lifecycle=_LIVE,
        commitments=_STANDARD,
        links=(),
        related=("ERP-FINANCE", "DOC-ARCHIVAGE", "PDT-IMPRESSION"),
        target=("DF-COMPTA", "DRH-PAIE", "DACH", "DJ", "DG", "DC"),
        coverage=0.67,
    ),
)

NEWS: tuple[NewsSpec, ...] = (
    NewsSpec(
        title="Le catalogue des services de la DSI est en ligne",
        body="Le catalogue des services de la DSI est désormais accessible à tous depuis le "
             "portail. Chaque service y est présenté de votre point de vue : ce qu'il vous "
             "apporte, ce qui est inclus, nos engagements de délai et la façon de le commander."
             "\n\n"
             "Les services sont regroupés en dix familles, chacune repérable à son pictogramme "
             "et à sa couleur. Le synopsis offre une vue d'ensemble de l'offre en une seule "
             "page."
             "\n\n"
             "Une question, un besoin qui ne figure pas au catalogue ? Écrivez-nous depuis le "
             "formulaire de demande du portail : votre responsable Relations Clients vous "
             "répondra.",
        service=None,
        days_ago=110,
    ),
    NewsSpec(
        title="Fin du service d'audioconférence",
        body="Les anciens ponts d'audioconférence ont été définitivement arrêtés. Toutes les "
             "réunions téléphoniques se tiennent désormais dans Teams, qui permet aussi de "
             "rejoindre une réunion par un simple numéro de téléphone."
             "\n\n"
             "Cette bascule simplifie vos réunions : plus de code à réserver, et le partage "
             "d'écran en prime. Elle représente aussi une économie de 40 000 € par an de "
             "frais d'opérateur."
             "\n\n"
             "Si vous utilisiez encore un ancien numéro d'accès, le centre de services vous "
             "aide à passer à Teams en quelques minutes.",
        service="TEL-AUDIOCONF",
        days_ago=95,
    ),
    NewsSpec(
        title="Business Objects : la migration vers Power BI est lancée",
        body="Les rapports Business Objects seront progressivement remplacés par des tableaux "
             "de bord Power BI, plus interactifs et consultables sur smartphone. Chaque "
             "direction a reçu l'inventaire de ses rapports et de leur fréquence d'utilisation."
             "\n\n"
             "Les analystes de la DSI migrent les rapports avec vous, en commençant par les "
             "plus utilisés. C'est aussi l'occasion de supprimer ceux que plus personne ne "
             "consulte.",
        service="BI-REPORTING",
        days_ago=45,
    ),
    NewsSpec(
        title="Techday : venez tester la mobilité de demain",
        body="Le prochain Techday de la DSI se tiendra dans le hall du siège. Au programme : "
             "démonstrations des postes nomades renforcés, de la tablette terrain et des salles "
             "de réunion hybrides, mais aussi un atelier pour apprendre à repérer un courriel "
             "d'hameçonnage."
             "\n\n"
             "Les chefs de produit seront présents toute la journée pour répondre à vos "
             "questions et recueillir vos idées. Entrée libre, sans inscription.",
        service=None,
        days_ago=30,
    ),
    NewsSpec(
        title="Tablette terrain : un pilote avec la maintenance et la logistique",
        body="Une douzaine de techniciens de maintenance et de chefs d'équipe de la plateforme "
             "de Saint-Priest testent depuis ce mois-ci une tablette durcie pour saisir leurs "
             "interventions et leurs inventaires directement sur le terrain."
             "\n\n"
             "Objectif : supprimer la ressaisie du soir et faire remonter les informations en "
             "temps réel vers la GMAO et l'entrepôt. Les premiers retours sont très positifs, "
             "notamment sur le fonctionnement hors connexion."
             "\n\n"
             "Vous souhaitez participer à la prochaine vague ? Faites-le savoir depuis le "
             "formulaire « Demande d'information » du portail.",
        service="TEL-TABLETTE",
        days_ago=12,
    ),
    NewsSpec(
        title="Enquête de satisfaction annuelle : donnez-nous votre avis",
        body="Comme chaque année, la DSI vous invite à évaluer ses services et la qualité de "
             "sa relation avec votre direction. Le questionnaire prend moins de dix minutes et "
             "reste ouvert pendant trois semaines."
             "\n\n"
             "L'an dernier, vos réponses ont conduit à l'ouverture du chat du centre de "
             "services et à l'extension des horaires d'assistance. Les résultats de cette "
             "édition seront présentés lors des prochains comités clients."
             "\n\n"
             "Merci d'avance pour votre participation !",
        service=None,
        days_ago=5,
    ),
)
