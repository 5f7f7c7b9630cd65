"""A person's Ed25519 identity: signing, verification and the short fingerprint people compare."""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

PUBLIC_KEY_HEX_LEN = 64
SIGNATURE_HEX_LEN = 128


def fingerprint(public_key: str) -> str:
    """A short, readable fingerprint of a public key (hex), e.g. ``K7QX-M2PA``.

    Forty bits of SHA-256 in base32: enough to tell the people in one room apart at a glance;
    the full key is what every check uses.
    """
    digest = hashlib.sha256(bytes.fromhex(public_key)).digest()
    text = base64.b32encode(digest[:5]).decode("ascii")
    return f"{text[:4]}-{text[4:8]}"


def is_public_key(value: object) -> bool:
    """True when ``value`` looks like a hex Ed25519 public key."""
    if not isinstance(value, str) or len(value) != PUBLIC_KEY_HEX_LEN:
        return False
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return value == value.lower()


def verify_signature(public_key: str, data: bytes, signature: bytes) -> bool:
    """Check an Ed25519 signature; any malformed key or signature simply fails."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


class Identity:
    """An Ed25519 private key together with the public key (hex) everyone knows it by."""

    __slots__ = ("_private", "public_key")

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key: str = raw.hex()

    @classmethod
    def generate(cls) -> Identity:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> Identity:
        """Rebuild an identity from its 32-byte private seed (used by key files and vectors)."""
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed is exactly 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    def seed(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    def to_pem(self) -> bytes:
        """PKCS#8 PEM of the private key, for the key file (kept 0600 by the caller)."""
        return self._private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @classmethod
    def from_pem(cls, data: bytes) -> Identity:
        """Read a PKCS#8 PEM private key; ValueError unless it is a readable Ed25519 key."""
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as error:
            # UnsupportedAlgorithm: a key of a kind this cryptography build cannot load at all
            # (an EC key on an old curve); for us it is simply not a usable key.
            raise ValueError(f"not a readable private key: {error}") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
        return cls(key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)

    def __repr__(self) -> str:
        return f"Identity({self.fingerprint})"
