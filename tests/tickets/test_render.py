"""Message bodies are shown safe: sanitised HTML, blocked remote images, folded quotes."""

from tickets.render import (
    MAX_LINKS,
    count_remote_images,
    html_to_text,
    sanitize_html,
    split_html_reply,
    split_reply,
)

HOSTILE = ('<p onclick="x()">Bonjour<script>alert(1)</script><img src=x onerror=alert(2)>'
           '<a href="javascript:alert(3)">lien</a><svg onload=alert(4)></svg>'
           '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x">'
           '<form action="https://evil.example"><input name=p></form>'
           '<img src="https://tracker.example/p.gif" width=1 height=1></p>')


def test_hostile_html_keeps_its_text_and_loses_every_active_part():
    shown = str(sanitize_html(HOSTILE))
    assert "Bonjour" in shown
    assert "lien" in shown
    for bad in ("<script", "onerror", "onclick", "javascript:", "<svg", "<base", "<meta",
                "<form", "<input", "tracker.example"):
        assert bad not in shown


def test_remote_images_are_counted_and_inline_ones_point_at_their_attachment():
    html = '<img src="https://x.example/a.png"><img src="cid:logo@exemple">'
    assert count_remote_images(html) == 1
    shown = str(sanitize_html(html, {"logo@exemple": "/demandes/pieces-jointes/7?inline=1"}))
    assert 'src="/demandes/pieces-jointes/7?inline=1"' in shown
    assert "x.example" not in shown


def test_a_mail_with_too_many_links_is_shown_without_links():
    html = "".join(f'<a href="https://site.example/{i}">l{i}</a>' for i in range(MAX_LINKS + 1))
    assert "<a " not in str(sanitize_html(html))


def test_french_and_english_quotes_are_folded_away_and_kept():
    text = ("Merci, c'est réglé.\n\nLe lun. 23 nov. 2026 à 10:12, Relations DSI "
            "<relations.dsi@exemple.fr> a écrit :\n> Bonjour,\n> essayez de redémarrer")
    latest, full = split_reply(text)
    assert latest == "Merci, c'est réglé."
    assert full == text
    english = "Works now.\n\nOn Mon, Nov 23, 2026 at 10:12 AM Desk <d@x.example> wrote:\n> hi"
    assert split_reply(english)[0] == "Works now."


def test_a_message_without_history_is_not_folded():
    assert split_reply("Bonjour,\nmon poste ne démarre plus.") == (
        "Bonjour,\nmon poste ne démarre plus.", "")


def test_html_quotes_of_common_clients_are_folded():
    gmail = '<div>Merci !</div><div class="gmail_quote">Le lun. a écrit :<blockquote>x</blockquote>'
    outlook = '<p>Vu.</p><div id="divRplyFwdMsg"><b>De :</b> DSI</div>'
    assert split_html_reply(gmail) == "<div>Merci !</div>"
    assert split_html_reply(outlook) == "<p>Vu.</p>"
    assert split_html_reply("<p>Pas de citation</p>") is None


def test_html_to_text_keeps_lines_and_drops_scripts():
    assert html_to_text("<p>Un</p><p>Deux<br>Trois</p><script>x()</script>") == (
        "Un\nDeux\nTrois")
