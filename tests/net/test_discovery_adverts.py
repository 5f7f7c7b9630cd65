"""What goes into an advert and what is accepted from one (no network needed)."""

from __future__ import annotations

import pytest

from beraad.net.discovery import (
    MAX_TITLE_BYTES,
    Discovery,
    DiscoveryError,
    clip_utf8,
    instance_label,
    parse_advert,
    txt_properties,
)

SESSION = "0123456789abcdef" * 2


def test_the_txt_record_carries_the_number_of_a_join_code_and_a_public_title_only() -> None:
    assert txt_properties(session=SESSION, peer="K7QX-M2PA", nameplate=None, title=None) == {
        "v": "1",
        "session": SESSION,
        "peer": "K7QX-M2PA",
    }
    assert txt_properties(session=SESSION, peer="p", nameplate=17, title="Budget\n2025") == {
        "v": "1",
        "session": SESSION,
        "peer": "p",
        "np": "17",
        "title": "Budget 2025",
    }


def test_a_member_code_and_a_guest_code_are_both_advertised_and_read_back() -> None:
    """Naive-user finding: with both codes open only the member code's number was announced,
    so a guest typing the guest code found nobody nearby."""
    properties = txt_properties(
        session=SESSION, peer="p", nameplate=23, title=None, nameplates=[41]
    )
    assert (properties["np"], properties["nps"]) == ("23", "23,41")
    wire = {key.encode(): value.encode() for key, value in properties.items()}
    found = parse_advert("n._beraad._tcp.local.", wire, ["10.0.0.2"], 9)
    assert found is not None and found.nameplate == 23 and found.nameplates == (23, 41)
    assert found.offers(23) and found.offers(41) and not found.offers(5)
    # Garbage in the list drops that entry, not the advert nor the other numbers.
    junk = parse_advert("n", {**wire, b"nps": b"23,x,,-4,41,7"}, ["10.0.0.2"], 9)
    assert junk is not None and junk.nameplates == (23, 41, 7)
    with pytest.raises(DiscoveryError):
        txt_properties(session=SESSION, peer="p", nameplate=1, title=None, nameplates=[-1])


def test_a_long_title_is_clipped_to_fit_a_txt_string_without_breaking_a_character() -> None:
    title = "é" * 300
    clipped = txt_properties(session=SESSION, peer="p", nameplate=None, title=title)["title"]
    assert len(clipped.encode()) <= MAX_TITLE_BYTES
    assert clipped == "é" * (MAX_TITLE_BYTES // 2)
    assert clip_utf8("aé", 2) == "a"


@pytest.mark.parametrize(
    ("session", "peer", "nameplate", "title"),
    [
        ("ABCDEF" * 5 + "ab", "p", None, None),  # upper case is not a session id
        (SESSION[:-1], "p", None, None),
        (SESSION, "", None, None),
        (SESSION, "a b", None, None),
        (SESSION, "x" * 65, None, None),
        (SESSION, "p", -1, None),
        (SESSION, "p", True, None),
        (SESSION, "p", "7", None),
        (SESSION, "p", None, 7),
    ],
)
def test_bad_advert_values_are_refused_with_a_clear_error(session, peer, nameplate, title) -> None:
    with pytest.raises(DiscoveryError):
        txt_properties(session=session, peer=peer, nameplate=nameplate, title=title)


async def test_advertising_bad_values_fails_before_touching_the_network() -> None:
    discovery = Discovery()  # never started: nothing is sent anywhere
    with pytest.raises(DiscoveryError, match="32 lowercase"):
        await discovery.advertise(session="nope", peer="p", port=7000)
    with pytest.raises(DiscoveryError, match="port"):
        await discovery.advertise(session=SESSION, peer="p", port=70000)
    with pytest.raises(DiscoveryError, match="not running"):
        await discovery.advertise(session=SESSION, peer="p", port=7000)


def test_the_instance_name_comes_from_peer_and_session_and_fits_a_dns_label() -> None:
    label = instance_label("f" * 64, SESSION)
    assert label == "f" * 24 + "-" + SESSION[:16]
    assert len(label.encode()) <= 63


def advert(**changes: bytes | None) -> dict[bytes, bytes | None]:
    base: dict[bytes, bytes | None] = {b"v": b"1", b"session": SESSION.encode(), b"peer": b"p"}
    base.update({key.encode(): value for key, value in changes.items()})
    return {key: value for key, value in base.items() if value is not None or key == b"np"}


def test_a_good_advert_is_read_back() -> None:
    found = parse_advert("n._beraad._tcp.local.", advert(np=b"42", title=b"Hi"), ["10.0.0.2"], 9)
    assert found is not None
    assert (found.session, found.peer, found.host, found.port) == (SESSION, "p", "10.0.0.2", 9)
    assert (found.nameplate, found.title, found.addresses) == (42, "Hi", ("10.0.0.2",))


@pytest.mark.parametrize(
    ("properties", "addresses", "port"),
    [
        (advert(v=b"2"), ["10.0.0.2"], 9),
        (advert(v=None), ["10.0.0.2"], 9),
        (advert(session=b"xyz"), ["10.0.0.2"], 9),
        (advert(peer=b"two words"), ["10.0.0.2"], 9),
        (advert(session=SESSION.encode() + b"\n"), ["10.0.0.2"], 9),
        (advert(peer=b"p\n"), ["10.0.0.2"], 9),
        (advert(peer=None), ["10.0.0.2"], 9),
        (advert(), [], 9),
        (advert(), ["10.0.0.2"], 0),
        (advert(), ["10.0.0.2"], None),
    ],
)
def test_an_unusable_advert_is_ignored(properties, addresses, port) -> None:
    assert parse_advert("n._beraad._tcp.local.", properties, addresses, port) is None


@pytest.mark.parametrize("raw", [b"banana", b"-1", b"1" * 10, "٣".encode(), None])
def test_a_nameplate_that_is_no_plain_number_is_dropped_not_the_advert(raw) -> None:
    found = parse_advert("n._beraad._tcp.local.", advert(np=raw), ["10.0.0.2"], 9)
    assert found is not None and found.nameplate is None


def test_a_title_with_bad_utf8_or_control_characters_is_made_readable() -> None:
    found = parse_advert("n", advert(title=b"a\xffb\n\tc\x1b[2Jd"), ["10.0.0.2"], 9)
    assert found is not None and found.title == "a\ufffdb c [2Jd"
