"""Tell machines' mail from people's: responders, receipts, invitations, content and dates.

Pure functions of a parsed mail. Every text test looks at a bounded prefix of the body with
plain substring checks, so a hostile body costs no more than a short one.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import datetime, timedelta

from tickets.mailbox.parse import ParsedMail

BODY_LOOK = 2000  # characters of a body read to recognise a responder's or a receipt's text
SHORT_BODY = 1500  # a responder's or a receipt's whole text is shorter than this
FUTURE_SLACK = timedelta(days=1)
PAST_LIMIT = timedelta(days=366)

_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|tr|fw|fwd|wg|rif|ref|r)\s*(?:\[\d{1,4}\])?\s*:\s*)+",
                     re.IGNORECASE)
_TAGS = re.compile(r"\[[^\[\]]{0,60}\]")
_TAG_NAMES = re.compile(r"<[^<>]{0,2000}>")
_SPACES = re.compile(r"\s+")
_OUT_OF_OFFICE = re.compile(
    r"^\s*(r[ée]ponse automatique|automatic reply|auto(matic)?[- ]?reply|absence du bureau|"
    r"out of (the )?office|autoreply|r[ée]ponse d'absence|message d'absence|absent|"
    r"abwesenheitsnotiz|automatische antwort|respuesta autom[áa]tica|risposta automatica|"
    r"fuera de la oficina|vacation|cong[ée]s?\b)", re.IGNORECASE)
_RECEIPT_SUBJECT = re.compile(
    r"^\s*(accus[ée] de r[ée]ception|accus[ée] de lecture|confirmation de lecture|lu|"
    r"read|remis|delivered|relayed|non lu|not read|return receipt|read receipt|"
    r"delivery receipt|gelesen|zugestellt)\s*(:|$)", re.IGNORECASE)
_OUT_OF_OFFICE_TEXT = (
    "je suis absent", "je serai absent", "je suis actuellement absent", "je suis en conge",
    "je suis actuellement en conge", "je serai en conge", "je prendrai connaissance de votre",
    "je traiterai votre message", "je repondrai a votre message", "a mon retour",
    "des mon retour", "je ne suis pas joignable", "je n'ai pas acces a ma messagerie",
    "out of the office", "out of office", "i am away", "i'm away", "i am currently away",
    "i am on leave", "i'm on leave", "on annual leave", "i am on vacation", "i'm on vacation",
    "limited access to e-mail", "limited access to email", "i will be back",
    "i will respond to your", "i will reply to your", "upon my return", "when i return",
)
_RECEIPT_TEXT = (
    "a ete lu", "ont ete lus", "was read", "a ete remis", "ont ete remis", "has been delivered",
    "was delivered", "supprime sans avoir ete lu", "deleted without being read",
    "a ete recu par", "was received by", "a ete affiche", "was displayed", "delivery to",
)
# Words of someone asking for something: an out-of-office or a receipt never has them.
_ASKING = ("?", "n'arrive pas", "n'arrive plus", "impossible", "je n'ai jamais", "jamais recu",
           "pouvez-vous", "pourriez-vous", "pouvez vous", "comment faire", "ne fonctionne",
           "ne marche", "probleme", "erreur", "bloque", "can't", "cannot", "unable",
           "doesn't work", "does not work", "how do", "could you", "can you", "error")
_RESPONDER_HEADERS = ("x-autoreply", "x-autorespond", "x-auto-reply", "x-autoresponder",
                      "x-autoreply-from", "x-vacation")
_FORWARD = re.compile(r"^\s*(tr|fw|fwd|wg)\s*:", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, no accents, one space between words, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u00a0", " "))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _SPACES.sub(" ", text.casefold()).strip()


def normal_subject(subject: str) -> str:
    """The subject without Re:/Fwd:/TR: prefixes nor [tags], folded."""
    return fold(_PREFIX.sub("", _TAGS.sub(" ", subject)))


def body_text(mail: ParsedMail, limit: int | None = None) -> str:
    """The plain text of the body (tags stripped from an HTML-only one), folded."""
    text = mail.text if mail.text.strip() else html.unescape(
        _TAG_NAMES.sub(" ", (mail.html or "")[:400_000]))
    return fold(text[:limit] if limit else text)


def fingerprint(mail: ParsedMail) -> str:
    """A hash of what the mail says: subject, body text and attachments, all normalised."""
    digest = hashlib.sha256(normal_subject(mail.subject).encode())
    digest.update(b"\x00" + body_text(mail, 200_000).encode("utf-8", "replace"))
    for item in sorted(hashlib.sha256(a.data).hexdigest() for a in mail.attachments):
        digest.update(b"\x00" + item.encode())
    for name, size in sorted(mail.skipped):
        digest.update(f"\x00{name}:{size}".encode("utf-8", "replace"))
    return digest.hexdigest()


def mail_date(mail: ParsedMail, arrived: datetime) -> datetime:
    """The mail's own date, or its arrival when it has none or an absurd one."""
    date = mail.date
    if date is None or date > arrived + FUTURE_SLACK or date < arrived - PAST_LIMIT:
        return arrived
    return date


def _asks(text: str) -> bool:
    return any(word in text for word in _ASKING)


def has_responder_headers(mail: ParsedMail) -> bool:
    """RFC 3834 and the vendors' markers of a mail written by a responder."""
    submitted = mail.header("auto-submitted").split(";")[0].strip().lower()
    if submitted and submitted != "no":
        return True
    if "auto_reply" in (mail.header("precedence").strip().lower(),
                        mail.header("x-precedence").strip().lower()):
        return True
    if any(mail.header(name) for name in _RESPONDER_HEADERS):
        return True
    if "reply" in mail.header("x-autogenerated").lower() or \
            "autoresponder" in mail.header("x-post-messageclass").lower():
        return True
    suppress = mail.header("x-auto-response-suppress").lower()
    if suppress and any(word in suppress for word in ("all", "oof", "autoreply")):
        return True
    # An Exchange inbox rule ("reply with a template", an out-of-office) stamps only these;
    # a rule forwarding a person's mail stamps them too, with a forward's subject.
    rule_made = mail.header("x-ms-exchange-inbox-rules-loop") or \
        mail.header("x-ms-exchange-generated-message-source")
    return bool(rule_made) and not _FORWARD.match(mail.subject)


def looks_like_auto_reply(mail: ParsedMail) -> bool:
    """An out-of-office subject whose short body is itself an out-of-office notice."""
    if not _OUT_OF_OFFICE.match(fold(mail.subject)):
        return False
    text = body_text(mail, BODY_LOOK + 1)
    if not text or len(text) > SHORT_BODY:
        return False
    head = text[:600]
    return any(phrase in head for phrase in _OUT_OF_OFFICE_TEXT) and not _asks(head)


def is_receipt(mail: ParsedMail) -> bool:
    """A read or delivery receipt: an MDN, or a receipt's subject over a receipt's short text."""
    if mail.content_type == "multipart/report" and mail.report_type == "disposition-notification":
        return True
    subject = fold(mail.subject)
    if not _RECEIPT_SUBJECT.match(subject):
        return False
    if mail.content_type == "multipart/report" and mail.report_type == "delivery-status":
        return True  # "Remis :" / "Delivered:", a delivery report that is no failure
    text = body_text(mail, BODY_LOOK + 1)
    if len(text) > SHORT_BODY:
        return False
    # The receipt quotes the subject it acknowledges, whatever that subject asks.
    quoted = _RECEIPT_SUBJECT.sub("", subject).strip()
    return any(phrase in text for phrase in _RECEIPT_TEXT) and not _asks(
        text.replace(quoted, " ") if quoted else text)


def calendar_method(mail: ParsedMail) -> str:
    """REQUEST, REPLY, CANCEL…: an invitation or an answer to one, else ''."""
    if mail.calendar_method:
        return mail.calendar_method
    if "calendarmessage" in mail.header("content-class").lower():
        return "REQUEST"
    return ""
