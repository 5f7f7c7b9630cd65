"""Where the app hands each key: only once the key before it has acted.

Keys typed as one burst ("n", then a title and Tab) were handed out before the key that
opens a screen had acted, and went to the wrong widget or were lost; F3-F5 overtook a
Backspace typed before them; Tab and Enter acted on the field the keys were leaving. The
rules are told in docs/focus.md.
"""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual._time import get_time
from textual.actions import SkipAction
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, TextArea

#: Longest keys wait for the one before them to act, and how often it is checked, in seconds.
HOLD_KEYS_AT_MOST = 3.0
SETTLE_CHECK = 0.005


class KeyRouting:
    """The key half of ``BeraadApp`` (mixed in before ``App``, whose events it routes)."""

    screen: Any
    screen_stack: Any
    focused: Any
    call_later: Any
    set_interval: Any
    run_action: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: list[events.Key | events.Paste] = []
        self._settling: float | None = None
        """Since when a key that went to a list or a button may still be acting."""
        self._settle_timer: Timer | None = None
        self._releasing = False
        self._path: list[Any] = []
        self._settle_screen: Any = None
        """The screen open when the key now acting was handed out."""
        self._waited: events.Key | None = None
        """The key last held for the keys before it (``_overtakes``): held once only."""
        self._entered: Input | None = None
        """A box whose Enter moves the focus on (``enter_moves_focus``): the next keys wait
        until the focus has left it."""
        self._chosen_at: float | None = None
        """When a move dialog last closed on a choice (Textual's key clock), until the next
        key (``_stray_enter``): an Enter pressed before then was the dialog's."""
        self.last_key_at = 0.0
        """When the person last pressed a key (``time.monotonic``): work in the background (a
        session screen mounting the views not looked at) waits for a pause in their keys."""
        self._keys_wait = False
        """Every key waits (``keys_wait``): the screens are being composed anew."""

    # Keys typed right after a key that opens a screen.
    async def on_event(self, event: events.Event) -> None:
        """A key typed right after one that opens a screen ("n", then a title and Tab as one
        burst) was handed out before that key had acted: the rest went to the lobby's list
        (lost, or acting there) or to a form without a focus. After a key for a list or a
        button, the next keys wait until every widget has handled what it caused."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self.last_key_at = time.monotonic()
            if self._held_keys or self._settling is not None or self._keys_wait:
                # A paste waits its turn too: it went straight into the box, ahead of the
                # Backspaces typed before it, which then ate its end ("78- 78 Druif Le":
                # naive s12 P1).
                self._held_keys.append(event)
            elif isinstance(event, events.Key):
                await self._hand_out(event)
            else:
                await super().on_event(event)
            return
        await super().on_event(event)

    async def _hand_out(self, key: events.Key | events.Paste) -> None:
        if isinstance(key, events.Paste):
            self._chosen_at = None
            await super().on_event(key)  # the keys before it have acted
            return
        if self._stray_enter(key):
            return
        target = self.focused or self._focus_back() or self.screen
        hold_key = getattr(target, "hold_key", None)
        # Held now, not when the screen reads it from its queue: the view it waits for could
        # arrive in between and take what was held so far, and this key was lost ("Ceap").
        held = target is self.screen and callable(hold_key) and not self._priority(key)
        if held and hold_key(key):
            return
        if (
            isinstance(target, Input | TextArea)
            and key is not self._waited
            and self._overtakes(key, target)
        ):
            # Backspace, Enter typed just before F4 act through the box's bindings, looked up
            # from what has the focus when they reach this app: F4 acting first moved the
            # focus away and they were lost. F4 waits until they have acted.
            self._held_keys.insert(0, key)
            self._waited = key  # once: it goes out when they have acted, or at the latest
            self._settle([target, *target.ancestors])
            return
        await super().on_event(key)
        answered = getattr(self.screen, "key_answered", None)
        if answered is not None:
            # Behind the key in the queue of what it went to: the screen learns the key has
            # acted (records waiting to be drawn go after its frame, ``SessionScreen``).
            target.call_later(answered)
        if key.is_forwarded and (not isinstance(target, Input | TextArea) or not key.is_printable):
            # The key goes up from ``target`` to this app; what it does may open a screen.
            # In a text box only a letter acts at once: Backspace, Ctrl+U, an arrow act
            # through the box's bindings when they reach this app, so the letters typed
            # right after them went in first and were deleted ("Bert" typed just after a
            # Ctrl+U left the box empty): they wait until that key has acted.
            self._settle([target, *target.ancestors])

    def dialog_chosen(self) -> None:
        """A move dialog (F6) closes now on a choice, made with Enter: an Enter the person
        pressed before this, while the dialog was still there (the same burst as the
        dialog's own key: F6 ↓ Enter Enter typed at once), is the habit's second one, meant
        for the dialog (one rule for both: Enter chooses, Enter again sends), not for the
        phase behind it (naive s13 N12: F6 ↓ Enter Enter sent "ready", the group moved, and
        the second Enter moved the Schulze ballot's cursor from A to B)."""
        self._chosen_at = get_time()

    def _stray_enter(self, key: events.Key) -> bool:
        """Is ``key`` the stray second Enter after a move dialog closed: the next key, an
        Enter pressed before the dialog closed (its time, stamped as the terminal gave it)?
        Then it does nothing and the screen says so (``stray_enter``). An Enter pressed once
        the dialog is gone is for what is behind it, however soon (a time window of a second
        swallowed a deliberate one, said only by its words)."""
        at, self._chosen_at = self._chosen_at, None
        if at is None or key.key != "enter" or key.time >= at:
            return False
        said = getattr(self.screen, "stray_enter", None)
        if callable(said):
            said()
        return True

    def keys_waiting(self) -> bool:
        """Keys typed after the one acting now wait their turn (a burst): a view that would
        move the focus to where a mistake is leaves it, so they land where the person was
        typing, not in a box that refuses them (naive s12 P0)."""
        return bool(self._held_keys)

    def again(self, key: events.Key) -> None:
        """Hand ``key`` out again, before the keys typed after it, once the key acting now has
        acted: a dialog that closes on a letter (F6's, with no reason box) passes it on to
        where the keys are below, and the rest of the burst follows it there."""
        fresh = events.Key(key.key, key.character)
        fresh.set_sender(self)  # type: ignore[arg-type]
        self._held_keys.insert(0, fresh)
        if self._settling is None:
            self._settle([self.screen])

    def keys_wait(self) -> None:
        """Every key from now on waits, in order, until ``keys_go``: a language switch composes
        the screens anew, and a key handed out meanwhile went to a widget on its way out."""
        self._keys_wait = True

    async def keys_go(self) -> None:
        """The keys that waited (``keys_wait``) go out now, in order, to the new screens."""
        self._keys_wait = False
        if self._settling is None and not self._releasing:
            await self._release()

    def wait_for(self, widget: Any) -> None:
        """The key now acting went on to ``widget`` (past a box over its screen): the next
        keys wait until it has acted there too."""
        if self._settling is not None:
            self._path.extend([widget, *widget.ancestors])

    async def on_key(self, event: events.Key) -> None:
        """A key sent on below a box that gives way (``KeyBelow``) acts by the bindings of
        the screen below, as it would with the box shut: Textual looks them up on the
        screen in front, which has none of a list's keys (naive s10)."""
        below = getattr(event, "below", None)
        if below is None or below is self.screen or below not in self.screen_stack:
            return
        event.prevent_default()  # not the front screen's bindings (App._on_key)
        for namespace, bindings in below._modal_binding_chain:
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.run_action(binding.action, namespace):
                    return

    def _focus_back(self) -> Any:
        """Nothing has the keys on the open screen (the widget that had them was hidden or
        removed): a screen that knows where they belong puts them there now, before this key
        goes to a screen that has no use for it (naive s8 finding 1)."""
        focus_back = getattr(self.screen, "focus_back", None)
        return focus_back() if callable(focus_back) else None

    def _settle(self, path: list[Any]) -> None:
        """The next keys wait until what went up ``path`` has acted (``_settled``)."""
        self._path = path
        self._settle_screen = self.screen
        self._settling = time.monotonic()
        if self._settle_timer is None:
            self._settle_timer = self.set_interval(SETTLE_CHECK, self._settled)

    def _priority(self, key: events.Key) -> bool:
        """Does ``key`` act at once, wherever the keys are (a priority binding: F3-F5)?"""
        return any(
            binding.priority
            for _, bindings in self.screen._binding_chain
            for binding in bindings.key_to_bindings.get(key.key, ())
        )

    def _overtakes(self, key: events.Key, box: Input | TextArea) -> bool:
        """``key`` acts at once (a priority binding: F3-F5), while a key before it still
        waits in ``box`` or on its way up to this app."""
        if not self._priority(key):
            return False
        return any(pump.message_queue_size for pump in [box, *box.ancestors] if live(pump))

    def _quiet(self) -> bool:
        """The key has acted: no message waits in the widgets it went up through, in this app
        or in the open screen (a handler runs without a break, so none is half done), and
        that screen has put the focus where it wants it."""
        screen = self.screen
        if any(pump.message_queue_size for pump in [*self._path, screen, self] if live(pump)):
            return False
        entered = self._entered
        if entered is not None and entered.is_attached and screen.focused is entered:
            return False  # the Enter's handler has not moved the focus on yet
        if screen is self._settle_screen:
            # The key put up no new screen: no focus is on its way. A screen whose focused
            # widget was hidden has none, and every key waited HOLD_KEYS_AT_MOST for one
            # (naive s8 finding 1: letters, F5, Ctrl+Q seconds to minutes late).
            return True
        return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)

    def _settled(self) -> None:
        """The timer's check (in its own task): the keys go out on the app's own loop."""
        since = self._settling
        if since is None or self._releasing or not self._screen_stacks.get(self._current_mode):
            return  # (no screen: the app is closing, and the timer ticked once more)
        if self.screen is not self._settle_screen and not self.screen.is_mounted:
            # The key put up a screen still being mounted: its focus is on its way, and the
            # keys wait for it however long that takes. Under load the new session form took
            # over HOLD_KEYS_AT_MOST to mount, and the title's first letter went to the form
            # before it had its focus and was lost ("ike shed"); the wait counts from now.
            self._settling = time.monotonic()
            return
        if self._quiet() or time.monotonic() - since >= HOLD_KEYS_AT_MOST:
            self._releasing = True
            self.call_later(self._release)

    async def _release(self) -> None:
        self._releasing = False
        self._settling = None
        self._path = []
        self._entered = None
        while self._held_keys and self._settling is None and not self._keys_wait:
            await self._hand_out(self._held_keys.pop(0))
        if self._settling is None and self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None

    # Tab and Enter.
    def action_focus_next(self) -> None:
        """Tab: a widget around the focus may name where Tab goes (``tab_target``: the table
        map's box goes to its list, not round to the top of the opening); else the next."""
        screen = self._tab_screen()
        focused = screen.focused
        for node in focused.ancestors_with_self if focused is not None else ():
            tab_target = getattr(node, "tab_target", None)
            target = tab_target() if callable(tab_target) else None
            if target is not None:
                screen.set_focus(target)
                self._tabbed_below(screen)
                return
        screen.focus_next()
        self._tabbed_below(screen)

    def action_focus_previous(self) -> None:
        screen = self._tab_screen()
        screen.focus_previous()
        self._tabbed_below(screen)

    def _tab_screen(self) -> Screen[Any]:
        """The screen Tab goes round: under a box that gives way ("since last time", "while
        you were away") the one below, as with the box shut (naive s10b finding B: Tab typed
        over it did nothing)."""
        screen = self.screen
        if getattr(screen, "gives_way", False) and len(self.screen_stack) > 1:
            return self.screen_stack[-2]
        return screen

    def _tabbed_below(self, screen: Screen[Any]) -> None:
        """The box over ``screen`` leaves what now has the keys there in sight."""
        if screen is not self.screen:
            fit = getattr(self.screen, "fit", None)
            if callable(fit):
                self.screen.call_after_refresh(fit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is the app's only where a text box has the keys: elsewhere the key is the
        focused widget's, and so is the footer's place for it (a vote grid's "Next row" was
        hidden behind this binding: naive s11 F5)."""
        if action == "submit_now":
            return isinstance(self.focused, Input) and not isinstance(self.screen, CommandPalette)
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_submit_now(self) -> None:
        """Enter in a one-line text box submits that box (see the binding), after the keys
        already queued for it: the text typed before Enter is in it."""
        focused = self.focused
        if not isinstance(focused, Input) or isinstance(self.screen, CommandPalette):
            raise SkipAction()
        too_soon = getattr(self.screen, "enter_too_soon", None)  # the session screen's
        if too_soon is not None and too_soon(focused, get_time()):
            return  # pressed for what the screen showed before the group moved
        focused.call_later(focused.action_submit)
        moves = getattr(self.screen, "enter_moves_focus", None)
        if callable(moves) and moves(focused):
            # The screen moves the focus on in its handler of this Enter (the start form's
            # title goes on to the focus question, on ``Input.Submitted``): the keys typed
            # after it wait until it has, or "Plein⏎Hoe?" typed at once all went into the
            # title (naive s11 F3). Only where a screen says so: a composer's Enter writes a
            # record, and the words typed meanwhile are the next contribution's.
            self._entered = focused
            self._settle([focused, *focused.ancestors])


def live(pump: Any) -> bool:
    """Does ``pump`` still handle its messages? A widget removed meanwhile never will: a
    key never waits for what is queued there."""
    return not (pump._closing or pump._closed)
