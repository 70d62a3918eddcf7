"""Password strength: zxcvbn's estimate, fed with the account's own words and French ones.

A password is accepted at zxcvbn score 3 or more (about 10^8 guesses or more: "safely
unguessable" against an online attack, and slow enough offline behind argon2id) and when it
contains neither the person's first or last name nor a piece of their e-mail address.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 72  # zxcvbn refuses longer input; argon2 would take more, but no one types that
MIN_SCORE = 3
_SEPARATORS = re.compile(r"[\s._-]+")
MIN_OWN_WORD = 3  # shorter pieces of a name ("Li", "Bo") would refuse too many passwords
# Words a French user reaches for first, and the company's own: zxcvbn's lists are English.
FRENCH_WORDS = (
    "motdepasse", "mot de passe", "bonjour", "bonsoir", "salut", "soleil", "azerty", "azertyuiop",
    "qsdfghjklm", "wxcvbn", "dsi", "portail", "portaildsi", "alcyone", "relations", "clients",
    "client", "bienvenue", "secret", "entreprise", "societe", "groupe", "intranet", "informatique",
    "france", "paris", "lyon", "marseille", "toulouse", "bordeaux", "lille", "nantes",
    "amour", "jetaime", "coucou", "doudou", "loulou", "chouchou", "chocolat", "princesse",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "printemps", "ete", "automne", "hiver", "vacances", "bureau",
    "travail", "utilisateur", "administrateur", "admin", "connexion", "accueil", "changeme",
)
WARNINGS = {
    'Repeats like "aaa" are easy to guess.': _l("Les répétitions comme « aaa » se devinent "
                                                "facilement."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _l(
        "Les motifs répétés comme « abcabcabc » se devinent presque aussi vite que « abc »."),
    'Sequences like "abc" or "6543" are easy to guess.': _l(
        "Les suites comme « abc » ou « 6543 » se devinent facilement."),
    "Straight rows of keys are easy to guess.": _l(
        "Les rangées de touches du clavier se devinent facilement."),
    "Short keyboard patterns are easy to guess.": _l(
        "Les motifs courts du clavier se devinent facilement."),
    "Recent years are easy to guess.": _l("Les années récentes se devinent facilement."),
    "Dates are often easy to guess.": _l("Les dates se devinent souvent facilement."),
    "This is a top-10 common password.": _l("C'est l'un des mots de passe les plus courants."),
    "This is a top-100 common password.": _l("C'est l'un des mots de passe les plus courants."),
    "This is a very common password.": _l("C'est un mot de passe très courant."),
    "This is similar to a commonly used password.": _l(
        "Il ressemble à un mot de passe très courant."),
    "A word by itself is easy to guess.": _l("Un mot seul se devine facilement."),
    "Names and surnames by themselves are easy to guess.": _l(
        "Un prénom ou un nom seul se devine facilement."),
    "Common names and surnames are easy to guess.": _l(
        "Les prénoms et noms courants se devinent facilement."),
}
TOO_WEAK = _l("Ce mot de passe est trop facile à deviner. Préférez une phrase de plusieurs mots "
              "peu courants, par exemple quatre mots sans rapport entre eux.")
OWN_WORDS = _l("Le mot de passe ne doit contenir ni votre nom, ni votre prénom, ni votre adresse "
               "e-mail.")
TOO_LONG = _l("Le mot de passe doit compter au plus 72 caractères.")


def _plain(text: str) -> str:
    """Lower case, accents and separators removed: 'Hélène-Marie' gives 'helenemarie'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in decomposed
                                           if not unicodedata.combining(ch)))


def own_words(first_name: str = "", last_name: str = "", email: str = "") -> list[str]:
    """The words of an account a password must not be built on: names and address pieces."""
    local, _, domain = (email or "").lower().partition("@")
    pieces = [first_name, last_name, f"{first_name}{last_name}", local,
              *re.split(r"[._+-]", local), *domain.split(".")[:-1]]
    words = {_plain(piece) for piece in pieces}
    return sorted(word for word in words if len(word) >= MIN_OWN_WORD)


def password_problems(password: str, first_name: str = "", last_name: str = "",
                      email: str = "") -> list[str]:
    """French reasons to refuse a password for this person; empty when it is strong enough."""
    if len(password) > MAX_LENGTH:
        return [str(TOO_LONG)]
    mine = own_words(first_name, last_name, email)
    domain_parts = {_plain(part) for part in email.lower().partition("@")[2].split(".")}
    plain = _plain(password)
    if any(word in plain for word in mine if word not in domain_parts):
        return [str(OWN_WORDS)]
    words = [*mine, *FRENCH_WORDS]
    # zxcvbn guesses a space or dash between two words by brute force, which makes "soleil
    # bonjour" look strong: the weaker of the password and its separator-free form counts.
    squeezed = _SEPARATORS.sub("", password) or password
    result = min((zxcvbn(text, user_inputs=words) for text in {password, squeezed}),
                 key=lambda found: found["guesses"])
    if result["score"] >= MIN_SCORE:
        return []
    warning = WARNINGS.get(result["feedback"]["warning"])
    return [str(TOO_WEAK), *([str(warning)] if warning else [])]
