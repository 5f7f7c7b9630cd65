"""A laptop whose clock is off is told on the session screen, and so are the others
(attack s13 #8): two real apps at 80×24 on loopback nodes, Bart's clock 2 minutes fast.

Before, Bart saw his words at once and Anja saw them two minutes later, and nobody knew
why (the reason went to a log). Now both screens say it where people look, under who is
here, in English and in Dutch; Anja's says what of Bart's waits there, and until when.
"""

from __future__ import annotations

import time

from beraad.i18n import set_language
from tests.ui.session_people import (
    joined_our_street,
    make_app,
    node_of,
    screen_words,
    session_screen,
    until,
)

AHEAD = 120.0  # seconds


async def test_both_screens_say_whose_clock_is_off_in_english_and_dutch(tmp_path):
    set_language("en")
    anja, bart = make_app(tmp_path / "anja", "Anja"), make_app(tmp_path / "bart", "Bart")
    try:
        async with anja.run_test(size=(80, 24)) as a, bart.run_test(size=(80, 24)) as b:
            await until(lambda: b.app.bridge is not None, a, b)
            node_of(b.app).clock = lambda: time.time() + AHEAD  # before the link measures it
            await joined_our_street(a, b)
            await until(
                lambda: (
                    "Bart's clock is 2 min ahead: what Bart writes arrives late."
                    in screen_words(a.app)
                ),
                a,
                b,
            )
            await until(
                lambda: (
                    "Your clock is 2 min ahead of Anja's: what you write reaches the "
                    "others only when their clocks get there. Set this computer's clock."
                    in screen_words(b.app)
                ),
                a,
                b,
            )
            # What Bart wrote on joining (his name) waits on Anja's node, and is said there.
            session = session_screen(a.app).session
            held = node_of(a.app).held_for_their_time(session)
            await until(lambda: bool(node_of(a.app).held_for_their_time(session)), a, b)
            ((count, due, _behind, _about),) = node_of(a.app).held_for_their_time(session).values()
            at = time.strftime("%H:%M", time.localtime(due / 1000))
            waits = (
                f"{count} record by Bart waits here for its time, until {at}."
                if count == 1
                else f"{count} records by Bart wait here for their time, until {at}."
            )
            await until(lambda: waits in screen_words(a.app), a, b)
            assert "for its time" not in screen_words(b.app)  # nothing of Anja's waits there

            await a.app.switch_language("nl", save=False)  # the language is the process's
            await session_screen(b.app).relabel()
            await until(
                lambda: (
                    "De klok van Bart loopt 2 min voor: wat Bart schrijft komt te laat aan."
                    in screen_words(a.app)
                ),
                a,
                b,
            )
            held = node_of(a.app).held_for_their_time(session)
            if held:  # Bart's name enters once Anja's clock gets there: then nothing waits
                ((count, due, _behind, _about),) = held.values()
                said = (
                    f"{count} record van Bart wacht hier op zijn tijd, tot {at}."
                    if count == 1
                    else f"{count} records van Bart wachten hier op hun tijd, tot {at}."
                )
                assert said in screen_words(a.app)
            await until(
                lambda: (
                    "Je klok loopt 2 min voor op die van Anja: wat je schrijft bereikt de "
                    "anderen pas als hun klok zover is. Zet de klok van deze computer goed."
                    in screen_words(b.app)
                ),
                a,
                b,
            )
    finally:
        set_language("en")
