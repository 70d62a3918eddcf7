"""How strong a signing secret is: a pure estimate, used by the production start-up guard.

A key passes when it is long (32+ characters), its alphabet estimate reaches 128 bits
(length × log2 of the size of the character classes it uses), no character fills more than a
quarter of it, it is not built from a placeholder word, and zxcvbn finds no pattern in it
(its guess count stays near the 10^length of a random string: sequences, repeats, keyboard
rows and words bring it far below).
"""

import math
import string

from zxcvbn import zxcvbn

MIN_LENGTH = 32
MIN_BITS = 128
MAX_SHARE = 0.25
# Random keys score about 0.95 guesses_log10 per character; word- or pattern-built ones less.
MIN_GUESS_DIGITS_PER_CHAR = 0.85
ZXCVBN_MAX_LENGTH = 72
PLACEHOLDER_WORDS = ("change", "secret", "example", "exemple", "placeholder", "dev-only",
                     "password", "motdepasse", "mot-de-passe", "default", "insecure")
GENERATE_HINT = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits, string.punctuation)


def alphabet_bits(key: str) -> float:
    """Length × log2 of the size of the character classes the key uses."""
    size = sum(len(chars) for chars in _CLASSES if any(ch in chars for ch in key))
    if any(ch not in "".join(_CLASSES) for ch in key):
        size += 100  # spaces and non-ASCII letters: counted generously, the other rules still hold
    return len(key) * math.log2(size) if size > 1 else 0.0


def secret_key_problem(key: str | None) -> str | None:
    """Say why a key is too weak to sign sessions and links, or None when it is strong."""
    if not key:
        return "it is empty"
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters, at least {MIN_LENGTH} are needed"
    lowered = key.lower()
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return "it is a placeholder (it contains a word such as 'change' or 'secret')"
    if alphabet_bits(key) < MIN_BITS:
        return f"its estimated entropy is under {MIN_BITS} bits"
    if max(key.count(ch) for ch in set(key)) > MAX_SHARE * len(key):
        return "one character fills more than a quarter of it"
    sample = key[:ZXCVBN_MAX_LENGTH]
    if zxcvbn(sample)["guesses_log10"] < MIN_GUESS_DIGITS_PER_CHAR * len(sample):
        return "it follows a guessable pattern (words, sequences, repeats or keyboard rows)"
    return None
