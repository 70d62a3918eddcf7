"""The pure parts of the mailbox: reading hostile mail and the rules, without the app."""

import pytest

from tests.tickets_factories import fixture_mail
from tickets.mailbox import rules
from tickets.mailbox.parse import decode_bytes, parse_message, safe_filename

OWN, LOOP = "portail.exemple.fr", "portail-dsi"


def test_mislabelled_charset_falls_back_to_windows_1252_and_says_so():
    notes = []
    assert decode_bytes("Réunion à 10 h – 5 €".encode("cp1252"), "utf-8", notes) == (
        "Réunion à 10 h – 5 €")
    assert notes == ["charset 'utf-8' read as windows-1252"]


@pytest.mark.parametrize("charset", ["x-unknown", "iso-gb2312", "base64", "rot13", "", None])
def test_unknown_or_non_text_charset_names_never_escape(charset):
    assert decode_bytes("coûte".encode(), charset) == "coûte"


def test_message_id_with_empty_angles_gets_a_synthetic_id():
    mail = parse_message(fixture_mail("message-id-empty-angles.eml"))
    assert not mail.has_message_id
    assert mail.message_id.endswith("@sans-message-id.invalid>")


def test_encoded_crlf_in_subject_is_folded_to_one_line():
    mail = parse_message(fixture_mail("subject-crlf-bcc-injection.eml"))
    assert "\r" not in mail.subject
    assert "\n" not in mail.subject
    assert mail.subject.startswith("Bonjour")


@pytest.mark.parametrize(("raw", "shown"), [
    ("facture\u202efdp.exe", "facturefdp.exe"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("bad\x00name.pdf", "bad name.pdf"),
    ("", "piece-jointe"),
])
def test_attachment_names_lose_paths_controls_and_bidi_overrides(raw, shown):
    assert safe_filename(raw, "application/octet-stream") == shown


def test_a_300_byte_name_is_cut_keeping_its_extension():
    name = safe_filename("é" * 150 + ".pdf", "application/pdf")
    assert len(name) <= 150
    assert name.endswith(".pdf")


def test_inline_image_and_pdf_are_attachments_with_content_id():
    mail = parse_message(fixture_mail("alternative-inline-image-pdf.eml"))
    kinds = {item.content_type: item for item in mail.attachments}
    assert kinds["image/png"].content_id
    assert kinds["image/png"].inline
    assert "application/pdf" in kinds
    assert mail.html
    assert mail.text


def test_deep_nesting_is_bounded_and_kept_in_the_raw():
    mail = parse_message(fixture_mail("nested-multipart-100.eml"))
    assert any("nesting deeper" in note for note in mail.notes)


def test_oversized_attachment_is_listed_not_extracted():
    mail = parse_message(fixture_mail("alternative-inline-image-pdf.eml"),
                         attachment_max_bytes=100)
    assert mail.skipped
    assert not any(a.content_type == "application/pdf"
                                    for a in mail.attachments)


@pytest.mark.parametrize(("name", "verdict"), [
    ("plain-utf8.eml", rules.Verdict(rules.ACCEPT)),
    ("ooo-exchange-markers-only.eml", rules.Verdict(rules.IGNORE, "auto-reply")),
    ("ooo-zimbra.eml", rules.Verdict(rules.IGNORE, "auto-reply")),
    ("dsn-bounce-5xx.eml", rules.Verdict(rules.IGNORE, "bounce")),
    ("loop-other-helpdesk-ack.eml", rules.Verdict(rules.IGNORE, "loop")),
    ("mailing-list.eml", rules.Verdict(rules.IGNORE, "bulk")),
    ("pgp-encrypted.eml", rules.Verdict(rules.QUARANTINE, "encrypted")),
    ("no-from.eml", rules.Verdict(rules.QUARANTINE, "no-sender")),
])
def test_rules_recognise_machines_and_unreadable_mail(name, verdict):
    assert rules.classify(parse_message(fixture_mail(name)), OWN, LOOP) == verdict


def test_tag_is_found_and_stripped():
    subject = "RE: [DSI-2026-00042] Accès VPN"
    assert rules.find_tag(subject, "DSI") == "DSI-2026-00042"
    assert rules.strip_tag(subject, "DSI-2026-00042") == "RE: Accès VPN"
    assert rules.find_tag("[DSI-26-1] rien", "DSI") is None


@pytest.mark.parametrize(("address", "machine"), [
    ("noreply@rubyforge.org", True), ("no-reply@crm.example", True),
    ("ne-pas-repondre@impots.gouv.fr", True), ("do_not_reply+x@site.example", True),
    ("nora.eply@exemple.fr", False), ("claire.martin@exemple.fr", False),
])
def test_no_reply_addresses_are_recognised(address, machine):
    assert rules.is_no_reply_address(address) is machine
