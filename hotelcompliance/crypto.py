"""Field-level encryption (AES-256-GCM) and keyed lookup hashes for personal data.

Tokens look like `v1.<key_id>.<urlsafe-b64(nonce || ciphertext)>`. The key id is a fingerprint
of the key, so old keys keep decrypting during a rotation. Keys come from
`settings.FIELD_ENCRYPTION_KEYS` (newest first) at call time, so tests can override them.
Every failure raises `DecryptionError`: a wrong key must never turn into data (fail closed).
"""

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
LOOKUP_INFO = b"hotelcompliance-lookup-v1"
MASK = "••••"


class DecryptionError(Exception):
    """A token could not be decrypted; the message never carries plaintext or ciphertext."""

    def __init__(self, reason: str = "invalid token") -> None:
        super().__init__(f"Could not decrypt an encrypted field value ({reason}).")
        self.reason = reason


@dataclass(frozen=True)
class _Keyring:
    newest_id: str
    ciphers: dict[str, AESGCM]
    lookup_keys: tuple[bytes, ...]  # newest first


def key_id(key: bytes) -> str:
    """Return the public fingerprint of a key: it names the key in tokens without revealing it."""
    return hashlib.sha256(key).hexdigest()[:8]


@lru_cache(maxsize=8)
def _build_keyring(keys: tuple[bytes, ...]) -> _Keyring:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must hold at least one key.")
    ciphers: dict[str, AESGCM] = {}
    lookup_keys: list[bytes] = []
    for key in keys:
        if not isinstance(key, bytes) or len(key) != KEY_SIZE:
            raise ImproperlyConfigured("Each FIELD_ENCRYPTION_KEYS entry must be 32 bytes.")
        if key_id(key) in ciphers:
            continue  # the same key listed twice
        ciphers[key_id(key)] = AESGCM(key)
        # A separate derived key, so lookup hashes and ciphertexts never share key material.
        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=LOOKUP_INFO)
        lookup_keys.append(hkdf.derive(key))
    return _Keyring(key_id(keys[0]), ciphers, tuple(lookup_keys))


def _keyring() -> _Keyring:
    return _build_keyring(tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ())))


def _associated_data(header: str, aad: str) -> bytes:
    # Binding the header too means a token cannot be relabelled with another version or key id.
    return f"{header}|{aad}".encode()


def _split(token: str) -> tuple[str, str, bytes]:
    """Return (header, key_id, nonce || ciphertext) of a well-formed token."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != VERSION or len(parts[1]) != 8:
        raise DecryptionError("malformed token")
    try:
        blob = base64.b64decode(parts[2].encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise DecryptionError("malformed token") from None
    if len(blob) < NONCE_SIZE + TAG_SIZE:
        raise DecryptionError("malformed token")
    return f"{parts[0]}.{parts[1]}", parts[1], blob


def encrypt(plaintext: str, *, aad: str) -> str:
    """Encrypt under the newest key with a fresh random nonce, bound to `aad`."""
    ring = _keyring()
    header = f"{VERSION}.{ring.newest_id}"
    nonce = os.urandom(NONCE_SIZE)
    ciphertext = ring.ciphers[ring.newest_id].encrypt(
        nonce, plaintext.encode("utf-8"), _associated_data(header, aad)
    )
    return f"{header}.{base64.urlsafe_b64encode(nonce + ciphertext).decode('ascii')}"


def decrypt(token: str, *, aad: str) -> str:
    """Decrypt with whichever configured key made the token, or raise `DecryptionError`."""
    header, token_key_id, blob = _split(token)
    cipher = _keyring().ciphers.get(token_key_id)
    if cipher is None:
        raise DecryptionError("unknown key")
    try:
        plaintext = cipher.decrypt(
            blob[:NONCE_SIZE], blob[NONCE_SIZE:], _associated_data(header, aad)
        )
        return plaintext.decode("utf-8")
    except (InvalidTag, UnicodeDecodeError):
        raise DecryptionError("authentication failed") from None


def token_key_id(token: str) -> str:
    """Return the key id a token names (checks the format only, not the tag)."""
    return _split(token)[1]


def needs_rotation(token: str) -> bool:
    """Tell whether a token was made with a key other than the newest one."""
    return token_key_id(token) != _keyring().newest_id


def normalise(value: str) -> str:
    """Reduce an ID number to the form people mean: "AB 123-45" and "ab12345" are one ID."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(folded.split()).replace("-", "")


def _hmac(lookup_key: bytes, normalised: str) -> str:
    return hmac.new(lookup_key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def lookup_hash(value: str) -> str:
    """Return the keyed hash (newest key) that an exact-match search compares; "" if blank."""
    normalised = normalise(value)
    if not normalised:
        return ""  # nothing searchable, like a blank encrypted column
    return _hmac(_keyring().lookup_keys[0], normalised)


def lookup_hashes(value: str) -> list[str]:
    """Return the hash under every configured key, for `__in` searches during a rotation."""
    normalised = normalise(value)
    if not normalised:
        return []  # searching for nothing finds nothing
    return [_hmac(lookup_key, normalised) for lookup_key in _keyring().lookup_keys]


def keyed_hashes(message: str) -> list[str]:
    """Return the keyed hash of an already-normalised message under every key, newest first.

    For blind indexes that normalise differently from ID numbers (`hotelcompliance.names`);
    callers prefix the message with their own domain so two indexes never share a hash.
    """
    return [_hmac(lookup_key, message) for lookup_key in _keyring().lookup_keys]


def mask(value: str, visible: int = 4) -> str:
    """Show at most the last `visible` characters, and only when more stay hidden than shown."""
    if visible < 0:
        raise ValueError("visible must be zero or more")
    value = value.strip()
    if not value:
        return ""
    if visible == 0 or len(value) < 2 * visible:
        return MASK
    return f"{MASK} {value[-visible:]}"
