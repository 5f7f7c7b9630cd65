import pytest

from beraad.core.identity import Identity, fingerprint, is_public_key, verify_signature

# RFC 8032 §7.1, TEST 1 and TEST 2: the primitive we rely on gives the published answers.
RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
]


@pytest.mark.parametrize(("seed", "public", "message", "signature"), RFC8032)
def test_rfc8032_vectors(seed, public, message, signature):
    ident = Identity.from_seed(bytes.fromhex(seed))
    assert ident.public_key == public
    assert ident.sign(bytes.fromhex(message)).hex() == signature
    assert verify_signature(public, bytes.fromhex(message), bytes.fromhex(signature))
    assert not verify_signature(public, b"other", bytes.fromhex(signature))


def test_fingerprint_is_short_and_stable():
    public = RFC8032[0][1]
    assert fingerprint(public) == fingerprint(public)
    assert len(fingerprint(public)) == 9 and fingerprint(public)[4] == "-"
    assert fingerprint(public) != fingerprint(RFC8032[1][1])


def test_pem_round_trip():
    ident = Identity.generate()
    assert Identity.from_pem(ident.to_pem()).public_key == ident.public_key
    with pytest.raises(ValueError):
        Identity.from_pem(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")


def test_malformed_keys_and_signatures_simply_fail():
    assert not verify_signature("zz" * 32, b"", b"\0" * 64)
    assert not verify_signature(RFC8032[0][1], b"", b"short")
    assert not is_public_key("AB" * 32)
    assert is_public_key(RFC8032[0][1])
