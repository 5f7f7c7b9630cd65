"""The Footer, with each key's description in the person's language.

Bindings are declared once with English descriptions marked ``N_``; Textual's Footer shows them
as given, so this Footer translates them each time it is composed (also after a language switch).

Textual's Footer rebuilds all its keys (a widget each, styled by CSS) whenever anything asks for
the bindings to be refreshed — a focus change, a moved cursor, every redraw of a view. That made
every arrow key and every arriving record pay for a dozen new widgets. This one changes only
when what it would show changed (keys, words, enabled or not, the language), at most once per
frame, and then gives its key widgets their new keys in place (a view switch mounted a dozen
new styled keys and removed the old: most of what a switch cost).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from textual.app import ComposeResult
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from beraad.i18n import N_, _, current_language
from beraad.ui.parts import in_place

# Textual's own description of the command palette key, so the catalogs translate it too.
PALETTE = N_("palette")


#: Always first, so a long footer (Dutch, or a screen with many keys) never cuts it off: the
#: naive tester saw "f1 H▏" where help should be.
FIRST_KEYS = ("f1",)
#: Always last, so they show only where the others leave room: Ctrl+L (back to the lobby),
#: offered where leaving comes next, never in the place of Ctrl+Q.
LAST_KEYS = ("ctrl+l",)
#: Where the line is full, what gives way last: F1, then the keys of what has the focus (a
#: list's own: they say what the keys do there), then Ctrl+Q, then the screen's other keys
#: (F6, F7, ^f…: F1 lists them all). Act's list at 80 columns showed "… f6 Move on" and left
#: out ^f and ^q, in English and Dutch: how to leave must not need looking up.
QUIT_KEYS = ("ctrl+q",)

#: Frames to wait for the keys to be laid out before leaving out those that do not fit.
FIT_TRIES = 50


#: What one key shows: key, its display, description (translated), action, disabled, tooltip.
KeySpec = tuple[str, str, str, str, bool, str]


class Key(FooterKey):
    """Textual's footer key, whose first layout asks for no second one: a widget's
    ``virtual_size`` asks for a layout of the screen when it changes (for scroll bars), and
    a new key's changes once it is laid out, so every new set of keys (each view switch)
    cost a second layout of the whole screen and a second frame. A key has nothing to scroll
    and its width comes from its text. Nor a repaint: the layout that gave it its new
    size paints it, and the repaint it asked for afterwards was a frame of its own."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=False)

    spare = False
    """Kept hidden for a later set of keys (a view with fewer keys): mounting and removing
    keys each cost a layout of the screen and a frame after the switch's own."""

    def spec(self) -> KeySpec:
        return (
            self.key,
            self.key_display,
            self.description,
            self.action,
            self._disabled,
            str(self.tooltip or ""),
        )

    def show_key(self, spec: KeySpec) -> None:
        """Show another key in this widget: only what differs is set, and a new text asks
        for a layout of this key (its width) and nothing else."""
        self.spare = False
        if spec == self.spec():
            if not self.display:
                self.display = True
            return
        key, key_display, description, action, disabled, tooltip = spec
        words = (key_display, description) != (self.key_display, self.description)
        self.key, self.key_display, self.description, self.action = (
            key,
            key_display,
            description,
            action,
        )
        if disabled != self._disabled:
            self._disabled = disabled
            self.set_class(disabled, "-disabled")
        if tooltip != str(self.tooltip or ""):
            self.tooltip = tooltip or None
        if not self.display:
            self.display = True
        if words:
            self.refresh(layout=True)
        else:
            self.refresh()

    def put_aside(self) -> None:
        """Hidden, holding no key, until a set of more keys needs it again."""
        if not self.spare:
            self.spare = True
            self.key = self.key_display = self.description = self.action = ""
            self.display = False


class TranslatedFooter(Footer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._composed: tuple[object, ...] | None = None
        """What the keys shown now were composed from (see ``_shows``)."""
        self._pending = False
        self._fit_tries = 0

    def compose(self) -> ComposeResult:
        if self._bindings_ready and self.is_attached:
            self._composed = self._shows()
        widgets = list(super().compose())
        for widget in widgets:
            if type(widget) is FooterKey:
                widget.__class__ = Key  # not mounted yet: only its reactive differs
            if isinstance(widget, FooterKey):
                # Styled compact from the start: Textual sets the class once the key is
                # mounted, which restyled every key again, and a key mounted behind another
                # screen (a join code over a new session) kept its wide measure, so the
                # footer left out a key that fits.
                widget.set_class(self.compact, "-compact", update=False)  # styled when mounted
                if widget.description:
                    widget.description = _(widget.description)
        first = [w for w in widgets if isinstance(w, FooterKey) and w.key in FIRST_KEYS]
        last = [w for w in widgets if isinstance(w, FooterKey) and w.key in LAST_KEYS]
        yield from first
        yield from (w for w in widgets if w not in first and w not in last)
        yield from last

    def _shows(self) -> tuple[object, ...]:
        """Everything the composed keys depend on."""
        return (
            current_language(),
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    binding.description,
                    binding.action,
                    binding.show,
                    binding.group,
                    enabled,
                    tooltip,
                )
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                # The keys not shown (an Input's arrows) would not change the line.
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            if self._composed is None:  # no keys yet: in the screen's first frame if it can
                self.call_later(self._recompose_if_changed)
            else:  # (a view switch composes its keys itself, in its frame: ``keys_now``)
                self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        await self.keys_now()

    async def keys_now(self) -> None:
        """Show the keys of what has the focus now (a screen that changed them awaits this
        inside its batch of changes, so that one frame shows both)."""
        if not in_place(self) or not self._bindings_ready:
            return
        shows = self._shows()
        if shows != self._composed:
            # Claimed before the first await: the focus a switch gives asks for the keys
            # again (``bindings_changed``) while this recompose still removes the old ones,
            # and that second caller, finding the old keys' claim, composed them all again
            # (two recomposes of a dozen styled keys per switch, the largest cost of one).
            self._composed = shows
            # The keys and which of them fit in one frame; composed as the footer (a caller
            # from the screen would bind the keys' reactives to the screen).
            with self.app.batch_update(), self._context():
                if not await self._rekey():
                    await self.recompose()
                self._fit_now()
                self._asked_now()
            self.call_after_refresh(self._fit)

    def _asked_now(self) -> None:
        """The keys' new widths go to the screen now, while the switch's batch still holds
        the frame: each key otherwise asks once it is idle, and under load that came after
        the screen had laid out the switch, so a second layout and frame followed it."""
        for key in self.children:
            if key._layout_required or key._repaint_required:
                key._check_refresh()

    def _wanted(self) -> tuple[list[KeySpec], KeySpec | None] | None:
        """The keys Textual's ``Footer.compose`` would show now, in its order (F1 first, as
        ``compose`` puts it), and the palette's key; None where it would group keys (this
        footer then composes them)."""
        active = self.screen.active_bindings
        first: dict[str, tuple[Any, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                if binding.group is not None:
                    return None
                first.setdefault(binding.action, (binding, enabled, tooltip))

        def spec(binding: Any, enabled: bool, tooltip: str) -> KeySpec:
            words = _(binding.description) if binding.description else ""
            display = self.app.get_key_display(binding)
            return (binding.key, display, words, binding.action, not enabled, tooltip or "")

        keys = [spec(*shown) for shown in first.values()]
        keys = (
            [k for k in keys if k[0] in FIRST_KEYS]
            + [k for k in keys if k[0] not in FIRST_KEYS and k[0] not in LAST_KEYS]
            + [k for k in keys if k[0] in LAST_KEYS]
        )
        palette: KeySpec | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = spec(binding, enabled, binding.tooltip or binding.description)
        return keys, palette

    async def _rekey(self) -> bool:
        """Give the key widgets there the keys wanted now, in place; mount only the keys
        missing, put aside those too many. False: compose them instead (grouped keys, or
        no keys yet)."""
        wanted = self._wanted()
        children = list(self.children)
        if wanted is None or not children or not all(type(w) is Key for w in children):
            return False
        keys, palette = wanted
        palettes = [w for w in children if w.has_class("-command-palette")]
        if len(palettes) != (palette is not None):
            return False
        shown = [w for w in children if w not in palettes]
        for widget, spec in zip(shown, keys, strict=False):  # the rest: mounted or put aside
            widget.show_key(spec)
        if palette is not None:
            palettes[0].show_key(palette)
        for widget in shown[len(keys) :]:
            widget.put_aside()
        if len(keys) > len(shown):
            await self.mount_all(
                [self._new_key(spec) for spec in keys[len(shown) :]],
                before=palettes[0] if palettes else None,
            )
        return True

    def _new_key(self, spec: KeySpec) -> Key:
        key, key_display, description, action, disabled, tooltip = spec
        widget = Key(key, key_display, description, action, disabled=disabled, tooltip=tooltip)
        widget.set_class(self.compact, "-compact", update=False)  # styled once, when mounted
        return widget.data_bind(compact=Footer.compact)

    def keys(self) -> list[FooterKey]:
        """The key widgets that hold a key (shown, or left out for want of room)."""
        return [
            w for w in self.children if isinstance(w, FooterKey) and not getattr(w, "spare", False)
        ]

    def _fit_now(self) -> None:
        """Leave out the keys that will not fit, measured as the layout will (their box
        models) before it runs, so the first frame shows the line as it stays; ``_fit``
        checks it once laid out. Leaves every key when the footer has no width yet."""
        width = self.size.width
        if not width:
            return
        keys = self.keys()
        viewport = self.app.viewport_size
        container = Size(width, 1)

        def box(key: FooterKey) -> tuple[int, int]:
            # With the arguments the horizontal layout gives: it then finds them measured.
            across, down = key.styles.margin.totals
            model = key._get_box_model(
                container, viewport, Fraction(max(0, width - across)), Fraction(max(0, 1 - down))
            )
            return int(model.width), model.margin.right

        limit = width - sum(box(k)[0] for k in keys if k.has_class("-command-palette"))
        shown = [k for k in keys if not k.has_class("-command-palette")]
        ranks = self._ranks(shown)
        for key, fits in zip(shown, _fitting([box(k) for k in shown], ranks, limit), strict=True):
            if not fits:
                key.display = False

    def _ranks(self, keys: list[FooterKey]) -> list[int]:
        """How late each key gives way (``QUIT_KEYS``): 0 F1, 1 what has the focus (bound
        below the screen), 2 Ctrl+Q, 3 the screen's and the app's other keys."""
        screen = self.screen
        below = {
            key
            for key, (node, _binding, _enabled, _tooltip) in screen.active_bindings.items()
            if node is not screen and node is not self.app
        }
        return [
            0
            if key.key in FIRST_KEYS
            else 2
            if key.key in QUIT_KEYS
            else 1
            if key.key in below
            else 3
            for key in keys
        ]

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """A wider or narrower terminal: every key back, then as many as fit. The keys are
        shown again rather than composed again: the first layout of every screen resizes
        the footer, and composing a dozen styled keys then was a frame of its own. Which
        fit is measured now (``_fit_now``): shown all until ``_fit``, the session screen's
        first footer came cut at 80 columns ("f6 Move on f7 Meetin▏^p palette"), then put
        right a frame later (three states of the line in 0.1 s)."""
        if self._bindings_ready and self.is_attached:
            for key in self.keys():
                if not key.display:
                    key.display = True
            self._fit_now()
            self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Keys that do not fit in one line are left out rather than cut ("^▏^p"): F1 first,
        then the keys of what has the focus, then the screen's, as far as they fit; the
        palette (all keys, searchable) stays at the right (naive finding 9: a Dutch
        facilitator's footer with voting open was cut at 80 columns)."""
        if not in_place(self):
            return
        keys = self.keys()
        if any(key.display and not key.region.width for key in keys) or not self.region.width:
            # Not laid out yet (a busy machine drew the screen a frame later): measured now,
            # every key "fits" and the line is cut after all ("^q Quit  f2 R▏^p palette" on
            # the join-code screen, naive finding 5). Measure once it is laid out.
            if self._fit_tries < FIT_TRIES:
                self._fit_tries += 1
                self.call_after_refresh(self._fit)
            return
        self._fit_tries = 0
        palette = [k for k in keys if k.has_class("-command-palette")]
        shown = [k for k in keys if k not in palette and k.display]
        start = shown[0].region.x if shown else self.region.x
        limit = min((k.region.x for k in palette), default=self.region.right) - start
        boxes = [(k.region.width, k.styles.margin.right) for k in shown]
        for key, fits in zip(shown, _fitting(boxes, self._ranks(shown), limit), strict=True):
            if not fits:
                key.display = False


def _fitting(boxes: list[tuple[int, int]], ranks: list[int], limit: int) -> list[bool]:
    """Which keys (their widths and right margins) the line shows, in their order: those
    that give way last first (``_ranks``), each rank in its order as far as room is left;
    after the first that does not fit, no later one (a short key further on would read as
    the next one). Every shown key keeps its margin but the line's last (counted as room)."""
    room = limit + (boxes[-1][1] if boxes else 0)
    fits = [False] * len(boxes)
    for rank in sorted(set(ranks)):
        for at in (at for at, found in enumerate(ranks) if found == rank):
            width, margin = boxes[at]
            if width + margin > room:
                return fits
            fits[at] = True
            room -= width + margin
    return fits
