"""What the app reads below Textual's public API, checked on the Textual the suite runs with.

docs/architecture.md "Textual internals we lean on" lists these; a Textual that changes one
fails here, by name, rather than as a key lost now and then in some other test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from tests.ui.conftest import SIZE
from tests.ui.test_session_flow import create_in_app, make_app, until

pytestmark = pytest.mark.timeout(60)


async def test_f4_sees_a_backspace_still_waiting_in_the_text_box(tmp_path: Path):
    """``KeyRouting._overtakes`` walks ``Screen._binding_chain`` (the focused widget and its
    ancestors, each with a ``BindingsMap`` whose ``key_to_bindings`` holds ``Binding`` objects
    with ``priority``) and counts the messages still waiting in the box and up to the app
    (``message_queue_size``)."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await create_in_app(pilot, "Our street", "How do we slow the traffic?")
        await until(lambda: isinstance(app.focused, Input | TextArea), pilot)
        box = app.focused
        assert isinstance(box, Input | TextArea)

        chain = app.screen._binding_chain
        assert chain[0][0] is box
        assert [node for node, _ in chain][: len(box.ancestors) + 1] == [box, *box.ancestors]
        f4 = [b for _, bindings in chain for b in bindings.key_to_bindings.get("f4", ())]
        assert f4 and any(binding.priority for binding in f4)

        # Waited on as counted, not on a pause: under load the new session's own messages
        # still waited in the screen after one (-n 3 with three CPU hogs).
        path = [box, *box.ancestors]
        await until(lambda: not any(pump.message_queue_size for pump in path), pilot)
        f4_key, letter = events.Key("f4", None), events.Key("a", "a")
        assert not app._overtakes(f4_key, box)  # nothing waits: F4 goes at once
        box.post_message(events.Key("backspace", None))
        assert box.message_queue_size == 1
        assert app._overtakes(f4_key, box)  # F4 waits for the Backspace
        assert not app._overtakes(letter, box)  # a letter is no priority binding
        # Nothing waits once the Backspace has gone all the way up, not when it left the box:
        # under load it was still in an ancestor's queue.
        await until(lambda: not any(pump.message_queue_size for pump in path), pilot)
        assert not app._overtakes(f4_key, box)
