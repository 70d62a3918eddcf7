"""A deterministic, realistic mix of French internal-IT requests, for bench/ingest.py.

60 % plain text, 30 % text + HTML, 10 % with a 100–200 KB PDF-like attachment; 20 % of all
are replies to an earlier one (RE:, In-Reply-To, References); ~200 senders; plus every file
of ../shared/corpus/mail, raw, mixed in once. Also writes them into a Maildir like Postfix.
"""

from __future__ import annotations

import os
import random
import socket
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "mail"
TO = "Relations Clients DSI <relations.dsi@exemple.fr>"
FIRST = ["Claire", "Léa", "Hélène", "Céline", "Agnès", "Noémie", "Zoé", "Chloé", "Inès",
         "Amélie", "Jérôme", "François", "Benoît", "Sébastien", "Loïc", "Gaël", "Hervé",
         "Frédéric", "Thierry", "Cédric"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau"]
SUBJECTS = ["Impossible de me connecter au VPN", "Demande d'accès à l'application Chorus",
            "Imprimante du 3e étage hors service", "Mot de passe expiré, compte bloqué",
            "Écran noir au démarrage du poste", "Création d'une boîte fonctionnelle",
            "Lenteurs sur le partage réseau S:", "Installation de LibreOffice demandée",
            "Problème de synchronisation Outlook", "Accès Teams pour un prestataire",
            "Renouvellement du certificat du serveur web", "Badge refusé à l'accueil",
            "Téléphone IP sans tonalité", "Erreur « quota dépassé » sur ma messagerie",
            "Demande de poste pour une arrivée le 1er du mois"]
LINES = ["Depuis ce matin, le message d'erreur réapparaît à chaque tentative.",
         "J'ai déjà redémarré le poste, sans succès.",
         "Mon responsable a validé la demande par courriel la semaine dernière.",
         "C'est assez urgent : une échéance réglementaire tombe vendredi.",
         "Plusieurs collègues du service rencontrent le même problème.",
         "Vous trouverez ci-dessous le détail de la procédure suivie.",
         "Le numéro d'inventaire du matériel est indiqué sur l'étiquette au dos.",
         "Pouvez-vous me rappeler au poste 4 12 37 quand vous aurez un moment ?",
         "Je reste disponible pour toute précision complémentaire.",
         "L'incident se produit aussi bien sur site qu'en télétravail."]
ASCII = str.maketrans("éèêëàâäîïôöûüçÉÈ", "eeeeaaaiioouucEE")


def senders(rng: random.Random, count: int = 200) -> list[tuple[str, str]]:
    people = sorted({(first, last) for first in FIRST for last in LAST})
    chosen = rng.sample(people, min(count, len(people)))
    return [(f"{first} {last}", f"{first}.{last}@exemple.fr".translate(ASCII).lower())
            for first, last in chosen]


def _body(rng: random.Random, name: str, quoted: str | None) -> str:
    lines = rng.sample(LINES, rng.randint(2, 5))
    text = "Bonjour,\n\n" + "\n".join(lines) + f"\n\nCordialement,\n{name}\n"
    if quoted:
        text += "\n-----Message d'origine-----\n" + "".join(
            f"> {line}\n" for line in quoted.splitlines())
    return text


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>"
                         for part in text.split("\n\n"))
    return (f"<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri\">"
            f"{paragraphs}</body></html>")


def generate(count: int, seed: int = 20240) -> list[bytes]:
    """`count` generated messages (deterministic for a seed), as raw bytes."""
    rng = random.Random(seed)
    people = senders(rng)
    kinds = ["plain"] * round(count * 0.6) + ["html"] * round(count * 0.3)
    kinds += ["pdf"] * (count - len(kinds))
    rng.shuffle(kinds)
    replies = set(rng.sample(range(1, count), round(count * 0.2))) if count > 1 else set()
    start = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)
    made: list[dict] = []
    out = []
    for index, kind in enumerate(kinds):
        parent = made[rng.randrange(len(made))] if index in replies else None
        name, address = parent["sender"] if parent else rng.choice(people)
        subject = ("RE: " + parent["subject"].removeprefix("RE: ")) if parent else (
            rng.choice(SUBJECTS))
        text = _body(rng, name.split()[0], parent["text"] if parent else None)
        message = EmailMessage()
        message["From"] = f"{name} <{address}>"
        message["To"] = TO
        if rng.random() < 0.15:
            message["Cc"] = "{} <{}>".format(*rng.choice(people))
        message["Subject"] = subject
        message["Date"] = format_datetime(start + timedelta(minutes=7 * index))
        message_id = f"<{rng.getrandbits(64):016x}.{index}@mail.exemple.fr>"
        message["Message-ID"] = message_id
        if parent:
            message["In-Reply-To"] = parent["id"]
            message["References"] = " ".join(parent["refs"] + [parent["id"]])
        message["X-Mailer"] = "Microsoft Outlook 16.0"
        message.set_content(text)
        if kind == "html":
            message.add_alternative(_html(text), subtype="html")
        elif kind == "pdf":
            data = b"%PDF-1.4\n" + rng.randbytes(rng.randint(100_000, 200_000))
            message.add_attachment(data, maintype="application", subtype="pdf",
                                   filename=f"capture_{index}.pdf")
        made.append({"id": message_id, "subject": subject, "sender": (name, address),
                     "text": text, "refs": (parent["refs"] + [parent["id"]])[-8:]
                     if parent else []})
        out.append(message.as_bytes())
    return out


def corpus_files(root: Path = CORPUS) -> list[bytes]:
    """Every file under the corpus, recursively, as raw bytes (sorted by path)."""
    return [path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()]


def mix(count: int, seed: int = 20240) -> list[bytes]:
    """The generated messages with the corpus inserted once at seeded random places."""
    messages = generate(count, seed)
    rng = random.Random(seed + 1)
    for raw in corpus_files():
        messages.insert(rng.randint(0, len(messages)), raw)
    return messages


def deliver(messages: list[bytes], maildir: Path) -> None:
    """Deliver like Postfix: write into tmp/, rename into new/ as sec.VdevIinoMusec.host; sync."""
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    host, first = socket.gethostname().replace("/", "_"), int(datetime.now(UTC).timestamp())
    first -= len(messages)
    for index, raw in enumerate(messages):
        tmp = maildir / "tmp" / f"{first + index}.P{os.getpid()}Q{index}.{host}"
        tmp.write_bytes(raw)
        info = tmp.stat()
        usec = (index * 7919) % 1_000_000
        name = f"{first + index}.V{info.st_dev:x}I{info.st_ino:x}M{usec}.{host}"
        os.rename(tmp, maildir / "new" / name)
    os.sync()  # Postfix fsyncs each delivery: nothing dirty left to slow what is timed
