"""Reading real people's mail: header blocks, charsets, structure, senders and quote folding."""

import re
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import need
from tests.tickets_factories import CORPUS, FIXTURES, make_mail
from tickets import render
from tickets.mailbox.addresses import parse_addresses, single_mailbox
from tickets.mailbox.charsets import codec_for, decode_bytes
from tickets.mailbox.parse import parse_message, read_message_id
from tickets.models import Attachment
from tickets.render import split_reply

C1 = re.compile("[\x80-\x9f]")
ALL_MAIL = sorted(FIXTURES.rglob("*.eml"))
DEMO = tomllib.loads((Path(__file__).resolve().parents[2] / "tickets" / "demo_requests.toml")
                     .read_text(encoding="utf-8"))
PARSING = FIXTURES / "parsing"


def corpus_mail() -> list[Path]:
    return sorted(path for path in CORPUS.rglob("*") if path.is_file()
                  and not path.name.endswith("_reply_text")) if CORPUS.is_dir() else []


# --- Header block -------------------------------------------------------------------------

@pytest.mark.parametrize("bad_line", [
    b"Comptabilite fournisseurs",  # a fold that lost its leading space
    b"X-Scanner : passerelle",  # a space before the colon
    b"X-Original-Note",
    b"\xc3\xa9t\xc3\xa9 2026",  # 8-bit text
])
def test_a_bad_line_in_the_headers_does_not_hide_the_sender_after_it(bad_line):
    raw = (b"Received: from a\r\n by b\r\nThread-Topic: Acces\r\n" + bad_line +
           b"\r\nFrom: Camille Perrin <camille.perrin@exemple.fr>\r\nSubject: Partage\r\n"
           b"Message-ID: <abc@exemple.fr>\r\n\r\nBonjour,\r\nmerci.\r\n")
    mail = parse_message(raw)
    assert (mail.from_name, mail.from_addr) == ("Camille Perrin", "camille.perrin@exemple.fr")
    assert mail.subject == "Partage"
    assert mail.message_id == read_message_id(raw, "0" * 64) == "<abc@exemple.fr>"
    assert mail.text.strip() == "Bonjour,\nmerci."


def test_obsolete_spaced_header_names_and_a_broken_fold_are_read():
    raw = (b"From  : John Doe <jdoe@machine(comment).  example>\r\nTo    : Mary Smith\r\n__\r\n"
           b"          <mary@example.net>\r\nSubject     : Saying Hello\r\n\r\nHello.\r\n")
    mail = parse_message(raw)
    assert (mail.from_name, mail.from_addr) == ("John Doe", "jdoe@machine.example")
    assert mail.to == [("Mary Smith", "mary@example.net")]
    assert (mail.subject, mail.text.strip()) == ("Saying Hello", "Hello.")


def test_a_body_that_starts_without_a_blank_line_stays_the_body():
    mail = parse_message(b"From: a@exemple.fr\nSubject: x\nBonjour,\nErreur: 404\n\nsuite\n")
    assert (mail.from_addr, mail.subject) == ("a@exemple.fr", "x")
    assert "Bonjour,\nErreur: 404" in mail.text


# --- Charsets -----------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "codec"), [
    ("iso-8859-1", "cp1252"), ("ISO_8859-1", "cp1252"), ("latin1", "cp1252"),
    ("us-ascii", "cp1252"), ("ascii", "cp1252"), ("windows-1252", "cp1252"),
    ("gb2312", "gb18030"), ("GB_2312-80", "gb18030"), ("chinese", "gb18030"),
    ("gbk", "gb18030"), ("ks_c_5601-1987", "cp949"), ("euc-kr", "cp949"),
    ("shift_jis", "cp932"), ("big5", "big5hkscs"), ('"utf-8"', "utf-8"),
    ("x-unknown", None), ("iso-2022-kr", None), ("base64", None),
])
def test_charset_labels_are_read_as_mail_clients_read_them(label, codec):
    assert codec_for(label) == codec


def test_windows_1252_text_labelled_latin1_gives_the_characters_people_typed():
    assert decode_bytes(b"l\x92imprimante \x80 c\x9cur \x85", "iso-8859-1") == (
        "l’imprimante € cœur …")


def test_iso_2022_jp_with_microsoft_extensions_is_read():
    raw = b"\x1b$B\x2d\x21\x2d\x22\x2d\x6a\x1b(B VPN \x1b$BF|K\\\x1b(B"
    assert decode_bytes(raw, "ISO-2022-JP") == "①②㈱ VPN 日本"


def test_encoded_words_and_rfc2231_names_use_the_same_labels():
    raw = (b"From: Sophie <sophie@exemple.fr>\r\nSubject: =?iso-8859-1?Q?L=92imprimante_=80?=\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/plain\r\n\r\nBonjour\r\n--b\r\nContent-Type: application/pdf\r\n"
           b"Content-Disposition: attachment; filename*=iso-8859-1''Devis%20c%9Cur%20%80.pdf"
           b"\r\n\r\n%PDF\r\n--b--\r\n")
    mail = parse_message(raw)
    assert mail.subject == "L’imprimante €"
    assert [a.filename for a in mail.attachments] == ["Devis cœur €.pdf"]


def test_raw_utf8_headers_and_file_names_are_utf8_else_windows_1252():
    utf8 = parse_message((PARSING / "gmail-rfc6532-utf8-headers.eml").read_bytes())
    assert utf8.subject.startswith("Procès-verbal du comité")
    assert utf8.from_name == "Hélène Dubois"
    assert [a.filename for a in utf8.attachments] == ["Procès-verbal comité qualité – décembre.pdf"]
    legacy = parse_message(b"From: a@exemple.fr\r\nSubject: Cl\xe9 \x80\r\n"
                           b"Content-Type: text/plain\r\n"
                           b"Content-Disposition: attachment; filename=\"re\xe7u.txt\"\r\n\r\nx")
    assert legacy.subject == "Clé €"
    assert legacy.attachments[0].filename == "reçu.txt"


def _strings(mail) -> list[str]:
    values = [mail.subject, mail.from_name, mail.text, mail.html or "",
              *(name for name, _addr in mail.to + mail.cc),
              *(a.filename for a in mail.attachments),
              *(value for values in mail.headers.values() for value in values)]
    return values


@pytest.mark.parametrize("path", ALL_MAIL, ids=lambda path: path.relative_to(FIXTURES).as_posix())
def test_no_c1_control_character_is_ever_kept_from_a_fixture(path):
    mail = parse_message(path.read_bytes())
    assert not [value for value in _strings(mail) if C1.search(value)]


def test_no_c1_control_character_is_ever_kept_from_the_corpus():
    paths = corpus_mail()
    need(bool(paths), f"the shared mail corpus is not at {CORPUS}")
    found = {path.name for path in paths
             if any(C1.search(value) for value in _strings(parse_message(path.read_bytes())))}
    assert found == set()


def test_c1_characters_in_utf8_text_are_read_as_the_windows_1252_ones_meant():
    raw = "From: a@exemple.fr\r\nSubject: l\u0092appli \u0080\r\n\r\nc\u009cur\u0081".encode()
    mail = parse_message(raw)
    assert (mail.subject, mail.text) == ("l’appli €", "cœur")


# --- Structure ----------------------------------------------------------------------------

def test_text_after_an_inline_image_is_body_in_order_not_an_attachment():
    mail = parse_message((PARSING / "iphone-text-image-text-pdf-text.eml").read_bytes())
    assert mail.text.index("voici la photo") < mail.text.index("le tactile") < mail.text.index(
        "Merci de passer")
    assert [a.content_type for a in mail.attachments] == ["image/jpeg", "application/pdf"]


def test_html_parts_after_an_image_are_body_too():
    mail = parse_message((PARSING / "apple-mail-html-text-after-image.eml").read_bytes())
    html = mail.html
    assert html.index("Mon badge") < html.index("Le lecteur affiche") < html.index("Merci de")
    assert sorted(a.filename for a in mail.attachments) == [
        "Attestation parking.pdf", "Photo-lecteur.jpeg"]


def test_an_attached_mail_keeps_its_own_name():
    mail = parse_message((PARSING / "forward-attached-message-without-filename.eml").read_bytes())
    assert [a.filename for a in mail.attachments] == ["Facture n° 2026-118 écart de TVA.eml"]
    raw = (b"From: a@exemple.fr\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/plain\r\n\r\nVoir\r\n--b\r\nContent-Type: message/rfc822\r\n"
           b"Content-Disposition: attachment; filename=\"Relance.eml\"\r\n\r\nSubject: x\r\n\r\n"
           b"y\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@x.fr\r\n\r\nz\r\n--b--\r\n")
    names = [a.filename for a in parse_message(raw).attachments]
    assert names == ["Relance.eml", "message-sans-objet.eml"]


def test_a_text_part_marked_as_attachment_stays_an_attachment():
    raw = (b"From: a@exemple.fr\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/plain\r\n\r\nBonjour\r\n--b\r\nContent-Type: text/plain\r\n"
           b"Content-Disposition: attachment; filename=\"journal.txt\"\r\n\r\nlog\r\n--b--\r\n")
    mail = parse_message(raw)
    assert mail.text.strip() == "Bonjour"
    assert [a.filename for a in mail.attachments] == ["journal.txt"]


# --- Senders and recipients ---------------------------------------------------------------

@pytest.mark.parametrize(("value", "sender"), [
    ("claire.martin@exemple.fr <paul.girard@exemple.fr>", ("", "paul.girard@exemple.fr")),
    ("Claire Martin <claire.martin@exemple.fr>", ("Claire Martin", "claire.martin@exemple.fr")),
    ('"Martin, Claire" <claire.martin@exemple.fr>', ("Martin, Claire", "claire.martin@exemple.fr")),
    ("Martin, Claire <claire.martin@exemple.fr>", ("Martin, Claire", "claire.martin@exemple.fr")),
    ("claire.martin@exemple.fr (Claire Martin)", ("", "claire.martin@exemple.fr")),
    ("claire.martin@exemple.fr", ("", "claire.martin@exemple.fr")),
    ("Big Bug bb@bug.com", ("Big Bug", "bb@bug.com")),
    ("Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>",
     ("Pete", "pete@silly.test")),
    ("Claire <claire.martin@exemple.fr>, Paul <paul.girard@exemple.fr>", None),
    ("Direction: claire.martin@exemple.fr, paul.girard@exemple.fr;", None),
    ("claire.martin@exemple.fr paul.girard@exemple.fr", None),
    ("<claire.martin@exemple.fr> paul.girard@exemple.fr", None),
    ("Claire <claire.martin@exemple.fr", None),
    ("Claire Martin", None),
    ("", None),
])
def test_from_holds_exactly_one_valid_mailbox(value, sender):
    assert single_mailbox([value]) == sender


def test_two_from_headers_give_no_sender():
    assert single_mailbox(["a@exemple.fr", "b@exemple.fr"]) is None


def test_an_encoded_display_name_is_never_the_address():
    raw = (b"From: =?utf-8?b?Y2xhaXJlLm1hcnRpbkBleGVtcGxlLmZy?= <paul.girard@exemple.fr>\r\n"
           b"Cc: claire.martin@exemple.fr <intrus@ailleurs.example>, =?utf-8?q?a=40b.fr?= "
           b"<c@d.fr>, pas une adresse\r\nReply-To: x@y.fr <z@w.fr>\r\n\r\nx")
    mail = parse_message(raw)
    assert (mail.from_name, mail.from_addr) == ("", "paul.girard@exemple.fr")
    assert mail.cc == [("", "intrus@ailleurs.example"), ("", "c@d.fr")]
    assert mail.reply_to == "z@w.fr"


def test_recipient_lists_keep_only_valid_addresses():
    found, clean = parse_addresses('"Dupont, Jean" <jean@x.fr>, Équipe: a@x.fr, b@x.fr;, ,'
                                   " rien, <ok@x.fr>")
    assert [addr for _name, addr in found] == ["jean@x.fr", "a@x.fr", "b@x.fr", "ok@x.fr"]
    assert not clean


def test_a_forged_display_name_never_files_the_mail_as_claires(db, make_mailbox, make_user,
                                                                deliver):
    claire = make_user(email="claire.martin@exemple.fr")
    paul = make_user(email="paul.girard@exemple.fr")
    row = deliver(make_mailbox(), (PARSING / "from-unquoted-address-display-name.eml")
                  .read_bytes())
    assert row.from_addr == paul.email
    assert row.ticket.requester == paul
    assert row.ticket.requester != claire


def test_an_attachment_name_in_raw_utf8_is_stored_readable(db, make_mailbox, deliver):
    deliver(make_mailbox(), (PARSING / "gmail-rfc6532-utf8-headers.eml").read_bytes())
    names = db.session.scalars(select(Attachment.filename)).all()
    assert names == ["Procès-verbal comité qualité – décembre.pdf"]


def test_several_senders_are_quarantined_without_a_request(db, make_mailbox, deliver):
    row = deliver(make_mailbox(), make_mail("Claire <claire.martin@exemple.fr>, "
                                            "Paul <paul.girard@exemple.fr>"))
    assert (row.outcome.value, row.reason, row.ticket) == ("quarantined", "no-sender", None)


# --- Quote folding ------------------------------------------------------------------------

SAMPLE = {"numero": "DSI-2026-00042", "demandeur": "Claire Martin",
          "objet": "Erreur au lancement du logiciel de paie", "service": "Paie",
          "agent": "Julien Bernard"}


def demo_texts() -> dict[str, str]:
    """Every reply template, and every agent text of the demo requests, filled in."""
    texts = {f"modèle {t['name']}": t["body"] for t in DEMO["template"]}
    for index, request in enumerate(DEMO["request"]):
        for key in ("reply", "ask", "solution", "followup", "reopen"):
            if request.get(key) and request[key] not in {t["name"] for t in DEMO["template"]}:
                texts[f"demande {index} {key}"] = request[key]
    return {name: re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), m.group(0)), body)
            for name, body in texts.items()}


TEXTS = demo_texts()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_line_of_a_reply_template_or_demo_answer_is_ever_folded(name):
    text = TEXTS[name]
    latest, _full = split_reply(text)
    shown = latest.splitlines()
    assert [line for line in text.splitlines() if line.strip() and line not in shown] == []


def test_the_built_in_request_for_more_information_is_shown_whole(db, client, make_ticket,
                                                                  make_user, login_as):
    from portal.timeutil import utcnow
    from tests.tickets.test_manifest import visible_text
    from tickets.enums import MessageKind
    from tickets.services import NewMessage, add_message

    template = next(t for t in DEMO["template"]
                    if t["name"] == "Demande d'information complémentaire")
    requester = make_user()
    ticket = make_ticket(requester=requester)
    agent = make_user()
    body = re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), ""), template["body"])
    add_message(ticket, MessageKind.REPLY, NewMessage(body_text=body), utcnow(), author=agent)
    db.session.commit()
    login_as(requester)
    shown = visible_text(client.get(f"/demandes/{ticket.number}").get_data(as_text=True))
    for line in body.splitlines():
        assert " ".join(line.split()) in shown, line


@pytest.mark.parametrize(("text", "latest"), [
    ("Bonjour Julien,\n\n- point un\n- point deux\n-- point trois\n\nClaire",
     "Bonjour Julien,\n\n- point un\n- point deux\n-- point trois\n\nClaire"),
    ("Merci.\n\nLe lun. 7 déc. 2026 à 10:02, Julien Bernard <j@exemple.fr> a\nécrit :\n"
     "> Bonjour,\n> question", "Merci."),
    ("OK pour moi.\n\n-----Message d'origine-----\nDe : Julien\nEnvoyé : lundi\nÀ : Claire\n"
     "Objet : Paie\n\nBonjour", "OK pour moi."),
    ("C'est réparé.\n\nEnvoyé de mon iPhone\n\n> Le 7 déc. 2026 à 10:02, J a écrit :\n> x",
     "C'est réparé."),
    ("Voici.\n\nEnvoyé de mon poste ce matin.\nLa suite, importante, reste visible.",
     "Voici.\n\nEnvoyé de mon poste ce matin.\nLa suite, importante, reste visible."),
    ("Réponses dans le texte.\n> Quel poste ?\nPC-042\n> Depuis quand ?\nLundi matin",
     "Réponses dans le texte.\n> Quel poste ?\nPC-042\n> Depuis quand ?\nLundi matin"),
    ("Voir ci-dessous.\n\n---------- Forwarded message ---------\nDe : Paul <p@x.fr>\n"
     "Date: lun. 7 déc. 2026\nSubject: Panne\nTo: <c@x.fr>\n\nLe serveur est tombé.",
     "Voir ci-dessous.\n\n---------- Forwarded message ---------\nDe : Paul <p@x.fr>\n"
     "Date: lun. 7 déc. 2026\nSubject: Panne\nTo: <c@x.fr>\n\nLe serveur est tombé."),
])
def test_only_what_is_really_quoted_folds(text, latest):
    assert split_reply(text)[0] == latest


def test_a_forward_from_outlook_shows_what_it_carries():
    text = ("Pour info, voir ci-dessous.\n\n________________________________\nDe : Paul Girard "
            "<paul.girard@exemple.fr>\nEnvoyé : lundi 7 décembre 2026 09:12\nÀ : Claire Martin\n"
            "Objet : Serveur de fichiers\n\nLe serveur de fichiers ne répond plus depuis 9 h.")
    assert split_reply(text, "TR : Serveur de fichiers") == (text, "")
    assert split_reply(text, "RE : Serveur de fichiers")[0] == "Pour info, voir ci-dessous."
    html = '<p>Pour info</p><div id="divRplyFwdMsg"><b>De :</b> Paul</div><p>Panne</p>'
    assert render.split_html_reply(html, "TR: Panne") is None
    assert render.split_html_reply(html, "RE: Panne") == "<p>Pour info</p>"


def _fold_starts_at_a_marker(text: str) -> bool:
    latest, full = split_reply(text)
    if not full:
        return True
    lines = text.replace("\r\n", "\n").split("\n")
    kept = next(k for k in range(len(lines) + 1) if "\n".join(lines[:k]).strip() == latest)
    first = next((index for index in range(kept, len(lines)) if lines[index].strip()), None)
    if first is None:
        return True
    line = lines[first]
    return bool(line.lstrip().startswith(">") or line.rstrip() in ("--", "-- ")
                or render._attribution_at(lines, next(
                    (i for i in range(first, min(first + 4, len(lines)))
                     if lines[i].rstrip().endswith(":")), first)) == first
                or render._header_block_at(lines, first) or render._RULE.match(line)
                or render._ORIGINAL.match(line) or render._MOBILE.match(line))


def test_talon_replies_keep_their_whole_reply_text():
    replies = sorted((CORPUS / "talon" / "standard_replies").glob("*.eml"))
    need(bool(replies), f"the shared mail corpus is not at {CORPUS}")
    for path in replies:
        expected_file = path.with_name(f"{path.stem}_reply_text")
        expected = expected_file.read_text().strip() if expected_file.exists() else "Hello"
        mail = parse_message(path.read_bytes())
        latest = split_reply(mail.text or render.html_to_text(mail.html or ""))[0]
        # The reply text's first line is what the person wrote; a signature may fold.
        assert expected.splitlines()[0].strip() in latest, path.name


def test_folding_over_every_mail_starts_only_at_quoted_history_or_a_signature():
    paths = ALL_MAIL + corpus_mail()
    wrong = [path.name for path in paths
             if not _fold_starts_at_a_marker(parse_message(path.read_bytes()).text)]
    assert wrong == []
