"""Errors of the network layer, each with a message a person can act on (through ``_()``).

Transport errors say what happened to a connection; join errors say why someone could not get
in, in words the person typing the code understands. ``str(error)`` is the user-facing text.
"""

from __future__ import annotations

from beraad.i18n import _


class NetError(Exception):
    """Base of every error raised by ``beraad.net``."""


# --- transport -------------------------------------------------------------------------------


class ConnectionClosed(NetError):
    """The connection is over (the peer left, timed out, or we closed it)."""


class ProtocolError(NetError):
    """The peer sent something beraad never sends; the connection has been dropped."""


class HandshakeError(ProtocolError):
    """The secure handshake failed: wrong group key, wrong session, or not a beraad peer."""


class NotAMember(HandshakeError):
    """The other side proved who it is, but that key is not a member of this session."""


# --- join codes and admission ----------------------------------------------------------------


class JoinError(NetError):
    """Joining with a code failed; ``str()`` tells the person why and what to do."""


class CodeFormatError(JoinError, ValueError):
    """The typed text is not a join code (checked before any network traffic)."""


class WrongCode(JoinError):
    def __init__(self, attempts_left: int | None = None) -> None:
        self.attempts_left = attempts_left
        message = _("The join code is wrong. Check it with the person who gave it to you.")
        if attempts_left is not None:
            message += " " + _("Attempts left for this code: {n}.").format(n=attempts_left)
        super().__init__(message)


class UnknownCode(JoinError):
    def __init__(self) -> None:
        super().__init__(
            _("Nobody here has an open invitation with that number. Ask for a new join code.")
        )


class CodeExpired(UnknownCode):
    def __init__(self) -> None:
        JoinError.__init__(self, _("This join code has expired. Ask for a new one."))


class TooManyAttempts(JoinError):
    def __init__(self) -> None:
        super().__init__(
            _("Too many wrong attempts: this join code no longer works. Ask for a new one.")
        )


class LockedOut(TooManyAttempts):
    def __init__(self) -> None:
        JoinError.__init__(
            self,
            _(
                "Too many wrong attempts from this computer: this join code no longer works "
                "here. Ask for a new one."
            ),
        )


class Busy(JoinError):
    """Others from the same address are proving the code right now; the joiner retries."""

    def __init__(self) -> None:
        super().__init__(_("Others are joining with this code right now; try again."))


class BackedOff(TooManyAttempts):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        JoinError.__init__(
            self,
            _("Too many attempts from this computer; try again in {seconds} seconds.").format(
                seconds=retry_after
            ),
        )


class Unreachable(JoinError):
    def __init__(self, address: str, reason: str = "") -> None:
        text = _("Cannot reach {address}.").format(address=address)
        if reason:
            text += f" ({reason})"
        super().__init__(text)


class JoinTimedOut(JoinError):
    def __init__(self, address: str) -> None:
        super().__init__(
            _("No answer from {address} in time; joining was stopped.").format(address=address)
        )


class AdmissionRefused(JoinError):
    """The admitting node declined (its ``on_admitted`` hook raised it, or the joiner was told)."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        text = _("The other side refused to admit you.")
        if reason:
            text += f" ({reason})"
        super().__init__(text)


class JoinProtocolError(JoinError):
    def __init__(self, detail: str = "") -> None:
        text = _("The other side does not follow beraad's join protocol.")
        if detail:
            text += f" ({detail})"
        super().__init__(text)
