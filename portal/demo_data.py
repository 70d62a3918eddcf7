"""Reference data of the demo: Groupe Alcyone's entities, contacts and named accounts."""

from typing import NamedTuple

from portal.enums import ClientType, ContactRole, EntityKind, Potential, Role, Segment

DOMAIN = "exemple.fr"
DIRECTION, DEPARTMENT, SITE = EntityKind.DIRECTION, EntityKind.DEPARTMENT, EntityKind.SITE
BUSINESS, FUNCTIONAL = ClientType.BUSINESS, ClientType.FUNCTIONAL
CORE, SENSITIVE, ADVOCATE = Segment.CORE, Segment.SENSITIVE, Segment.ADVOCATE
NO_SEGMENT = Segment.NONE
LOW, MEDIUM, HIGH = Potential.LOW, Potential.MEDIUM, Potential.HIGH


class EntitySpec(NamedTuple):
    code: str
    parent: str | None
    name: str
    kind: EntityKind
    client_type: ClientType
    segment: Segment
    potential: Potential
    headcount: int
    users: int  # generated requester accounts
    titles: tuple[str, ...]  # job titles of those accounts, the first held once (the lead)
    description: str


class ContactSpec(NamedTuple):
    entity: str
    first_name: str
    last_name: str
    job_title: str
    role: ContactRole


class UserSpec(NamedTuple):
    email: str
    first_name: str
    last_name: str
    job_title: str
    entity: str
    role: Role
    label: str = ""  # set on the named demo accounts only
    phone: str = ""


def _e(code, parent, name, kind, ctype, segment, potential, headcount, users, titles, text):
    return EntitySpec(code, parent, name, kind, ctype, segment, potential, headcount, users,
                      titles, text)


# Job titles take gender endings: {e}, {ne}, {fe}, {eur} (eur/euse), {teur} (teur/trice).
ENTITIES: tuple[EntitySpec, ...] = (
    _e("DG", None, "Direction Générale", DIRECTION, FUNCTIONAL, SENSITIVE, MEDIUM, 25, 6,
       ("Chef{fe} de cabinet", "Assistant{e} de direction", "Chargé{e} de mission stratégie"),
       "Définit la stratégie du groupe et arbitre les grands projets transverses."),
    _e("DF", None, "Direction Financière", DIRECTION, FUNCTIONAL, CORE, HIGH, 110, 4,
       ("Responsable du reporting", "Assistant{e} de direction", "Chargé{e} de mission finance"),
       "Pilote la performance financière, le budget et les relations bancaires du groupe."),
    _e("DF-COMPTA", "DF", "Comptabilité", DEPARTMENT, FUNCTIONAL, CORE, HIGH, 45, 12,
       ("Chef{fe} comptable", "Comptable fournisseurs", "Comptable clients", "Comptable général"),
       "Tient la comptabilité générale, les comptes fournisseurs et clients et les clôtures."),
    _e("DF-CDG", "DF", "Contrôle de gestion", DEPARTMENT, FUNCTIONAL, ADVOCATE, MEDIUM, 18, 7,
       ("Responsable du contrôle de gestion", "Contrôl{eur} de gestion",
        "Contrôl{eur} de gestion industriel{le}"),
       "Construit le budget, suit les coûts et produit les tableaux de bord de la direction."),
    _e("DF-TRESO", "DF", "Trésorerie", DEPARTMENT, FUNCTIONAL, SENSITIVE, MEDIUM, 8, 5,
       ("Trésori{er}", "Gestionnaire de trésorerie", "Analyste crédit"),
       "Gère les flux bancaires, les paiements et le financement du groupe."),
    _e("DRH", None, "Direction des Ressources Humaines", DIRECTION, FUNCTIONAL, SENSITIVE, HIGH,
       60, 5, ("Responsable du développement RH", "Chargé{e} de formation", "Juriste social"),
       "Accompagne les collaborateurs du recrutement à la retraite et anime le dialogue social."),
    _e("DRH-PAIE", "DRH", "Paie", DEPARTMENT, FUNCTIONAL, SENSITIVE, HIGH, 14, 8,
       ("Responsable paie", "Gestionnaire de paie", "Gestionnaire temps et activités"),
       "Produit chaque mois la paie des 1 700 salariés et les déclarations sociales."),
    _e("DRH-RECRUT", "DRH", "Recrutement", DEPARTMENT, FUNCTIONAL, NO_SEGMENT, MEDIUM, 9, 6,
       ("Responsable recrutement", "Chargé{e} de recrutement", "Assistant{e} recrutement"),
       "Recrute les nouveaux talents et organise l'accueil des nouveaux arrivants."),
    _e("DC", None, "Direction Commerciale", DIRECTION, BUSINESS, CORE, HIGH, 180, 6,
       ("Responsable administration des ventes", "Assistant{e} commercial{e}",
        "Chargé{e} d'études commerciales"),
       "Développe le chiffre d'affaires auprès des distributeurs et des grands comptes."),
    _e("DC-FRANCE", "DC", "Ventes France", DEPARTMENT, BUSINESS, CORE, HIGH, 95, 18,
       ("Direc{teur} des ventes France", "Commercial{e} terrain", "Ingénieur{e} commercial{e}",
        "Assistant{e} commercial{e}"),
       "Anime les forces de vente en régions et suit les grands comptes nationaux."),
    _e("DC-EXPORT", "DC", "Export", DEPARTMENT, BUSINESS, ADVOCATE, HIGH, 40, 10,
       ("Responsable zone Europe", "Chargé{e} d'affaires export", "Assistant{e} export"),
       "Vend les produits du groupe dans trente pays, en direct ou par des agents."),
    _e("DI", None, "Direction Industrielle", DIRECTION, BUSINESS, SENSITIVE, HIGH, 900, 6,
       ("Responsable méthodes", "Ingénieur{e} méthodes", "Responsable qualité"),
       "Fabrique les produits du groupe dans ses usines et en garantit la qualité."),
    _e("DI-LYON", "DI", "Usine de Lyon", SITE, BUSINESS, SENSITIVE, HIGH, 620, 20,
       ("Direc{teur} d'usine", "Chef{fe} d'atelier", "Technicien{ne} qualité",
        "Planificat{teur} de production", "Conduc{teur} de ligne"),
       "Site de production principal, en trois-huit, certifié ISO 9001 et ISO 14001."),
    _e("DI-MAINT", "DI", "Maintenance", DEPARTMENT, BUSINESS, CORE, MEDIUM, 70, 12,
       ("Responsable maintenance", "Technicien{ne} de maintenance", "Automaticien{ne}"),
       "Assure la maintenance préventive et curative des lignes et des bâtiments."),
    _e("DMKT", None, "Direction Marketing", DIRECTION, BUSINESS, ADVOCATE, MEDIUM, 35, 9,
       ("Responsable marketing produit", "Chef{fe} de produit marketing",
        "Chargé{e} de marketing digital"),
       "Conçoit les gammes, les campagnes et la présence en ligne des marques du groupe."),
    _e("DJ", None, "Direction Juridique", DIRECTION, FUNCTIONAL, NO_SEGMENT, LOW, 12, 5,
       ("Responsable des contrats", "Juriste", "Assistant{e} juridique"),
       "Sécurise les contrats, la propriété intellectuelle et la conformité du groupe."),
    _e("DACH", None, "Direction des Achats", DIRECTION, FUNCTIONAL, NO_SEGMENT, MEDIUM, 30, 8,
       ("Responsable achats indirects", "Achet{eur}", "Approvisionn{eur}"),
       "Négocie les achats de matières, de services et d'informatique du groupe."),
    _e("DLOG", None, "Direction Logistique", DIRECTION, BUSINESS, CORE, HIGH, 150, 12,
       ("Responsable de plateforme", "Gestionnaire transport", "Chef{fe} d'équipe entrepôt",
        "Gestionnaire des stocks"),
       "Stocke et expédie les commandes depuis la plateforme de Saint-Priest."),
    _e("DRD", None, "Direction R&D", DIRECTION, BUSINESS, ADVOCATE, HIGH, 85, 12,
       ("Responsable de laboratoire", "Ingénieur{e} R&D", "Technicien{ne} de laboratoire",
        "Chef{fe} de projet innovation"),
       "Invente les produits de demain et conduit les essais en laboratoire."),
    _e("DCOM", None, "Direction de la Communication", DIRECTION, FUNCTIONAL, ADVOCATE, LOW, 15,
       6, ("Responsable communication interne", "Chargé{e} de communication",
           "Graphiste"),
       "Porte la communication interne et externe et l'image du groupe."),
    _e("DSI", None, "Direction des Systèmes d'Information", DIRECTION, FUNCTIONAL, NO_SEGMENT,
       MEDIUM, 65, 0, (),
       "Construit et exploite le système d'information et accompagne les directions clientes."),
    _e("FIL-SERV", None, "Alcyone Services (filiale)", DIRECTION, ClientType.EXTERNAL,
       NO_SEGMENT, MEDIUM, 140, 8,
       ("Responsable d'agence", "Technicien{ne} d'intervention", "Assistant{e} d'agence"),
       "Filiale de service après-vente, cliente de la DSI au titre d'une convention de services."),
)

_DM, _SP, _IT = ContactRole.DECISION_MAKER, ContactRole.SPONSOR, ContactRole.IT_CORRESPONDENT
_KU, _AS, _OT = ContactRole.KEY_USER, ContactRole.ASSISTANT, ContactRole.OTHER

CONTACTS: tuple[ContactSpec, ...] = tuple(ContactSpec(*row) for row in (
    ("DG", "Henri", "Lacombe", "Directeur général", _DM),
    ("DG", "Isabelle", "Vasseur", "Directrice générale adjointe", _SP),
    ("DG", "Martine", "Giraud", "Assistante de direction générale", _AS),
    ("DF", "Olivier", "Marchand", "Directeur financier", _DM),
    ("DF", "Karim", "Benali", "Correspondant informatique", _IT),
    ("DF", "Claire", "Martin", "Comptable fournisseurs", _KU),
    ("DF", "Sylvie", "Perrot", "Assistante de direction", _AS),
    ("DRH", "Catherine", "Leroux", "Directrice des ressources humaines", _DM),
    ("DRH", "Thomas", "Renaud", "Responsable SIRH", _IT),
    ("DRH", "Amélie", "Caron", "Gestionnaire de paie référente", _KU),
    ("DC", "Frédéric", "Meunier", "Directeur commercial", _DM),
    ("DC", "Paul", "Girard", "Chargé d'affaires export", _IT),
    ("DC", "Élodie", "Brunet", "Responsable administration des ventes", _KU),
    ("DI", "Bernard", "Lemaire", "Directeur industriel", _DM),
    ("DI", "Nadia", "Haddad", "Responsable qualité", _SP),
    ("DI", "Stéphane", "Colin", "Correspondant informatique", _IT),
    ("DMKT", "Julie", "Fontaine", "Directrice marketing", _DM),
    ("DMKT", "Maxime", "Royer", "Chef de projet digital", _IT),
    ("DJ", "Anne", "Lebrun", "Directrice juridique", _DM),
    ("DJ", "Romain", "Picard", "Juriste, correspondant informatique", _IT),
    ("DACH", "Philippe", "Barbier", "Directeur des achats", _DM),
    ("DACH", "Céline", "Roussel", "Acheteuse prestations informatiques", _KU),
    ("DLOG", "Yves", "Carpentier", "Directeur logistique", _DM),
    ("DLOG", "Sandrine", "Aubert", "Responsable de la plateforme de Saint-Priest", _KU),
    ("DLOG", "Mickaël", "Hoarau", "Correspondant informatique", _IT),
    ("DRD", "Hélène", "Chevalier", "Directrice R&D", _DM),
    ("DRD", "Arnaud", "Lambert", "Responsable de laboratoire", _SP),
    ("DRD", "Guillaume", "Noël", "Ingénieur calcul, référent informatique", _IT),
    ("DCOM", "Aurélie", "Masson", "Directrice de la communication", _DM),
    ("DCOM", "Kévin", "Dumas", "Chargé de communication interne", _KU),
    ("DSI", "Laurent", "Fabre", "Directeur des systèmes d'information", _DM),
    ("DSI", "Nathalie", "Moreau", "Responsable relations clients", _OT),
    ("FIL-SERV", "Jean-Marc", "Tessier", "Directeur général de la filiale", _DM),
    ("FIL-SERV", "Samira", "Ouali", "Responsable administrative et informatique", _IT),
))

NAMED_USERS: tuple[UserSpec, ...] = (
    UserSpec("claire.martin@exemple.fr", "Claire", "Martin", "Comptable fournisseurs",
             "DF-COMPTA", Role.REQUESTER, "Demandeur"),
    UserSpec("paul.girard@exemple.fr", "Paul", "Girard", "Chargé d'affaires export",
             "DC-EXPORT", Role.REQUESTER, "Demandeur (autre entité)"),
    UserSpec("julien.bernard@exemple.fr", "Julien", "Bernard", "Technicien support N1",
             "DSI", Role.AGENT, "Agent du centre de services"),
    UserSpec("sophie.lefevre@exemple.fr", "Sophie", "Lefèvre", "Cheffe de produit Finance",
             "DSI", Role.PRODUCT_LEAD, "Chef de produit"),
    UserSpec("marc.dubois@exemple.fr", "Marc", "Dubois", "Chef de produit Poste de travail",
             "DSI", Role.PRODUCT_LEAD, "Chef de produit (second)"),
    UserSpec("nathalie.moreau@exemple.fr", "Nathalie", "Moreau", "Responsable relations clients",
             "DSI", Role.RELATIONS_MANAGER, "Responsable Relations Clients"),
    UserSpec("admin@exemple.fr", "Alice", "Rousseau", "Administratrice du portail",
             "DSI", Role.ADMIN, "Administrateur"),
)

DEMO_ACCOUNTS: list[dict] = [
    {"email": u.email, "role": u.role, "label": u.label, "entity": u.entity,
     "name": f"{u.first_name} {u.last_name}"}
    for u in NAMED_USERS
]

# The DSI's own generated staff: (role, how many, job titles as in ENTITIES).
DSI_STAFF: tuple[tuple[Role, int, tuple[str, ...]], ...] = (
    (Role.AGENT, 15, ("Responsable du centre de services", "Technicien{ne} support N1",
                      "Technicien{ne} support N2", "Technicien{ne} de proximité",
                      "Administra{teur} systèmes et réseaux", "Analyste d'exploitation")),
    (Role.PRODUCT_LEAD, 6, ("Chef{fe} de produit ERP", "Chef{fe} de produit CRM",
                            "Chef{fe} de produit SIRH", "Chef{fe} de produit Production",
                            "Chef{fe} de produit Logistique", "Chef{fe} de produit Données")),
    (Role.RELATIONS_MANAGER, 1, ("Adjoint{e} relations clients",)),
)

FIRST_NAMES: tuple[tuple[str, str], ...] = tuple(
    [(name, "f") for name in (
        "Agnès", "Anaïs", "Camille", "Caroline", "Chloé", "Christine", "Delphine", "Émilie",
        "Florence", "Gaëlle", "Inès", "Juliette", "Léa", "Lucie", "Manon", "Marion", "Mathilde",
        "Nicole", "Pauline", "Sarah", "Valérie",
    )] + [(name, "m") for name in (
        "Adrien", "Alexandre", "Antoine", "Benoît", "Cédric", "Damien", "David", "Éric",
        "Fabien", "François", "Hugo", "Jérôme", "Lucas", "Mathieu", "Nicolas", "Patrick",
        "Pierre", "Quentin", "Sébastien", "Yannick",
    )]
)
LAST_NAMES: tuple[str, ...] = (
    "André", "Arnaud", "Blanc", "Bonnet", "Bouvier", "Boyer", "Clément", "Denis", "Duval",
    "Fournier", "Gaillard", "Garnier", "Gauthier", "Guérin", "Henry", "Joly", "Lacroix",
    "Laurent", "Lemoine", "Leroy", "Mallet", "Mercier", "Meyer", "Michel", "Morin", "Muller",
    "Chauvin", "Perrin", "Petit", "Poulain", "Rey", "Richard", "Robin", "Roche", "Roux",
    "Schmitt", "Simon", "Vidal", "Vincent", "Faure",
)
