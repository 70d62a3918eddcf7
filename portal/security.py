"""Password hashing (argon2id), safe redirects and role checks."""

from functools import wraps
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort
from flask_login import current_user, login_required

from portal.enums import Role

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile
# A hash of a random password, verified when the account is unknown so both answers take as long.
_DUMMY_HASH = _hasher.hash("portal-no-such-account")


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against its hash; an empty hash never matches."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def is_safe_next(target: str | None) -> bool:
    """Accept only a local absolute path as a post-login destination."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def role_required(*roles: Role):
    """Allow the view to signed-in users holding one of the roles; others get a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
