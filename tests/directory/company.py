"""Generate the LDIF of a realistic French company: directions, departments, people, groups."""

from __future__ import annotations

import base64
import random
import unicodedata
from dataclasses import dataclass, field

SUFFIX = "dc=exemple,dc=fr"
PEOPLE_BASE = f"ou=Organisation,{SUFFIX}"
GROUPS_BASE = f"ou=Groupes,{SUFFIX}"
SERVICE_DN = f"cn=portail,ou=Services,{SUFFIX}"
SERVICE_PASSWORD = "lecture-annuaire"
GROUPS = {
    "agents": "portail-agents",
    "leads": "portail-chefs-de-produit",
    "relations": "portail-relations-clients",
    "admins": "portail-administrateurs",
}
DIRECTIONS = {
    "Direction Générale": ["Secrétariat général", "Communication"],
    "Direction Financière": ["Comptabilité", "Contrôle de gestion", "Trésorerie"],
    "Direction des Ressources Humaines": ["Paie", "Recrutement", "Formation"],
    "Direction des Systèmes d'Information": ["Études", "Production", "Support utilisateurs"],
    "Direction Commerciale": ["Ventes France", "Export", "Marketing"],
    "Direction des Opérations": ["Logistique", "Achats", "Qualité"],
    "Direction Juridique": ["Contrats", "Conformité"],
}
FIRST_NAMES = (
    "Émilie", "Hélène", "Jérôme", "François", "Zoé", "Loïc", "Anaïs", "Cécile", "Gaël",
    "Noémie", "Benoît", "Théo", "Chloé", "Maëlle", "Raphaël", "Léa", "Élodie", "Stéphane",
    "Agnès", "Clément", "Inès", "Joël", "Mélanie", "Séverine", "Aurélien", "Bérénice",
    "Frédéric", "Gérald", "Héloïse", "Jérémie", "Ophélie", "Rémi", "Sébastien", "Thérèse",
    "Valérie", "Yannick", "Camille", "Nicolas", "Sophie", "Julien", "Marie", "Pierre",
)
LAST_NAMES = (
    "Lefèvre", "Müller", "Bérenger", "Gérard", "Dupré", "Lebœuf", "Châtelain", "Ferrand",
    "Noël", "Béranger", "Côté", "Delacroix", "Fabré", "Girardot", "Hébert", "Joubert",
    "Lemaître", "Mérieux", "Pâris", "Quéré", "Rousseau", "Sénéchal", "Thévenin", "Vallée",
    "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Garcia",
    "Da Silva", "N'Diaye", "Le Gall", "Saint-Père", "d'Arvieux", "Évrard", "Ollivier", "Blanc",
)
TITLES = ("Chargé(e) d'études", "Assistant(e)", "Analyste", "Technicien(ne)", "Gestionnaire",
          "Consultant(e) interne", "Responsable de projet")


@dataclass
class Person:
    uid: str
    first_name: str
    last_name: str
    mail: str
    title: str
    phone: str
    direction: str
    department: str | None
    manager: str | None = None
    disabled: bool = False
    groups: set[str] = field(default_factory=set)

    @property
    def dn(self) -> str:
        return f"uid={self.uid},{ou_dn(self.direction, self.department)}"


def ascii_slug(text: str) -> str:
    """'Lebœuf' -> 'leboeuf': the ASCII local part of an e-mail address."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == "-")


def ou_dn(direction: str, department: str | None = None) -> str:
    """The DN of a direction's or department's OU (commas and quotes escaped)."""
    parts = [f"ou={escape(department)}"] if department else []
    return ",".join([*parts, f"ou={escape(direction)}", PEOPLE_BASE])


def escape(value: str) -> str:
    return "".join(f"\\{c}" if c in ',+"\\<>;=' else c for c in value)


def build_people(size: int = 2100, seed: int = 18) -> list[Person]:
    """A director per direction, a head per department, everyone else under a head."""
    rng = random.Random(seed)
    people: list[Person] = []
    seen: set[str] = set()

    def person(direction: str, department: str | None, title: str, manager: Person | None):
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            base = f"{ascii_slug(first)}.{ascii_slug(last)}"
            uid = base if base not in seen else f"{base}{len(people)}"
            if uid not in seen:
                break
        seen.add(uid)
        phone = f"+33 1 40 {rng.randint(10, 99)} {rng.randint(10, 99)} {len(people) % 100:02d}"
        new = Person(uid, first, last, f"{uid}@exemple.fr", title, phone, direction, department,
                     manager.dn if manager else None)
        people.append(new)
        return new

    ceo = person("Direction Générale", None, "Directeur général", None)
    heads: list[Person] = []
    for direction, departments in DIRECTIONS.items():
        director = ceo if direction == "Direction Générale" else person(
            direction, None, f"Directeur – {direction}", ceo)
        for department in departments:
            heads.append(person(direction, department, f"Responsable {department}", director))
    while len(people) < size:
        head = heads[len(people) % len(heads)]
        member = person(head.direction, head.department, rng.choice(TITLES), None)
        member.manager = head.dn
        member.disabled = rng.random() < 0.03
    for member in people:
        if member.department == "Support utilisateurs":
            member.groups.add(GROUPS["agents"])
        if member.department == "Études" and member.title.startswith("Responsable"):
            member.groups.add(GROUPS["leads"])
        if member.department == "Communication":
            member.groups.add(GROUPS["relations"])
    people[0].groups.add(GROUPS["admins"])
    return people


def group_dn(name: str) -> str:
    return f"cn={name},{GROUPS_BASE}"


def entry_ldif(person: Person) -> str:
    lines = [
        f"dn: {person.dn}", "objectClass: inetOrgPerson", f"uid: {person.uid}",
        f"cn: {person.first_name} {person.last_name}", f"givenName: {person.first_name}",
        f"sn: {person.last_name}", f"mail: {person.mail}", f"title: {person.title}",
        f"telephoneNumber: {person.phone}",
    ]
    if person.manager:
        lines.append(f"manager: {person.manager}")
    if person.disabled:
        lines.append("employeeType: disabled")
    lines += [f"memberOf: {group_dn(name)}" for name in sorted(person.groups)]
    return "\n".join(lines) + "\n"


def safe_ldif(text: str) -> str:
    """Base64-encode every value that is not plain ASCII, as RFC 2849 requires."""
    out = []
    for line in text.splitlines():
        name, sep, value = line.partition(": ")
        if sep and not value.isascii():
            line = f"{name}:: {base64.b64encode(value.encode()).decode()}"
        out.append(line)
    return "\n".join(out) + "\n"


def company_ldif(people: list[Person]) -> str:
    """The whole tree: suffix, OUs, the service account, people, then the groups."""
    blocks = [f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\n"
              "dc: exemple\no: Exemple SA\n"]
    for name in ("Organisation", "Groupes", "Services"):
        blocks.append(f"dn: ou={name},{SUFFIX}\nobjectClass: organizationalUnit\nou: {name}\n")
    blocks.append(f"dn: {SERVICE_DN}\nobjectClass: applicationProcess\n"
                  "objectClass: simpleSecurityObject\ncn: portail\n"
                  f"userPassword: {SERVICE_PASSWORD}\n")
    for direction, departments in DIRECTIONS.items():
        blocks.append(f"dn: {ou_dn(direction)}\nobjectClass: organizationalUnit\n"
                      f"ou: {direction}\n")
        blocks += [f"dn: {ou_dn(direction, department)}\nobjectClass: organizationalUnit\n"
                   f"ou: {department}\n" for department in departments]
    blocks += [entry_ldif(person) for person in people]
    for name in GROUPS.values():
        members = [person.dn for person in people if name in person.groups]
        blocks.append(f"dn: {group_dn(name)}\nobjectClass: groupOfNames\ncn: {name}\n"
                      + "".join(f"member: {dn}\n" for dn in members))
    return safe_ldif("\n".join(blocks))
