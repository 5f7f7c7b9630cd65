"""The contract between the session screen and the phase views, and the focus and key model.

The key model (docs/focus.md): a view names its ``text_box``; it gets the focus when the view
is shown and after every phase change. While a text box has the focus every printable key is
text, so a view's letter keys (``a`` adds, ``e`` edits…) act only while its list or table has
the focus, and the footer shows them only then.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import events, on
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.containers import Vertical
from textual.keys import key_to_character
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import DataTable, Input, TextArea

from beraad.core.kinds import KINDS
from beraad.core.session import PHASES
from beraad.core.state import SessionState
from beraad.i18n import N_, _
from beraad.ui.guest import reads_only
from beraad.ui.phases.elsewhere import KeptApart, goes_to_the_group
from beraad.ui.phases.proposal import Proposal, row_name
from beraad.ui.phases.row_keys import RowKeys, is_typing
from beraad.ui.widgets.composer import focus_now
from beraad.ui.widgets.free_text_box import FreeText
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.sending_input import LoneKey, SendingInput
from beraad.ui.widgets.steady_scroll import ListTable
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice, Unsent

#: Votes and the decision: only the decide view (and the bars) show them.
VOTE_KINDS = frozenset(
    {
        "score.set",
        "ballot.grade",
        "ballot.rank",
        "dots.place",
        "consent.respond",
        "gradient.respond",
        "vote.close",
        "vote.commit",
        "vote.reopen",
        "vote.reveal",
        "vote.reveal_end",
        "decision.take",
    }
)
#: The meeting tools (hands, the word, the timer, rounds): shown in the bars and F7, no view.
MEETING_KINDS = frozenset(
    {
        "hand.raise",
        "hand.lower",
        "floor.give",
        "timer.start",
        "timer.stop",
        "round.start",
        "round.pass",
        "round.end",
    }
)

#: Widgets in which a printable key is text.
TEXT_BOXES = (Input, TextArea)


#: Keys Textual names but whose character ``key_to_character`` does not find ("plus" is no
#: Unicode name): text in a box like any letter (naive s11b N5: the footer offered + For
#: while the box had the keys, and "-" went into it).
NAMED_PRINTABLE = frozenset({"plus", "minus"})


#: The key names of the characters a view binds by name (``is_row_key``).
KEY_NAMES = {"+": "plus", "-": "minus", "−": "minus"}

#: Enter on a box holding only a row's key typed from its list, where it acted on no row.
LONE_KEY = N_(
    "Not sent: “{key}” is a key for a row: in the list, choose the row, press {key}, then "
    "Enter. It is taken out of the box."
)

#: The same, the key typed on a chosen row it does not act on (another's note: naive s15 F8).
LONE_ON_ROW = N_(
    "Not sent: “{key}” does not act on “{row}”, the row chosen (not yours, or not now). It "
    "is taken out of the box; in the list ↑ ↓ choose another row, then {key} and Enter."
)

#: Letters typed in a phase looked at, kept in its own box because the group's phase has no
#: box to take them (a ballot; Decide once decided): dropped, a sentence typed in Knots with
#: the group in Decide was lost (naive s15 F3).
KEPT_HERE_PASSED = N_(
    "Kept here, not sent: the group has moved on to {phase}, where there is no box to type "
    "in. Enter sends it if the group comes back to {viewing}; F5 goes to {phase}."
)
KEPT_HERE_AHEAD = N_(
    "Kept here, not sent: the group is in {phase}, where there is no box to type in. Enter "
    "sends it once the group is in {viewing}; F5 goes to {phase}."
)

#: Enter on an edit whose text is as it was: nothing is signed (an edit record marked the
#: item "(edited)" for no change: naive s12 P15).
UNCHANGED = N_("Not changed: the text is as it was.")


def printable(key: str) -> bool:
    """Does ``key`` type a character (so, in a text box, it is text, not a key of ours)?
    Escape and Tab have characters too, none printable: counted, Escape's "cancel" was
    switched off in every box, and "Editing … (Escape cancels)" did not (naive s12 P15)."""
    if key in NAMED_PRINTABLE:
        return True
    character = key_to_character(key)
    return character is not None and character.isprintable()


def _its_own_key(event: events.Key, focused: Widget | None) -> bool:
    """Is ``event`` a space the focused list acts on (it opens a row), not a character?"""
    return (
        not (event.character or "").strip()
        and focused is not None
        and event.key in focused._bindings.key_to_bindings
    )


class PhaseView(RowKeys, KeptApart, Vertical):
    """A phase of the deliberation, drawn from the state and contributing through messages.

    Subclasses set ``phase`` (a name from ``beraad.core.session.PHASES``) and implement
    ``show``. ``show`` is called after every change to the state, also while the person is
    typing: it must update lists and tables in place and never clear or move the focus away
    from an input the person is using. Subclasses decide which actions a member may take in
    ``may`` (not ``check_action``, which first hides letter keys while the person types).
    """

    phase: ClassVar[str] = ""
    HELP_TEXT: ClassVar[str] = ""
    """What F1 adds for this view (markdown, marked ``N_``), under the session's help."""
    unaffected_by: ClassVar[frozenset[str]] = frozenset()
    """Record kinds that never change what this view shows: a record of only these kinds
    does not redraw it (a peer's vote does not rebuild the list of knots)."""
    row_actions: ClassVar[frozenset[str]] = frozenset()
    """Actions on the row under the cursor: their keys are text while no row is chosen."""
    #: Keys that need no row but, on a chosen row, propose like its keys: acting at once they
    #: ate the first letter of a typed word and the rest went into the box they opened
    #: ("nee, dat klopt niet" became the experience note "ee, dat klopt niet", naive s13 N15).
    proposes_on_a_row: ClassVar[frozenset[str]] = frozenset()
    laid_out_behind = False
    """Mounted hidden and given its sizes there (``session_views.lay_out_behind``)."""
    BINDINGS = [
        # Before the list's own Enter (a priority key), and only while a row key proposes
        # (``check_action``): otherwise Enter is the list's, or the box's.
        Binding("enter", "carry_out", N_("Do it"), priority=True),
    ]
    _proposal: Proposal | None = None
    """A row key pressed on a chosen row, waiting for Enter (``proposal.py``)."""
    awaited = False
    """A look waits for this view to be drawn and laid out behind (``lay_out_behind`` then
    goes on without waiting for the screen's refreshes)."""
    ready_behind: asyncio.Event | None = None
    """A view mounted after the screen: set once it is mounted, drawn and laid out behind
    (a look at it waits for that: ``session_switch``)."""

    class Contribute(Message):
        """Ask the session screen to sign and share a record of ours."""

        def __init__(self, kind: str, body: dict[str, Any], view: PhaseView | None = None) -> None:
            super().__init__()
            self.kind = kind
            self.body = body
            self.view = view
            """The view that asked: only it hears a refusal (messages stay in their place)."""

        def by(self, poster: MessagePump) -> PhaseView.Contribute:
            """Sent by ``poster``, the part that asks. Textual makes the message's sender
            whatever runs the code posting it, and stops a bubbling message after the
            parent that sent it: the table map's mark, run in the opening view's queue
            (Enter under "since last time"), stopped at that view and was never signed."""
            self.set_sender(poster)
            return self

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def show(self, state: SessionState, me: str) -> None:
        """Draw ``state``; ``me`` is this person's public key (hex)."""
        raise NotImplementedError

    def foresee(self, state: SessionState) -> None:
        """The state the view will first show, told before it is composed (a view may then
        leave out the parts that state can never show)."""

    def follow(self, state: SessionState) -> None:
        """The state changed only in what this view does not show: read the current one from
        now on (after a refold it is a new object), without drawing anything."""
        if hasattr(self, "state"):
            self.state = state

    def contribute(self, kind: str, body: dict[str, Any]) -> None:
        self.post_message(self.Contribute(kind, body, self).by(self))

    def added(self, record: str) -> None:
        """The node took our new item (``record`` is its id): a view with a list brings it
        into sight (naive s9 finding 11: a long list's new row landed off screen)."""

    # Focus and keys -------------------------------------------------------------------------

    def text_box(self) -> Widget | None:
        """Where typing lands on arrival; None: the view has nothing to type in now."""
        return None

    def takes_typing(self, state: SessionState) -> bool:
        """Can words typed in this view still be sent with the group where ``state`` has it?
        Only then does the view stay with them when someone else moves the group (naive s6b
        finding A: the knot box hid under the person's hands and its words were lost)."""
        return True

    def holds_words(self) -> bool:
        """Does this view's box hold words not sent yet?"""
        box = self.text_box()
        return isinstance(box, Input) and bool(box.value.strip())

    def holds_unsent(self) -> bool:
        """Words in its box or numbers in a grid not sent yet (mounted views only): what a
        language switch composes at once, not behind."""
        if not self.is_mounted:
            return False
        return self.holds_words() or any(grid.dirty for grid in self.query(VoteGrid))

    def sends_now(self, kind: str) -> bool:
        """May a ``kind`` record be written with the group where it is (``kinds.py``'s
        phases)? Unknown here (no state yet, between meetings): the node says."""
        state = getattr(self, "state", None)
        spec = KINDS.get(kind)
        if not isinstance(state, SessionState) or spec is None or state.phase is None:
            return True
        return state.phase in spec.phases

    def unsent_line(self, group: str | None) -> str:
        """Said under a box whose words cannot be sent with the group in ``group``: they
        stay, with the kind they were typed for (a half knot never becomes a position), and
        go once the group is back here (naive s7 findings 2, 6, 7)."""
        ahead = group in PHASES and PHASES.index(self.phase) > PHASES.index(group)
        words = (
            # Act looked at from Decide: "back in Act" spoke of a phase the group never was in
            _(
                "Not sent: the group is in {group}. Your words stay here; Enter sends them once "
                "the group is in {phase}. F5 goes to {group}."
            )
            if ahead
            else _(
                "Not sent: the group is in {group}. Your words stay here; Enter sends them once "
                "the group is back in {phase}. F5 goes to {group}."
            )
        )
        return Unsent(words.format(group=phase_label(group or ""), phase=phase_label(self.phase)))

    def focus_default(self) -> None:
        """Arrival (and every phase change): the text box, else the first thing to use."""
        box = self.text_box()
        if box is not None and self.shows(box):
            focus_now(box)
            return
        chain = set(self.screen.focus_chain)
        inside = [w for w in self.query("*") if w in chain]  # in the order the person reads
        if inside:
            focus_now(inside[0])

    def arrival_sight(self) -> tuple[Widget, bool | None] | None:
        """What arrival (``focus_default``) scrolls into sight once laid out, and whether to
        the top of its page (None: to the top only where it does not fit whole); None: no
        scroll. A look at the view scrolls it before its layout instead (``in_sight_now``),
        so that the scroll is not a second layout and frame after the look's."""
        return None

    def shows(self, widget: Widget) -> bool:
        """Is ``widget`` displayed inside this view (no hidden container around it)?"""
        for node in widget.ancestors_with_self:
            if node is self:
                return True
            if not getattr(node, "display", True):
                return False
        return False

    def typing(self) -> bool:
        return is_typing(self.screen.focused) if self.is_attached else False

    def letter_actions(self) -> set[str]:
        """The actions this view binds to printable keys (they would collide with typing)."""
        return {
            binding.action.split("(")[0]
            for key, bindings in self._bindings.key_to_bindings.items()
            if printable(key)
            for binding in bindings
        }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "carry_out":
            return self._proposal is not None
        if action in self.row_actions and self._in_a_list_with_no_row():
            # The footer offered every row key with no row chosen (Shift+Tab into Act's
            # list), and the "s" typed for it became an action (naive s12 K1).
            return False
        if action in self.letter_actions() and self.typing():
            return False  # the key is text now; the footer does not offer it
        if action in self.letter_actions() and self._letters_go_to_the_group():
            # A letter here is text for the group's box (``on_key``): `a Position` while
            # looking at Positions typed "a" into Criteria (naive s7 finding 10).
            return False
        if self.reads_only():
            return False  # a guest outside Evaluate writes nothing: no key, footer or help
        return self.may(action, parameters)

    def reads_only(self) -> bool:
        """Is this person a guest who only reads this phase (``ui/guest.py``)?"""
        screen = self.screen if self.is_attached else None
        state, me = getattr(screen, "state", None), getattr(screen, "me", None)
        return (
            isinstance(state, SessionState)
            and isinstance(me, str)
            and (reads_only(state, me, self.phase))
        )

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """May this member take ``action`` now? False hides it, None shows it disabled."""
        return True

    def _in_a_list_with_no_row(self) -> bool:
        focused = self.screen.focused if self.is_attached else None
        return focused is not None and self in focused.ancestors and self.no_row_chosen(focused)

    def no_row_chosen(self, widget: Widget | None) -> bool:
        """Is ``widget`` a list of this view in which the person has not chosen a row yet?"""
        return isinstance(widget, ItemTree) and widget.current is None

    def let_go(self, widget: Widget | None) -> bool:
        """Escape in a list of this view: no row is chosen any more, so what is typed next is
        text for the box (naive s6: Escape stayed on the row and "wijkraad" fired `w`).
        A table that always has a row (the weights, the ballot) keeps its cursor."""
        if isinstance(widget, ItemTree):
            let_go = widget.let_go()
        elif isinstance(widget, DataTable) and widget.show_cursor:
            widget.show_cursor = False
            let_go = self.no_row_chosen(widget)
            widget.show_cursor = not let_go
        else:
            let_go = False
        if let_go:
            self.refresh_bindings()
        return let_go

    def _looked_at(self) -> bool:
        """Is this view a phase the person looks at away from the group (F3/F4)?"""
        screen = self.screen if self.is_attached else None
        viewing, group = getattr(screen, "viewing", None), getattr(screen, "group_phase", None)
        return viewing == self.phase and group is not None and viewing != group

    def _writes_here(self) -> bool:
        box = self.text_box()
        return isinstance(box, Input) and self.shows(box)

    def letters_elsewhere(self) -> bool:
        """Do letters typed in this view now go to the group's box (a phase looked at with
        no box to write in, the keys not in a text box)?"""
        focused = self.screen.focused if self.is_attached else None
        return (
            self._looked_at()
            and not is_typing(focused)
            and not self._writes_here()
            and self._group_box() is not None
        )

    def _letters_go_to_the_group(self) -> bool:
        """Would a letter typed now go into the group's box (a looked-at phase with no box
        to write in, its list focused with no row chosen)? Then no letter key is offered."""
        focused = self.screen.focused if self.is_attached else None
        return (
            self._looked_at()
            and self.no_row_chosen(focused)
            and not self._writes_here()
            and self._group_box() is not None
        )

    def _acts(self, key: str, focused: Widget) -> bool:
        """Is ``key`` a key of this view, or of a part of it around ``focused`` (the table
        map's `1` `w`), and may its action be taken now?"""
        for node in focused.ancestors_with_self:
            for binding in node._bindings.key_to_bindings.get(key, []):
                _namespace, action, parameters = parse_action(binding.action)
                if node.check_action(action, parameters):
                    return True
            if node is self:
                break
        return False

    def on_key(self, event: events.Key) -> None:
        """A printable key in a list with no row chosen is text for the view's text box: it
        acts on no row, and a person who types there (after Escape, after Tab) has not seen
        that the focus left the box. Keys that need no row (``a`` adds) still act. In a phase
        only looked at, a row chosen (↓ to read it), a letter that is no key acting there
        now is text the same way (naive s7 finding 1: it vanished). Escape in a list lets go
        of its row (``let_go``); what the view asked for stops as well. In the group's
        phase too, a row chosen, a letter that is no key acting there now is text: it
        vanished (Tab in the opening chooses the first group, and "Youth" typed there was
        lost, also under "since last time": naive s10)."""
        focused = self.screen.focused if self.is_attached else None
        if self._proposal is not None and self._answer_proposal(event, focused):
            return
        if event.key == "escape":
            self.let_go(focused)
            return
        if not event.is_printable or not event.character:
            return
        if self.reads_only() and not is_typing(focused) and not _its_own_key(event, focused):
            # A guest's letters here act on nothing: said, not lost in silence (naive s11
            # F-minor-19: "nice" typed in Criteria vanished without a word). A space too: it
            # went on into the hidden box, and the rest of the sentence after it (naive s18
            # N10: "Bring" refused, " the neighbours along" kept where she cannot send it).
            event.stop()
            event.prevent_default()
            self.say(
                _("As a guest you write only in Evaluate, once the group is there."), fleeting=True
            )
            return
        chosen = not self.no_row_chosen(focused)
        if self._row_key_proposes(event, focused):
            return
        if chosen and not (
            focused is not None
            and not is_typing(focused)  # a list, a table, a button: none takes letters
            and self in focused.ancestors
            and event.key not in focused._bindings.key_to_bindings  # space opens a row
            and (self._looked_at() or isinstance(focused, ItemTree | ListTable | VoteGrid))
            and not self._acts(event.key, focused)
        ):
            return
        box = self.text_box()
        writes = self._writes_here()
        if not writes and (
            self._write_where_the_group_is(event.character) or self._held_for_the_group(event)
        ):
            event.stop()  # before any of this view's keys (`n`: an experience) can fire
            event.prevent_default()
            return
        bound = {
            binding.action.split("(")[0]
            for binding in self._bindings.key_to_bindings.get(event.key, [])
        }
        if not chosen and bound - self.row_actions and self._may_act(event.key, focused):
            return
        event.stop()
        event.prevent_default()
        if not isinstance(box, Input) or not writes:
            if self._keep_here(event.character):
                return
            self._nothing_to_type()  # no box here, nor where the group is: say so
            return
        focus_now(box)
        lone = bool(bound) and bound <= self.row_actions and not box.value
        box.insert_text_at_cursor(event.character)
        # A row's key typed where it acts on no row: text, but Enter sends nothing while it
        # is all the box holds ("s" then Enter signed an action named "s": naive s12 K1).
        box.lone_key = event.character if lone else None  # type: ignore[attr-defined]
        # Typed on a chosen row it does not act on (another's note): its refusal names the
        # row, not "choose the row" (naive s15 F8: Bart had chosen one, the wrong one).
        on_row = row_name(focused, getattr(self.screen, "state", None)) if lone and chosen else ""
        box.lone_row = on_row if focused is not None else ""  # type: ignore[attr-defined]

    def is_row_key(self, text: str) -> bool:
        """Is ``text`` one key of this view or of a part of it (a row's, or one that opens a
        box: `k` a note, `+` an argument)? Sent alone from the view's box it is not sent
        (``sending_input.lone_key``): a position "k" or "+" was signed (naive s13b B1)."""
        if len(text) != 1:
            return False
        key = KEY_NAMES.get(text, text)
        parts = [self, *self.query("*")]
        return any(key in part._bindings.key_to_bindings for part in parts if part._bindings)

    @on(LoneKey)
    def _lone_key(self, message: LoneKey) -> None:
        message.stop()
        row = getattr(message.box, "lone_row", "")
        message.box.lone_row = ""  # type: ignore[attr-defined]
        if row:
            self.say(_(LONE_ON_ROW).format(key=message.key, row=row))
            return
        self.say(_(LONE_KEY).format(key=message.key))

    def _write_where_the_group_is(self, character: str) -> bool:
        """A letter typed in a phase only looked at (F3/F4), with no box to write in here:
        the person goes back to the phase the group is in (as F5) and the letter starts
        the words in its box, where the keys now are, so the rest of a sentence typed at
        speed follows it there whole and in order (the app hands the next key out only once
        this one has acted). The line there says why. Sent there, or refused here because
        that box holds words left earlier (``refuse_for_the_group``)? (Naive s6 finding 14
        and s6b C: the words vanished, then split across two boxes.)"""
        found = self._group_box()
        if found is not None and self.refuse_for_the_group(found[0].phase, found[1]):
            return True
        box = self.write_where_the_group_is()
        if box is None:
            return False
        box.insert_text_at_cursor(character)
        return True

    def write_where_the_group_is(self) -> Input | None:
        """Letters typed here go to the group's box: take the person there (as F5), the keys
        in that box and its line saying why; None (nothing done) when there is none."""
        screen = self.screen
        viewing, group = getattr(screen, "viewing", None), getattr(screen, "group_phase", None)
        found = self._group_box()
        if viewing is None or group is None or found is None:
            return None
        there, box = found
        if self.refuse_for_the_group(group, box):
            return None  # glued onto words left there (naive s18 N1): said here instead
        screen.look_at(group)  # type: ignore[attr-defined]
        if screen.focused is not box:
            focus_now(box)
        if isinstance(box, SendingInput) and box.typed_in is None:
            box.typed_in = viewing  # its first Enter says where they go (``typed_elsewhere``)
        there.say(goes_to_the_group(viewing, group), fleeting=True)
        return box

    def _keep_here(self, typed: str) -> bool:
        """Letters typed here that no box takes, here or where the group is: kept in this
        view's own box (``keep_here``), starting with ``typed``. Kept?"""
        box = self.keep_here()
        if box is None:
            return False
        box.insert_text_at_cursor(typed)
        return True

    def keeps_letters(self) -> bool:
        """Would a letter typed now be kept in this view's own box (``keep_here``): a phase
        looked at with no box shown, the keys not in a box, and the group's phase mounted
        with no box to take it either?"""
        screen = self.screen if self.is_attached else None
        group = getattr(screen, "group_phase", None)
        there = getattr(screen, "_views", {}).get(group)
        return (
            self._looked_at()
            and not self.typing()
            and not self._writes_here()
            and isinstance(self.text_box(), Input)
            and isinstance(there, PhaseView)
            and there.is_mounted
            and self._group_box() is None
        )

    def keep_here(self) -> Input | None:
        """The keys to this view's own box, shown, for letters typed here that have nowhere
        else to go: a phase looked at (F3, F4), and the group's phase has no box either (a
        ballot; Decide once decided). The words stay in it, not sent, as the kind they were
        typed for (Enter there says when they can go), and every view keeps a box holding
        words on screen, so they are there when the person comes back; the line says so.
        None: this view has no box, or is not one looked at (naive s15 F3: with the group in
        Decide, a sentence typed in Knots was dropped, though the docs promised it kept)."""
        box = self.text_box()
        screen = self.screen if self.is_attached else None
        viewing, group = getattr(screen, "viewing", None), getattr(screen, "group_phase", None)
        if not isinstance(box, Input) or not self._looked_at() or group is None:
            return None
        for node in box.ancestors_with_self:
            if node is self:
                break
            node.display = True
        if not self.shows(box):
            return None
        focus_now(box)
        order = {phase: at for at, phase in enumerate(PHASES)}
        passed = order.get(viewing, -1) < order.get(group, -1)
        words = _(KEPT_HERE_PASSED if passed else KEPT_HERE_AHEAD)
        said = words.format(phase=phase_label(group), viewing=phase_label(self.phase))
        self.say(said, fleeting=True)
        return box

    def _may_act(self, key: str, focused: Widget | None) -> bool:
        """Does ``key`` act here now (a key that needs no row, ``a`` adds)? One that may not
        act is text like any letter: it went nowhere, and the sentence it began lost it."""
        return focused is None or self._acts(key, focused)

    def _held_for_the_group(self, event: events.Key) -> bool:
        """The same while the group's view is still being mounted (views mount in the
        background; the group just moved): the person goes there as F5 does and the screen
        holds the letter, and those after it, for its box (``SessionScreen.hold_for``).
        Said "You can write in Act once the group is there" and the letter was lost."""
        hold_for = getattr(self.screen, "hold_for", None) if self.is_attached else None
        return callable(hold_for) and hold_for(event, self.phase)

    def _group_box(self) -> tuple[PhaseView, Input] | None:
        """The view of the phase the group is in and its box to write in, when the person
        looks at another phase (else None)."""
        screen = self.screen if self.is_attached else None
        viewing, group = getattr(screen, "viewing", None), getattr(screen, "group_phase", None)
        if viewing is None or group is None or viewing == group:
            return None
        there = getattr(screen, "_views", {}).get(group)
        box = there.text_box() if isinstance(there, PhaseView) and there.is_mounted else None
        if not isinstance(box, Input) or not there.shows(box):
            return None
        return there, box

    def say(self, words: str, fleeting: bool = False) -> None:
        """``words`` in this view's notice line (once, in sight), else a toast; ``fleeting``
        words say where keys just went, and go at the person's next look (``Notice``)."""
        notices = self.query(Notice)
        if notices:
            notice = notices.first()
            notice.fleeting = fleeting
            if notice.message != words:
                notice.inform(words, fleeting)
                notice.call_after_refresh(notice.scroll_visible, animate=False)
        else:
            self.notify(words)

    def _nothing_to_type(self) -> None:
        """Letters typed where this view has no text box now (a phase looked at ahead of the
        group): they act on nothing, and the view's notice line says why, once."""
        screen = self.screen
        viewing, group = getattr(screen, "viewing", None), getattr(screen, "group_phase", None)
        if viewing in PHASES and group in PHASES and PHASES.index(viewing) < PHASES.index(group):
            # a phase the group has passed (naive s7 13: "once the group is there" was odd)
            words = _(
                "Nothing can be written in {viewing} now: the group has moved on to {phase}. "
                "F5 goes back to {phase}."
            ).format(viewing=phase_label(viewing), phase=phase_label(group))
        elif viewing is not None and group is not None and viewing != group:
            words = _(
                "You can write in {viewing} once the group is there. F5 goes back to {phase}."
            ).format(viewing=phase_label(viewing), phase=phase_label(group))
        else:
            words = _("There is nothing to type in here now.")
        self.say(words, fleeting=True)

    def on_free_text_full(self, event: FreeText.Full) -> None:
        """A box of this view stops at what its record takes, said under it as one types (a
        paste was cut to its first line, or refused whole after Enter)."""
        event.stop()
        said = _("This box holds at most {n} characters: the rest is not typed.")
        self.say(said.format(n=event.limit))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        if self._proposal is not None and self.screen.focused is not self._proposal.on:
            self._drop_proposal()  # the list lost the keys: nothing is proposed any more
        self.refresh_bindings()
