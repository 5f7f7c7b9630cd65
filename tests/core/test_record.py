import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beraad.core.identity import Identity
from beraad.core.record import MAX_RECORD_BYTES, Record, RecordError, check_record, sign_record
from tests.core.strategies import SESSION, bodies, identity

VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text(encoding="utf-8"))


def test_known_answer_vectors():
    ident = Identity.from_seed(bytes.fromhex(VECTORS["seed"]))
    assert ident.public_key == VECTORS["public_key"]
    for vector in VECTORS["records"]:
        data = vector["record"]
        fields = {k: v for k, v in data.items() if k not in ("sig", "v", "author")}
        rebuilt = sign_record(ident, **fields)
        assert rebuilt.unsigned_bytes().decode() == vector["canonical_unsigned"]
        assert rebuilt.id == vector["id"]
        assert rebuilt.sig == data["sig"]  # Ed25519 is deterministic
        assert check_record(data).id == vector["id"]


def _record(body=None) -> Record:
    return sign_record(
        identity(1),
        session=SESSION,
        seq=1,
        prev=None,
        lamport=1,
        at=0,
        kind="knot.add",
        body=body if body is not None else {"text": "x"},
    )


@given(bodies)
def test_round_trip_through_bytes(body):
    record = _record(body)
    again = check_record(json.loads(record.to_bytes()))
    assert again == record and again.id == record.id


FIELD_CHANGES = {
    "session": lambda v: "f" * 32,
    "author": lambda v: identity(2).public_key,
    "seq": lambda v: v + 1,
    "lamport": lambda v: v + 1,
    "at": lambda v: v + 1,
    "kind": lambda v: "knot.edit",
    "body": lambda v: {**v, "text": v.get("text", "") + "!"},
    "sig": lambda v: ("0" if v[0] != "0" else "1") + v[1:],
}


@given(bodies, st.sampled_from(sorted(FIELD_CHANGES)))
def test_any_changed_field_breaks_the_signature(body, name):
    data = _record({**body, "text": "t"}).to_dict()
    data[name] = FIELD_CHANGES[name](data[name])
    with pytest.raises(RecordError):
        check_record(data)


def test_prev_changed_breaks_the_signature():
    first = _record()
    second = sign_record(
        identity(1),
        session=SESSION,
        seq=2,
        prev=first.id,
        lamport=2,
        at=0,
        kind="knot.add",
        body={},
    )
    data = second.to_dict()
    data["prev"] = "ab" * 32
    with pytest.raises(RecordError, match="signature"):
        check_record(data)


def test_floats_in_a_body_are_refused_clearly():
    with pytest.raises(RecordError, match="float"):
        _record({"score": 0.5})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("sig"), "lacks sig"),
        (lambda d: d.update(extra=1), "unknown fields"),
        (lambda d: d.update(v=2), "version"),
        (lambda d: d.update(seq=0), "seq"),
        (lambda d: d.update(seq=True), "seq"),
        (lambda d: d.update(prev="ab" * 32), "no prev"),
        (lambda d: d.update(kind="Knot Add"), "kind"),
        (lambda d: d.update(body=[]), "body"),
        (lambda d: d.update(session="nope"), "session"),
    ],
)
def test_malformed_envelopes_are_refused_with_a_reason(change, message):
    data = _record().to_dict()
    change(data)
    with pytest.raises(RecordError, match=message):
        check_record(data)


def test_oversized_record_refused():
    with pytest.raises(RecordError, match="limit"):
        _record({"text": "x" * MAX_RECORD_BYTES})


def test_non_object_refused():
    with pytest.raises(RecordError):
        Record.from_dict(["not", "a", "record"])


@pytest.mark.parametrize("field", ["seq", "lamport", "v", "kind"])
def test_a_refusal_quotes_at_most_200_characters_of_the_senders_value(field):
    """A malformed record's reason (a notice, a log line, verify's problem) quotes the bad
    value cut at 200 characters: one 3 MB field made a 3 MB notice (attack s8)."""
    data = _record().to_dict()
    data[field] = "\u202e" + "x" * 3_000_000
    with pytest.raises(RecordError) as caught:
        check_record(data)
    message = str(caught.value)
    assert (
        len(message) < 300 and "x" * 150 in message and message.endswith("…") is (field != "kind")
    )


@given(
    bodies | st.just({"text": ',"v":1}', "v": 2}) | st.just({"sig": '"', "z": ',"sig":"x"'}),
    st.integers(1, 3),
)
def test_a_records_bytes_put_together_from_its_kept_bytes_are_its_canonical_bytes(body, seq):
    """A link sends a record as ``signed_bytes()`` (its kept unsigned bytes with the signature
    put in, not encoded again): the very bytes ``canonical_bytes(to_dict())`` gives, whatever
    the body holds (a ``,"v":`` of its own, a key "sig", any text), with heads seen or not."""
    other = identity(2)
    seen = ((other.public_key, seq, "ab" * 32),) if seq > 1 else ()
    record = sign_record(
        identity(1), session=SESSION, seq=1, prev=None, lamport=seq, at=0,
        kind="knot.add", body=body, seen=seen,
    )  # fmt: skip
    assert record.signed_bytes() == record.to_bytes()
    assert Record.from_dict(json.loads(record.signed_bytes())) == record
