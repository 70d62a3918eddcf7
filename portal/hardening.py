"""HTTP security headers: a nonce-based CSP, HSTS behind TLS, no framing, a strict referrer.

Scripts run only from our own files and carry the request's nonce; there is no inline script.
Style attributes stay allowed (`style-src-attr`) for the colours and widths computed in the
templates; style elements and sheets come only from `static/`.
"""

from flask import Flask
from flask_talisman import Talisman

talisman = Talisman()

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Files we serve back (attachments, raw mail): never rendered as a page of the portal.
DOWNLOAD_CSP = {"default-src": "'none'", "sandbox": ""}
PERMISSIONS = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()",
               "browsing-topics": "()"}

# A view decorator for the routes that send files back.
download_headers = talisman(content_security_policy=DOWNLOAD_CSP,
                            content_security_policy_nonce_in=[])


def init_app(app: Flask) -> None:
    talisman.init_app(
        app,
        force_https=False,  # TLS ends at the reverse proxy, which redirects plain HTTP
        strict_transport_security=True,  # sent only on requests that arrived over HTTPS
        strict_transport_security_max_age=365 * 24 * 3600,
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        x_content_type_options=True,
    )
