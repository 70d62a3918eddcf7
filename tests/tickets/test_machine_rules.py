"""The pure rules telling machines' mail from people's, without the app."""

import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from tickets.mailbox import rules
from tickets.mailbox.oversize import cut_runs, read_large
from tickets.mailbox.parse import parse_message

OWN, LOOP = "portail.exemple.fr", "portail-dsi"
ASKING = ("Bonjour,\nj'ai demandé un accès la semaine dernière et je n'ai jamais reçu de "
          "numéro. Pouvez-vous vérifier ?\nClaire Martin")
OUT_OF_OFFICE = ("Bonjour,\nJe suis absente du 7 au 18 décembre inclus. Je prendrai "
                 "connaissance de votre message à mon retour.\nClaire Martin")


def mail(subject: str = "Accès VPN", body: str = ASKING, *, sender="claire.martin@exemple.fr",
         to="relations.dsi@exemple.fr", headers: dict | None = None, ics: str | None = None,
         ics_disposition: str | None = None, attachment: bytes | None = None,
         method: str = "REQUEST") -> bytes:
    message = EmailMessage()
    message["From"] = f"Claire Martin <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 7 Dec 2026 09:12:44 +0100"
    message["Message-ID"] = "<m1@client.example>"
    message.set_content(body)
    for name, value in (headers or {}).items():
        message[name] = value
    if ics is not None:
        message.add_alternative(ics.replace("REQUEST", method), subtype="calendar",
                                params={"method": method})
        if ics_disposition:
            message.get_payload()[-1]["Content-Disposition"] = ics_disposition
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf",
                               filename="devis.pdf")
    return bytes(message)


def verdict(raw: bytes, **known) -> rules.Verdict:
    return rules.classify(parse_message(raw), OWN, LOOP, **known)


@pytest.mark.parametrize("subject", [
    "Réponse automatique : je n'ai jamais reçu de numéro",
    "Message d'absence : impossible de l'activer dans Outlook",
    "Out of office: can't enable it", "Automatic reply: question", "Absent : badge",
])
def test_a_subject_alone_never_makes_an_auto_reply(subject):
    assert verdict(mail(subject)) == rules.Verdict(rules.ACCEPT)


@pytest.mark.parametrize("body", [
    OUT_OF_OFFICE,
    "I am out of the office until Monday 14 December with limited access to email.",
    "Bonjour, je suis en congés jusqu'au 4 janvier. Je traiterai votre message à mon retour.",
])
def test_an_out_of_office_subject_over_an_out_of_office_body_is_an_auto_reply(body):
    assert verdict(mail("Réponse automatique : Accès VPN", body)).reason == "auto-reply"


def test_a_person_asking_about_the_out_of_office_they_will_set_is_a_request():
    body = ("Bonjour, je serai absent du 21 décembre au 4 janvier mais impossible "
            "d'activer ma réponse automatique dans Outlook. Paul")
    assert verdict(mail("Message d'absence", body)) == rules.Verdict(rules.ACCEPT)


def test_a_long_body_under_an_out_of_office_subject_is_a_person_writing():
    body = OUT_OF_OFFICE + "\n" + "Détail du dossier transmis aux achats. " * 100
    assert verdict(mail("Réponse automatique : devis", body)) == rules.Verdict(rules.ACCEPT)


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"}, {"Precedence": "auto_reply"},
    {"X-Autoreply": "yes"}, {"X-Autorespond": "vacation"},
    {"X-Auto-Response-Suppress": "All"},
    {"X-MS-Exchange-Inbox-Rules-Loop": "claire.martin@exemple.fr"},
    {"X-MS-Exchange-Generated-Message-Source": "Mailbox Rules Agent"},
    {"Auto-Submitted": "auto-replied (zimbra; vacation)"},
    {"X-POST-MessageClass": "9; Autoresponder"},
])
def test_a_responders_headers_make_an_auto_reply_whatever_the_subject(headers):
    assert verdict(mail("Accès VPN", "Bonjour", headers=headers)).reason == "auto-reply"


def test_a_persons_mail_forwarded_by_an_inbox_rule_is_a_request():
    raw = mail("TR: Accès VPN", ASKING,
               headers={"X-MS-Exchange-Inbox-Rules-Loop": "paul.girard@exemple.fr"})
    assert verdict(raw) == rules.Verdict(rules.ACCEPT)


@pytest.mark.parametrize(("subject", "body"), [
    ("Lu : Accès VPN impossible ?", "Votre message\n\n  Objet : Accès VPN impossible ?\n\n"
     "a été lu le lundi 7 décembre 2026 10:15."),
    ("Read: VPN", "Your message\n\n  Subject: VPN\n\nwas read on Monday, December 7, 2026."),
    ("Remis : Accès VPN", "Votre message a été remis aux destinataires suivants :\n"
     "relations.dsi@exemple.fr"),
    ("Delivered: VPN", "Your message has been delivered to the following recipients:"),
    ("Accusé de réception : [DSI-2026-00042] VPN", "Votre document :\n\n[DSI-2026-00042] VPN\n\n"
     "a été reçu par : Claire Martin\nle : 07/12/2026 10:15:22"),
])
def test_read_and_delivery_receipts_in_text_form_are_receipts(subject, body):
    assert verdict(mail(subject, body)).reason == "receipt"


def test_a_person_asking_about_a_receipt_is_a_request():
    body = "Bonjour, le message a été lu mais je n'ai jamais reçu de réponse. Pourquoi ?"
    assert verdict(mail("Accusé de réception : pas de nouvelles", body)).action == rules.ACCEPT


ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Point\r\nEND:VEVENT\r\n" \
      "END:VCALENDAR\r\n"


def test_an_invitation_in_the_body_is_calendar_mail():
    assert verdict(mail("Point mensuel", "Ordre du jour", ics=ICS)).reason == "calendar"


def test_an_ics_file_attached_by_a_person_is_no_invitation():
    raw = mail("Planning", "Voici le fichier", ics=ICS,
               ics_disposition='attachment; filename="planning.ics"', method="PUBLISH")
    assert verdict(raw) == rules.Verdict(rules.ACCEPT)


def test_a_forwarded_invitation_inside_an_attached_message_is_no_invitation():
    outer = EmailMessage()
    outer["From"], outer["To"] = "claire.martin@exemple.fr", "relations.dsi@exemple.fr"
    outer["Subject"] = "TR: invitation que je ne peux pas ouvrir"
    outer.set_content("Bonjour, je ne peux pas ouvrir cette invitation, pouvez-vous regarder ?")
    inner = EmailMessage()
    inner.set_content("Ordre du jour")
    inner.add_alternative(ICS, subtype="calendar", params={"method": "REQUEST"})
    outer.add_attachment(inner)
    assert verdict(bytes(outer)) == rules.Verdict(rules.ACCEPT)


def test_an_outlook_calendar_message_class_is_calendar_mail():
    raw = mail("Accepté : Point", "", headers={
        "Content-Class": "urn:content-classes:calendarmessage"})
    assert verdict(raw).reason == "calendar"


LIST = {"List-Id": "Correspondants <corr.listes.exemple.fr>", "Precedence": "list"}


@pytest.mark.parametrize(("known", "to", "expected"), [
    (True, "relations.dsi@exemple.fr", rules.Verdict(rules.ACCEPT)),
    (True, "corr@listes.exemple.fr", rules.Verdict(rules.IGNORE, "bulk")),
    (False, "relations.dsi@exemple.fr", rules.Verdict(rules.IGNORE, "bulk")),
])
def test_a_list_mail_is_a_request_only_from_a_colleague_writing_to_the_mailbox(
        known, to, expected):
    parsed = parse_message(mail(headers=LIST, to=to))
    addressed = any(address == "relations.dsi@exemple.fr" for _n, address in parsed.to)
    assert rules.classify(parsed, OWN, LOOP, sender_known=known,
                          addressed_to_us=addressed) == expected


def test_the_fingerprint_ignores_reply_prefixes_tags_case_and_spacing():
    first = parse_message(mail("Accès VPN", "Bonjour,\n  la  connexion échoue."))
    second = parse_message(mail("RE: TR : [DSI-2026-00042] accès vpn",
                                "bonjour, la connexion\néchoue."))
    assert rules.fingerprint(first) == rules.fingerprint(second)


def test_the_fingerprint_tells_other_words_and_other_attachments_apart():
    base = rules.fingerprint(parse_message(mail(attachment=b"%PDF-1.4 devis A")))
    assert rules.fingerprint(parse_message(mail(attachment=b"%PDF-1.4 devis B"))) != base
    other_words = mail(body="Autre chose", attachment=b"%PDF-1.4 devis A")
    assert rules.fingerprint(parse_message(other_words)) != base


def test_the_mails_own_date_is_used_unless_missing_or_absurd():
    arrived = datetime(2026, 12, 7, 12, tzinfo=UTC)
    parsed = parse_message(mail())
    assert rules.mail_date(parsed, arrived) == datetime(2026, 12, 7, 8, 12, 44, tzinfo=UTC)
    parsed.date = arrived + timedelta(days=30)
    assert rules.mail_date(parsed, arrived) == arrived
    parsed.date = None
    assert rules.mail_date(parsed, arrived) == arrived


def test_the_body_tests_stay_quick_on_a_huge_body():
    raw = mail("Réponse automatique : Lu : x", "je suis absent " * 700_000)
    parsed = parse_message(raw)
    started = time.perf_counter()
    assert rules.classify(parsed, OWN, LOOP) == rules.Verdict(rules.ACCEPT)
    assert time.perf_counter() - started < 1


def test_a_large_attachment_is_left_aside_and_the_text_kept():
    raw = mail(body="Bonjour, voici le devis signé.", attachment=b"\x00" * (3 * 1024 * 1024))
    parsed = read_large(raw, attachment_max_bytes=1024 * 1024)
    assert "voici le devis signé" in parsed.text
    assert parsed.skipped == [("devis.pdf", 3 * 1024 * 1024)]
    assert parsed.attachments == []
    slim, sizes = cut_runs(raw, 1024)
    assert len(slim) < 2000
    assert sizes == [3 * 1024 * 1024]


def test_an_invitation_sent_as_an_attached_ics_with_a_scheduling_method_is_calendar_mail():
    raw = mail("Invitation : revue du parc", "Invitation de Marc Dubois", ics=ICS,
               ics_disposition='attachment; filename="invite.ics"')
    assert verdict(raw).reason == "calendar"


def test_a_return_receipt_without_a_colon_is_a_receipt():
    body = "Your document:\n\n  VPN\n\nwas received by: Claire Martin\nat: 07/12/2026 10:15:22"
    assert verdict(mail("Return Receipt", body)).reason == "receipt"


def test_an_html_only_out_of_office_is_read_through_its_entities():
    message = EmailMessage()
    message["From"], message["To"] = "paul.girard@exemple.fr", "relations.dsi@exemple.fr"
    message["Subject"] = "Réponse automatique : VPN"
    message.set_content("<p>Je suis absent jusqu&#39;au 14 d&eacute;cembre, je prendrai "
                        "connaissance de votre message &agrave; mon retour.</p>", subtype="html")
    assert verdict(bytes(message)).reason == "auto-reply"


def test_a_mail_too_big_to_parse_even_slimmed_keeps_its_headers(monkeypatch):
    from tickets.mailbox import oversize

    monkeypatch.setattr(oversize, "PARSE_BUDGET", 1024)
    raw = mail("Vidéo de la panne", "Bonjour,\n" + "texte long " * 500)
    parsed = read_large(raw, attachment_max_bytes=100)
    assert (parsed.from_addr, parsed.subject) == ("claire.martin@exemple.fr",
                                                  "Vidéo de la panne")
    assert parsed.skipped == [("contenu du message", len(raw))]
