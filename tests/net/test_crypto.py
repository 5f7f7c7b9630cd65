"""The HKDF and ChaCha20-Poly1305 helpers against the published RFC test vectors."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from beraad.net.crypto import (
    confirmation,
    counter_nonce,
    derive_key,
    hkdf_sha256,
    open_sealed,
    same_mac,
    seal,
    transcript_hash,
)


def test_hkdf_rfc5869_test_case_1():
    okm = hkdf_sha256(
        bytes.fromhex("0b" * 22),
        salt=bytes.fromhex("000102030405060708090a0b0c"),
        info=bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"),
        length=42,
    )
    assert okm == bytes.fromhex(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


RFC8439_PLAINTEXT = (
    b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
    b"future, sunscreen would be it."
)
RFC8439_KEY = bytes.fromhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")
RFC8439_NONCE = bytes.fromhex("070000004041424344454647")
RFC8439_AAD = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
RFC8439_CIPHERTEXT = bytes.fromhex(
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
    "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
    "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
    "3ff4def08e4b7a9de576d26586cec64b6116"
)
RFC8439_TAG = bytes.fromhex("1ae10b594f09e26a7e902ecbd0600691")


def test_chacha20_poly1305_rfc8439_section_2_8_2():
    sealed = seal(RFC8439_KEY, RFC8439_NONCE, RFC8439_PLAINTEXT, RFC8439_AAD)
    assert sealed == RFC8439_CIPHERTEXT + RFC8439_TAG
    assert open_sealed(RFC8439_KEY, RFC8439_NONCE, sealed, RFC8439_AAD) == RFC8439_PLAINTEXT


def test_tampered_ciphertext_is_refused():
    sealed = bytearray(seal(RFC8439_KEY, RFC8439_NONCE, RFC8439_PLAINTEXT, RFC8439_AAD))
    sealed[5] ^= 1
    with pytest.raises(InvalidTag):
        open_sealed(RFC8439_KEY, RFC8439_NONCE, bytes(sealed), RFC8439_AAD)


def test_each_purpose_gets_its_own_key():
    key = bytes(range(32))
    keys = {derive_key(key, p) for p in ("confirm-joiner", "confirm-admitter", "a", "b")}
    assert len(keys) == 4
    assert derive_key(key, "a") == derive_key(key, "a")


def test_counter_nonces_are_distinct_and_bounded():
    assert counter_nonce(0) != counter_nonce(1)
    assert len(counter_nonce(2**64 - 1)) == 12
    with pytest.raises(ValueError):
        counter_nonce(2**64)


def test_transcript_parts_cannot_be_shifted():
    assert transcript_hash(b"ab", b"c") != transcript_hash(b"a", b"bc")


def test_confirmation_macs_compare():
    mac = confirmation(b"k" * 32, b"transcript")
    assert same_mac(mac, confirmation(b"k" * 32, b"transcript"))
    assert not same_mac(mac, confirmation(b"j" * 32, b"transcript"))
