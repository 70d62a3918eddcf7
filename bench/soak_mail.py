"""The mail bench/soak.py feeds, each with the one outcome it must get.

New requests from directory users (and a few external senders), replies to the
acknowledgments the portal actually sent (subject tag, In-Reply-To only, References only),
auto-replies, bounces, bulk mail, our own acknowledgments coming back, the same raw delivered
twice and the same Message-ID re-delivered with one more Received line.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP, compat32
from email.utils import format_datetime, make_msgid

from mailmix import FIRST, LAST, LINES, SUBJECTS

from portal.timeutil import utcnow

TO = "Relations Clients DSI <relations.dsi@exemple.fr>"
ACKS_PER_SENDER = 4  # under PORTAL_ACK_LIMIT_PER_HOUR (5): every request is acknowledged
ACTED_PER_SENDER = 15  # distinct mails: the loop breaker only counts repeated content
_TAG = re.compile(r"\[([A-Z]+-\d{4}-\d{5,})\]")
WEIGHTS = {"new": 44, "new-external": 4, "reply-tag": 12, "reply-irt": 6, "reply-refs": 6,
           "auto-reply": 5, "bounce": 4, "bulk": 4, "loop": 3, "copy": 6, "redelivery": 6}
BOUNCE = """\
From: Mail Delivery System <MAILER-DAEMON@mx.exemple.fr>
To: relations.dsi@exemple.fr
Subject: Undelivered Mail Returned to Sender
Date: {date}
Message-ID: {message_id}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-{index}"

--dsn-{index}
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not be delivered.

--dsn-{index}
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exemple.fr

Final-Recipient: rfc822; parti.{index}@exemple.fr
Action: failed
Status: 5.1.1

--dsn-{index}--
"""
EXPECTED = {"new": ("created", ""), "new-external": ("created", ""),
            "reply-tag": ("followup", ""), "reply-irt": ("followup", ""),
            "reply-refs": ("followup", ""), "auto-reply": ("ignored", "auto-reply"),
            "bounce": ("ignored", "bounce"), "bulk": ("ignored", "bulk"),
            "loop": ("ignored", "loop"), "redelivery": ("ignored", "duplicate")}


@dataclass
class Fed:
    """One message appended to the IMAP folder, and what must become of it."""

    kind: str
    raw: bytes
    message_id: str
    sender: str
    ticket: str = ""  # the request number a reply must join
    sha256: str = ""

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.raw).hexdigest()


@dataclass
class Ack:
    """An acknowledgment received at the SMTP sink: what a requester would reply to."""

    message_id: str
    to_addr: str
    number: str
    subject: str
    request_id: str  # the request's own Message-ID (the ack is In-Reply-To it)
    raw: bytes


def read_ack(message_id: str, raw: bytes) -> Ack | None:
    headers = message_from_bytes(raw, policy=compat32)
    subject = str(headers.get("Subject", ""))
    found = _TAG.search(subject)
    if found is None or "Accus" not in subject:
        return None
    return Ack(message_id=message_id, to_addr=str(headers["To"]).strip().lower(),
               number=found.group(1), subject=" ".join(subject.split()),
               request_id=str(headers.get("In-Reply-To", "")).strip(), raw=raw)


def directory(size: int) -> list[tuple[str, str, str]]:
    """(first name, last name, address) of enough users that no throttle is ever reached."""
    people = []
    for index in range(max(30, size // 3)):
        first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)]
        plain = f"{first}.{last}".lower().translate(str.maketrans("éèêëàâîïôöûüç",
                                                                  "eeeeaaiioouuc"))
        people.append((first, last, f"{plain}.{index}@exemple.fr"))
    return people


class MailFactory:
    """Build the next message to feed, from a seeded generator and the acks seen so far."""

    def __init__(self, rng: random.Random, users: list[tuple[str, str, str]]) -> None:
        self.rng = rng
        self.users = [(f"{first} {last}", address) for first, last, address in users]
        self.rng.shuffle(self.users)
        self.externals = [(f"Prestataire {n}", f"contact.{n}@partenaire.example")
                          for n in range(max(5, len(users) // 20))]
        self.next_user = self.next_external = 0
        self.acts: dict[str, int] = {}
        self.news: list[Fed] = []
        self.fed: list[Fed] = []
        self.replied: set[str] = set()

    def next(self, index: int, acks: list[Ack]) -> Fed:
        kinds, weights = zip(*WEIGHTS.items(), strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        usable = [ack for ack in acks if self.acts.get(ack.to_addr, 0) < ACTED_PER_SENDER]
        if kind.startswith("reply") and not usable or kind in ("copy", "loop") and (
                not self.fed or not acks) or kind == "redelivery" and not self.news:
            kind = "new"
        if kind == "copy":
            earlier = self.rng.choice(self.fed)
            fed = Fed("copy", earlier.raw, earlier.message_id, earlier.sender, earlier.ticket)
        elif kind == "redelivery":
            earlier = self.rng.choice(self.news)
            hop = (f"Received: from relais-{index}.exemple.fr (relais-{index}.exemple.fr "
                   f"[10.0.{index % 250}.7]) by mx.exemple.fr; {format_datetime(utcnow())}\r\n")
            fed = Fed("redelivery", hop.encode() + earlier.raw, earlier.message_id,
                      earlier.sender)
        elif kind == "loop":
            ack = self.rng.choice(acks)
            raw = ack.raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")  # as IMAP stores it
            fed = Fed("loop", raw, ack.message_id, "relations.dsi@exemple.fr")
        elif kind.startswith("reply"):
            fed = self._reply(kind, self.rng.choice(usable), index)
        else:
            fed = getattr(self, "_" + kind.replace("-", "_"))(index)
        if kind in ("new", "new-external", "reply-tag", "reply-irt", "reply-refs"):
            self.acts[fed.sender] = self.acts.get(fed.sender, 0) + 1
        if kind in ("new", "new-external"):
            self.news.append(fed)
        self.fed.append(fed)
        return fed

    def _person(self, external: bool = False) -> tuple[str, str]:
        """The next sender, round robin: at most ACKS_PER_SENDER new requests each."""
        if external:
            self.next_external += 1
            return self.externals[self.next_external % len(self.externals)]
        self.next_user += 1
        return self.users[self.next_user % len(self.users)]

    def _mail(self, sender: tuple[str, str], subject: str, text: str,
              **headers: str) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = f"{sender[0]} <{sender[1]}>"
        mail["To"] = TO
        mail["Subject"] = subject
        mail["Date"] = format_datetime(utcnow())
        mail["Message-ID"] = make_msgid(domain="mail.exemple.fr")
        for name, value in headers.items():
            mail[name.replace("_", "-")] = value
        mail.set_content(text)
        return mail

    def _fed(self, kind: str, mail: EmailMessage, sender: str, ticket: str = "") -> Fed:
        return Fed(kind, mail.as_bytes(policy=SMTP), str(mail["Message-ID"]), sender, ticket)

    def _text(self, name: str) -> str:
        lines = self.rng.sample(LINES, self.rng.randint(2, 5))
        return "Bonjour,\n\n" + "\n".join(lines) + f"\n\nCordialement,\n{name}\n"

    def _new(self, index: int, external: bool = False) -> Fed:
        sender = self._person(external)
        text = self._text(sender[0])
        mail = self._mail(sender, f"{self.rng.choice(SUBJECTS)} (n° {index})", text,
                          X_Mailer="Microsoft Outlook 16.0")
        roll = self.rng.random()
        if roll < 0.3:
            html = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
            mail.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
        elif roll < 0.4:
            data = b"%PDF-1.4\n" + self.rng.randbytes(self.rng.randint(100_000, 200_000))
            mail.add_attachment(data, maintype="application", subtype="pdf",
                                filename=f"capture_{index}.pdf")
        return self._fed("new-external" if external else "new", mail, sender[1])

    def _new_external(self, index: int) -> Fed:
        return self._new(index, external=True)

    def _reply(self, kind: str, ack: Ack, index: int) -> Fed:
        """Reply as a mail client does: to the acknowledgment, or to the first mail."""
        name = next((name for name, address in self.users + self.externals
                     if address == ack.to_addr), ack.to_addr)
        plain = ack.subject.split(" : ", 1)[-1]
        text = f"Bonjour,\n\nToujours bloqué ce matin (relance {index}).\n\n{name}\n"
        if kind == "reply-tag":
            mail = self._mail((name, ack.to_addr), f"RE: {ack.subject}", text,
                              In_Reply_To=ack.message_id, References=ack.message_id)
        elif kind == "reply-irt":
            mail = self._mail((name, ack.to_addr), f"RE: {plain}", text,
                              In_Reply_To=ack.message_id)
        else:
            mail = self._mail((name, ack.to_addr), f"Re: {plain}", text,
                              References=ack.request_id)
        return self._fed(kind, mail, ack.to_addr, ack.number)

    def _auto_reply(self, index: int) -> Fed:
        sender = self.rng.choice(self.users)
        if self.rng.random() < 0.5:
            mail = self._mail(sender, "Réponse automatique : absence du bureau",
                              "Je suis absent jusqu'au 12, sans accès à mes courriels.",
                              Auto_Submitted="auto-replied")
        else:  # Exchange: no RFC 3834 header, only its own markers
            mail = self._mail(sender, "Automatic reply: Votre demande",
                              "I am out of the office.", X_Auto_Response_Suppress="All")
        return self._fed("auto-reply", mail, sender[1])

    def _bounce(self, index: int) -> Fed:
        """A delivery status notification (RFC 3464) from the MTA."""
        message_id = make_msgid(domain="mx.exemple.fr")
        raw = BOUNCE.format(date=format_datetime(utcnow()), message_id=message_id,
                            index=index).replace("\n", "\r\n").encode()
        return Fed("bounce", raw, message_id, "mailer-daemon@mx.exemple.fr")

    def _bulk(self, index: int) -> Fed:
        sender = ("Lettre de la DRH", "lettre-rh@diffusion.exemple.fr")
        mail = self._mail(sender, f"La lettre interne n° {index}", "Au sommaire ce mois-ci…",
                          Precedence="bulk", List_Unsubscribe="<mailto:desabo@exemple.fr>")
        return self._fed("bulk", mail, sender[1])
