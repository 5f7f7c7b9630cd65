"""A palette command's title with the other words a person would search it by.

The palette (Ctrl+P) finds a command by its title; a person looks for "end the meeting" with
"vergadering" or "einde" while the command says "Bijeenkomst 1 afsluiten". ``Title`` is the
title itself (a string, shown as it is) that also carries those words, in the person's
language, for ``BeraadCommands.search`` to match too (naive s6 finding 13).
"""

from __future__ import annotations

from beraad.i18n import N_, _


class Title(str):
    """A command's title (shown) and ``also``: more words it is found by (not shown)."""

    also: str

    def __new__(cls, title: str, also: str = "") -> Title:
        made = super().__new__(cls, title)
        made.also = also
        return made


#: Other words for ending a meeting (or proposing, or answering a proposal to end it).
ENDING = N_("end finish close stop meeting")
#: Other words for opening the next meeting.
OPENING = N_("start begin next new meeting")
#: Other words for going back to the lobby (Ctrl+L): "lobby", "terug", "ander beraad" found
#: nothing (naive s8 finding 12).
LOBBY = N_("lobby back leave other deliberation sessions list")
#: Other words for exporting the minutes or the newsletter: "notulen" found nothing beside
#: "Het verslag exporteren" (naive s11b).
EXPORT = N_("minutes notes report record export save file write")
#: Other words for the meeting tools (F7).
TOOLS = N_("meeting hand raise speaker word timer round")


def titled(title: str, also: str) -> Title:
    """``title`` found by the translated words ``also`` too."""
    return Title(title, _(also))
