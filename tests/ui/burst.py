"""Keys as a fast typist or a burst over SSH sends them: all queued before any is handled.

``Pilot.press`` waits until the app is idle after every key, so a write started by Enter is
often done before the next key arrives; ``burst`` queues every key at once, as a paste of two
lines into a terminal does.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.keys import _character_to_key


def keys_of(text: str) -> list[str]:
    """The key names that type ``text``; a newline is Enter."""
    return ["enter" if c == "\n" else c if c.isalnum() else _character_to_key(c) for c in text]


def burst(app: App, text: str) -> None:
    """Queue the keys of ``text`` (newline: Enter) without waiting between them, each with
    its character, as a terminal sends it. (The character used to be looked up from the
    key's name, which for "minus" has no Unicode name: "2027-03-31" arrived as "20270331".)"""
    driver = app._driver
    assert driver is not None
    for key, character in zip(keys_of(text), text, strict=True):
        event = events.Key(key, "\r" if key == "enter" else character)
        event.set_sender(app)
        driver.send_message(event)
