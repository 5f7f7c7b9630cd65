"""Small, pure crypto helpers for the join protocol (magic-wormhole's ``derive_key`` style).

Nothing here is a primitive of our own: HKDF-SHA256, HMAC-SHA256 and ChaCha20-Poly1305 come from
``cryptography`` and the standard library; this module only fixes how beraad uses them, so the
choices live in one place and are checked against the RFC test vectors.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_SIZE = 32
TAG_SIZE = 16
NONCE_SIZE = 12
#: Every purpose string is prefixed with this, so keys of other protocols can never collide.
PURPOSE_PREFIX = b"beraad-join:v1:"


def hkdf_sha256(ikm: bytes, *, salt: bytes | None, info: bytes, length: int = KEY_SIZE) -> bytes:
    """RFC 5869 HKDF with SHA-256."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def derive_key(key: bytes, purpose: str, length: int = KEY_SIZE) -> bytes:
    """A sub-key of ``key`` for one named purpose (e.g. ``"confirm-joiner"``)."""
    return hkdf_sha256(key, salt=None, info=PURPOSE_PREFIX + purpose.encode("ascii"), length=length)


def transcript_hash(*parts: bytes) -> bytes:
    """SHA-256 over length-prefixed parts, so no two different transcripts hash alike."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(4, "big"))
        digest.update(part)
    return digest.digest()


def confirmation(key: bytes, transcript: bytes) -> bytes:
    """The key-confirmation MAC one side sends: HMAC-SHA256 under its own confirm key."""
    return hmac.new(key, transcript, hashlib.sha256).digest()


def same_mac(expected: bytes, received: bytes) -> bool:
    """Compare MACs in constant time."""
    return hmac.compare_digest(expected, received)


def counter_nonce(counter: int) -> bytes:
    """Nonce for message number ``counter``: 4 zero bytes and a 64-bit little-endian counter."""
    if not 0 <= counter < 2**64:
        raise ValueError("nonce counter exhausted")
    return b"\x00\x00\x00\x00" + counter.to_bytes(8, "little")


def seal(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """RFC 8439 ChaCha20-Poly1305: ciphertext followed by the 16-byte tag."""
    return ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, nonce: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
    """Inverse of :func:`seal`; raises ``cryptography.exceptions.InvalidTag`` on tampering."""
    return ChaCha20Poly1305(key).decrypt(nonce, sealed, aad)
