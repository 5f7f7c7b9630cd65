"""Join codes on the node: open one for a session, admit who proves it, join with one.

The wire protocol (SPAKE2, confirmation, the group key) is ``beraad.net.admission``; this is
what the node does around it: write the signed ``member.admit`` and start syncing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from beraad.core.admission import confirmed_rule as admits_guests
from beraad.core.fold import Fold
from beraad.core.identity import fingerprint
from beraad.core.replica import Replica
from beraad.core.session import admit_body
from beraad.events import JoinAttemptFailed, JoinedFromOneAddress, SessionJoined
from beraad.held import HeldSession, NodeError, new_reducer
from beraad.i18n import _, ngettext
from beraad.net.admission import CODE_TTL, FailedAttempt
from beraad.net.errors import JoinError
from beraad.readable import readable


def no_guest_code() -> str:
    """Why a session has no guest code (said on the code screen and where one is asked for)."""
    return _("This deliberation admits members only, so it has no guest code.")


log = logging.getLogger("beraad.node")

#: Seconds the joiners from one host write nothing before they are counted: a projector joins
#: as a member, writes its name, then ``member.observe`` (it only watches, no person joining).
OBSERVE_GRACE = 3.0

#: Wrong tries of one code from this many addresses are someone guessing, not a typo: from
#: then on they are not said one by one (a burn from ten addresses queued 60 notices, attack
#: s12 #2), and the end of the code is said as guessing.
GUESSING_HOSTS = 3

#: Joining by code without an address: how long to wait for a further nearby address offering
#: the number once every one found so far said no, and how long one of several may take.
NEARBY_GRACE = 2.0
ADMITTER_TRY = 5.0

#: How many people one join code admits: a facilitator reads one code to the whole room, so it
#: is not used up by the first person; it ends when it expires or a fresh one replaces it.
INVITATION_USES = 50


def describe_attempt(event: JoinAttemptFailed) -> str:
    """What the person who read the code out is told when someone tried it and failed."""
    guest = getattr(event, "role", "member") == "guest"
    if event.attempts_left <= 0 and getattr(event, "guessing", False):
        if guest:
            return _(
                "Someone on this network is guessing the guest code: it no longer works. "
                "Open a fresh guest code for the others."
            )
        return _(
            "Someone on this network is guessing the join code: it no longer works. Open a "
            "fresh code for the others."
        )
    if event.attempts_left <= 0:
        if guest:
            return _(
                "The guest code no longer works: too many wrong tries (the last from {host}). "
                "Open a fresh guest code for the others."
            ).format(host=event.host)
        return _(
            "The join code no longer works: too many wrong tries (the last from {host}). "
            "Open a fresh code for the others."
        ).format(host=event.host)
    if guest:
        return _(
            "Someone at {host} tried the guest code and did not get it right; "
            "{n} wrong tries are left before it stops working."
        ).format(host=event.host, n=event.attempts_left)
    return _(
        "Someone at {host} tried the join code and did not get it right; "
        "{n} wrong tries are left before it stops working."
    ).format(host=event.host, n=event.attempts_left)


def describe_shared_address(event: JoinedFromOneAddress) -> str:
    """What the person who read the code out is told when several joined from one address."""
    # People: a projector is not counted, once it said it only watches (naive s10 finding 3;
    # s9 finding 13 read Carla and her projector as "2 people").
    return ngettext(
        "{n} person joined from {host}. Check that nobody joined twice: one person joining "
        "twice counts twice.",
        "{n} people joined from {host}. Check that nobody joined twice: one person joining "
        "twice counts twice.",
        event.people,
    ).format(n=event.people, host=event.host)


#: The session's local value that keeps which codes were read out, until when (per role).
CODES_KEY = "codes"


@dataclass(frozen=True, slots=True)
class Invitation:
    """An open join code, as the person who opened it sees it."""

    session: str
    code: str
    expires_at: float
    #: "member", or "guest": whoever joins with it may only add evaluation notes.
    role: str = "member"


class NodeAdmission:
    """The join-code half of ``Node`` (mixed in; uses its listener, sessions and links)."""

    #: (session, host) → the keys admitted with a code from that host, since the node opened.
    _joined_from: dict[tuple[str, str], set[str]]
    #: (session, host) → the count of people joining from there asked after, and the check
    #: waiting for their records to settle (``OBSERVE_GRACE``).
    _joined_told: dict[tuple[str, str], int]
    _joined_checks: dict[tuple[str, str], asyncio.TimerHandle]
    #: (session, join code) → address → its wrong tries of that code (``_attempt_failed``).
    _wrong_tries: dict[tuple[str, str], dict[str, int]]
    #: Those codes whose end (too many wrong tries) was said.
    _code_end_said: set[tuple[str, str]]

    # ----------------------------------------------------------------- join codes

    async def invite(
        self,
        session_id: str,
        *,
        ttl: float = CODE_TTL,
        role: str = "member",
        language: str | None = None,
    ) -> Invitation:
        """Open a fresh join code of ``role`` for the session, in place of the one of that role.

        One code is read aloud to the whole table: it admits everyone who proves it (up to
        ``INVITATION_USES`` people) until it expires. The code it replaces stops working at
        once, so a code that was overheard or guessed at is done with by asking for a new one.
        A ``role`` "guest" code admits guests: they read and add evaluation notes only. A member
        code and a guest code may be open at the same time: each admits as its own role.
        The code's words are in ``language`` (the asker's: they read it aloud), else in the
        session's language.
        """
        from beraad.net.joincode import JoinCode

        session = self._session(session_id)
        if self.listener is None:
            raise NodeError(_("This node does not listen on the network, so nobody can join."))
        if role == "guest" and not admits_guests(session.fold.state):
            # The fold would refuse every guest it let in (naive s9 finding 3: the code was
            # read out, and the guest was the one to find out).
            raise NodeError(no_guest_code())
        state_language = getattr(getattr(session.fold.state, "info", None), "language", "en")
        words = language or state_language
        code = JoinCode.generate(
            language=words if words in ("en", "nl") else "en",
            taken=self.listener.invitations.taken(),
        )
        expires = time.time() + ttl
        replaced = session.invitations.get(role)
        if replaced is not None:
            with contextlib.suppress(JoinError):
                self.listener.close_admission(JoinCode.parse(replaced.code))
        # Wrong guesses are limited by the listener, per address and per code; each one is
        # reported to us, so the person who read the code out sees that someone tried.
        self.listener.open_admission(
            session_id,
            code,
            lambda request, s=session: self._admit(s, request, role),
            ttl=ttl,
            uses=INVITATION_USES,
            on_failed=lambda attempt, s=session: self._attempt_failed(s, attempt),
        )
        invitation = Invitation(session_id, str(code), expires, role)
        session.invitations[role] = invitation
        self._remember_code(session_id, role, invitation)
        await self._advertise(session)
        return invitation

    async def open_invitations(self, session_id: str) -> dict[str, Invitation]:
        """The session's join codes that still work, by role (async, as an attached node's)."""
        session, now = self._session(session_id), time.time()
        return {r: i for r, i in sorted(session.invitations.items()) if i.expires_at > now}

    async def close_invitation(self, session_id: str, role: str) -> bool:
        """Close the session's join code of ``role`` now; False when none was open."""
        from beraad.net.joincode import JoinCode

        session = self._session(session_id)
        invitation = session.invitations.pop(role, None)
        if invitation is None:
            return False
        self._remember_code(session_id, role, None)
        if self.listener is not None:
            with contextlib.suppress(JoinError):
                self.listener.close_admission(JoinCode.parse(invitation.code))
        await self._advertise(session)
        return True

    def _remember_code(self, session_id: str, role: str, invitation: Invitation | None) -> None:
        """Keep, on this device, which code was read out and until when: a code lives only
        while this node runs, and after a restart the person who read it out is told it no
        longer works (``codes_lost``)."""
        codes = dict(self.store.session_local(session_id).get(CODES_KEY) or {})
        if invitation is None:
            codes.pop(role, None)
        else:
            codes[role] = {"code": invitation.code, "until": int(invitation.expires_at * 1000)}
        self.store.set_session_local(session_id, {CODES_KEY: codes})

    def codes_lost(self, session_id: str) -> list[str]:
        """The join codes read out before this app last stopped that would still have been
        valid but died with it; said once (forgotten as they are returned)."""
        codes = self.store.session_local(session_id).get(CODES_KEY)
        if not isinstance(codes, dict) or not codes:
            return []
        session, now = self._session(session_id), time.time() * 1000
        open_now = {i.code for i in session.invitations.values()}
        lost = [
            str(c["code"])
            for _role, c in sorted(codes.items())
            if isinstance(c, dict)
            and isinstance(c.get("until"), int)
            and c["until"] > now
            and c.get("code") not in open_now
        ]
        kept = {r: c for r, c in codes.items() if isinstance(c, dict) and c.get("code") in open_now}
        self.store.set_session_local(session_id, {CODES_KEY: kept})
        return lost

    def code_burnt(self, session_id: str, role: str = "member") -> bool:
        """Does the session's current join code of ``role`` no longer work because of wrong
        guesses?

        Asked before opening a fresh code by itself: a late report about a code already
        replaced must not replace the fresh one as well."""
        from beraad.net.joincode import JoinCode

        session = self._session(session_id)
        invitation = session.invitations.get(role)
        if invitation is None or self.listener is None:
            return False
        invitations = self.listener.invitations
        code = JoinCode.parse(invitation.code)
        current = invitations.get(code.nameplate)
        return (
            current is not None
            and current.session == session_id
            and current.code == code
            and current.refusal(invitations.now()) == "burnt"
        )

    def _attempt_failed(self, session: HeldSession, attempt: FailedAttempt) -> None:
        """Someone used this session's code and did not prove it: say so, loudly enough."""
        if attempt.attempts_left:
            log.warning(
                "someone at %s tried a wrong join code for session %s (%s); %d tries left",
                attempt.host,
                session.id[:8],
                attempt.reason,
                attempt.attempts_left,
            )
        else:
            log.warning(
                "the join code of session %s no longer works after too many wrong tries; "
                "open a fresh one",
                session.id[:8],
            )
        role = next(
            (
                r
                for r, i in session.invitations.items()
                if i.code.split("-")[0] == str(attempt.nameplate)
            ),
            "member",
        )
        said = self._said(session, role, attempt)
        if said is not None:
            self._emit(said)

    def _said(
        self, session: HeldSession, role: str, attempt: FailedAttempt
    ) -> JoinAttemptFailed | None:
        """What a wrong try makes the facilitator see, if anything: the first try from its
        address while fewer than ``GUESSING_HOSTS`` addresses tried the code (a typo, a person
        or two), and the code's end, once, as guessing when that many did. The tries between
        are logged only: ten addresses burning a code queued 60 notices, and every fresh code
        burnt as many again (attack s12 #2)."""
        invitation = session.invitations.get(role)
        key = (session.id, invitation.code if invitation is not None else str(attempt.nameplate))
        tries = self._wrong_tries.setdefault(key, {})
        first_here = attempt.host not in tries
        tries[attempt.host] = tries.get(attempt.host, 0) + 1
        guessing = len(tries) >= GUESSING_HOSTS
        if attempt.attempts_left > 0 and not (first_here and not guessing):
            return None
        if attempt.attempts_left <= 0:
            if key in self._code_end_said:
                return None
            self._code_end_said.add(key)
        return JoinAttemptFailed(
            session.id, attempt.host, attempt.reason, attempt.attempts_left, role, guessing
        )

    async def _admit(self, session: HeldSession, request: Any, role: str = "member") -> Any:
        """Called after a joiner proved the code: write the signed admission."""
        from beraad.net.admission import AdmissionGrant
        from beraad.net.errors import AdmissionRefused

        if request.member not in session.fold_members():  # the fold's word, not the gate's
            # The joiner's hello is not a record: its name passed no text check yet.
            name = readable(request.name or "") or fingerprint(request.member)
            try:
                await self.contribute(
                    session.id, "member.admit", admit_body(request.member, name, role)
                )
            except NodeError as error:  # e.g. the disk is full: the joiner is told why
                raise AdmissionRefused(str(error)) from error
            self._joined_from_host(session, request.member, request.address[0])
            return AdmissionGrant({})
        # Already a member (a second device with the same key, a join again after a lost
        # group key): the group key again, no admission, and no place of the code's taken.
        # Each re-join took one, and 50 of them left nobody else a way in (attack s12 8).
        return AdmissionGrant({"already": True})

    def _joined_from_host(self, session: HeldSession, member: str, host: str) -> None:
        """Count who joined from ``host``; from the second person on, ask to check (a person
        with many keys counts many times; people sharing a host are not refused). Asked once
        the joiners from there have written nothing for ``OBSERVE_GRACE``: a projector joins
        as a member and says it only watches afterwards, and it is no person joining (naive
        s10 finding 3: Carla and her projector read as two joining)."""
        people = self._joined_from.setdefault((session.id, host), set())
        people.add(member)
        if len(people) > 1:
            self._check_joined_later(session.id, host)

    def _check_joined_later(self, session_id: str, host: str) -> None:
        key = (session_id, host)
        pending = self._joined_checks.pop(key, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self._joined_checks[key] = loop.call_later(OBSERVE_GRACE, self._check_joined, key)

    def _joiners_wrote(self, session: HeldSession, records: list[Any]) -> None:
        """A record by someone who just joined from a shared host: wait again before counting
        (their ``member.observe`` may follow their name)."""
        for (session_id, host), check in list(self._joined_checks.items()):
            people = self._joined_from.get((session_id, host), set())
            if session_id == session.id and any(r.author in people for r in records):
                check.cancel()
                self._check_joined_later(session_id, host)

    def _check_joined(self, key: tuple[str, str]) -> None:
        self._joined_checks.pop(key, None)
        session = self._sessions.get(key[0])
        if session is None or self._closing:
            return
        members = session.fold.state.members
        people = [
            m
            for m in self._joined_from.get(key, set())
            if not getattr(members.get(m), "observer", False)
        ]
        if len(people) > 1 and len(people) > self._joined_told.get(key, 1):
            self._joined_told[key] = len(people)
            log.info("%d people joined session %s from %s", len(people), key[0][:8], key[1])
            self._emit(JoinedFromOneAddress(key[0], key[1], len(people)))

    async def join(self, code: str, *, address: str | None = None, timeout: float = 15) -> str:
        """Join a session by its code; returns the session id once its records arrived."""
        from beraad.net.admission import join as admission_join
        from beraad.net.joincode import JoinCode

        parsed = JoinCode.parse(code)
        if address is not None:
            host, _sep, port_text = address.rpartition(":")
            host, port = host.strip("[]"), int(port_text)
            admission = await admission_join(
                host,
                port,
                str(parsed),
                identity=self.identity,
                name=self.display_name,
                timeout=timeout,
            )
        else:
            admission, host, port = await self._join_nearby(parsed, timeout)
        session_id = admission.session
        held = self._sessions.get(session_id)
        was_member = held is not None and self.identity.public_key in held.fold_members()
        self.store.set_session_local(
            session_id,
            {
                "group_key": admission.group_key.hex(),
                "peers": [f"{host}:{port}"],
                "vouched": [admission.admitter],
            },
        )
        session = self._sessions.get(session_id) or HeldSession(
            id=session_id,
            group_key=admission.group_key,
            replica=Replica(session_id, fold_admits=True),
            fold=Fold(new_reducer()),
        )
        session.group_key = admission.group_key  # a session held from a bundle becomes live
        session.vouched.add(admission.admitter)
        self._sessions[session_id] = session
        self._serve_session(session)
        await self._advertise(session)
        session.addresses.add((host, port))
        self._redial()
        await self._until_in(session, timeout)
        if not was_member:  # a re-join writes no name again (attack s12 finding 8)
            with contextlib.suppress(NodeError):
                await self.contribute(session_id, "member.name", {"name": self.display_name})
        self._emit(SessionJoined(session_id))
        return session_id

    async def _until_in(self, session: HeldSession, stall: float) -> None:
        """Wait until the fold admits me: as long as the session's records keep coming in,
        and at most ``stall`` seconds without any. Admitted, a large session still has to
        come over and fold before its admit does: a fixed 15 s wait ended a projector's join
        of 5,000 contributions with a bare "TimeoutError" on screen (naive s11 F4)."""
        me = self.identity.public_key

        def held() -> tuple[int, int]:
            return sum(session.replica.frontier().values()), int(session.fold.version)

        while me not in session.fold_members():
            before = held()
            try:
                await self.wait_for(
                    lambda before=before: me in session.fold_members() or held() != before,
                    stall,
                )
            except TimeoutError:
                raise NodeError(
                    _(
                        "You were let in, but the deliberation's records stopped coming in "
                        "before it was complete here. It shows in your list once they arrive; "
                        "stay on this network, or try again."
                    )
                ) from None

    async def _join_nearby(self, code: Any, timeout: float) -> tuple[Any, str, int]:
        """Join by ``code`` at whichever nearby peer proves it: every address whose adverts offer
        its number is tried (those with the fewest adverts first), since any machine on the
        network can advertise any session and number and answer "burnt" before any SPAKE2:
        trying only the first advert let an outsider's 13 adverts fail every join by code, with
        no word to the facilitator (attack s12, join hijack). Only the real admitter can finish
        SPAKE2 with the code; a wrong code costs one guess there, as before."""
        from beraad.net.admission import join as admission_join

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        tried: set[tuple[str, int]] = set()
        answers: list[JoinError] = []
        while (left := deadline - loop.time()) > 0:
            wait = left if not tried else min(left, NEARBY_GRACE)
            fresh = await self._find_nameplate(code.nameplate, wait, tried)
            if not fresh:
                break
            for n, (host, port) in enumerate(fresh):
                tried.add((host, port))
                left = max(1.0, deadline - loop.time())
                try:
                    admission = await admission_join(
                        host,
                        port,
                        str(code),
                        identity=self.identity,
                        name=self.display_name,
                        timeout=left if n == len(fresh) - 1 else min(left, ADMITTER_TRY),
                    )
                except JoinError as error:
                    log.info("join by code at %s:%d failed: %s", host, port, error)
                    answers.append(error)
                    continue
                return admission, host, port
        if not answers:
            raise NodeError(
                _("No session with code number {number} was found nearby.").format(
                    number=code.nameplate
                )
            )
        raise _most_telling(answers, len(tried), code.nameplate)

    async def _find_nameplate(
        self, nameplate: int, timeout: float, tried: Collection[tuple[str, int]] = ()
    ) -> list[tuple[str, int]]:
        """The addresses not ``tried`` whose adverts offer ``nameplate``, those with the fewest
        adverts in the table first (the real admitter advertises its sessions; a hijacker one
        per run of numbers); waits up to ``timeout`` for one. None found: [] after a try, an
        error before."""
        if self.discovery is None:
            raise NodeError(_("Nobody nearby can be found without discovery; give an address."))

        def offering(entries: list[Any]) -> list[tuple[str, int]]:
            return [
                (e.host, e.port)
                for e in entries
                if e.offers(nameplate) and (e.host, e.port) not in tried
            ]

        try:
            found = await self.discovery.wait_for(lambda entries: bool(offering(entries)), timeout)
        except TimeoutError as error:
            if tried:
                return []
            raise NodeError(
                _("No session with code number {number} was found nearby.").format(number=nameplate)
            ) from error
        adverts = Counter((e.host, e.port) for e in found)
        return sorted(dict.fromkeys(offering(found)), key=lambda where: adverts[where])


def _most_telling(answers: list[JoinError], tried: int, nameplate: int) -> JoinError:
    """Of the answers every nearby address gave, the one to show: a wrong code (said after a
    SPAKE2 exchange) before a refusal said before one; when several machines answered, that is
    said too (any of them may be an outsider's)."""
    from beraad.net.errors import TooManyAttempts, WrongCode

    rank = {WrongCode: 0, TooManyAttempts: 1}
    best = min(answers, key=lambda e: next((r for t, r in rank.items() if isinstance(e, t)), 2))
    if tried > 1:
        several = _(
            "Several machines on this network answer for code number {number}; none let you in."
        ).format(number=nameplate)
        best.args = (f"{best} {several}",)
    return best
