"""The person's identity on disk: an Ed25519 key (mode 0600) and a display name.

A key that cannot be read is never silently replaced: replacing it would make the person a
stranger to every group they belong to. The error says which file and what to do.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

from beraad.core.identity import Identity
from beraad.i18n import LANGUAGES, _
from beraad.i18n.os_words import os_reason
from beraad.readable import readable
from beraad.regular_file import read_regular

KEY_FILE = "identity.pem"
PROFILE_FILE = "profile.json"
MAX_NAME_LENGTH = 60
# Far above what beraad writes (a PEM key is ~120 bytes, a profile ~200): /dev/zero or a
# huge file in their place is refused in words instead of read until memory runs out
# (attack s13 finding 6).
MAX_KEY_BYTES = 64 * 1024
MAX_PROFILE_BYTES = 64 * 1024


class IdentityFileError(Exception):
    """The key or profile file exists but cannot be used."""


@dataclass(frozen=True, slots=True)
class Profile:
    identity: Identity
    display_name: str
    language: str | None
    created: bool
    chosen: bool = False
    """True once the person chose their display name (the app's first run is then done)."""


def clean_name(name: str) -> str:
    """A display name as people see it: one line, trimmed, not empty, not too long, nothing a
    terminal acts on and no bidirectional override (the record checks refuse them)."""
    cleaned = readable(name)[:MAX_NAME_LENGTH].strip()
    if not cleaned:
        raise ValueError(_("A display name cannot be empty."))
    return cleaned


def _default_name() -> str:
    try:
        return clean_name(getpass.getuser())
    except (KeyError, OSError, ValueError):
        return "beraad"


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 from the start, durably, via a temp file and rename."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _load_key(path: Path) -> Identity:
    try:
        data = read_regular(path, MAX_KEY_BYTES)
    except OSError as error:
        raise IdentityFileError(
            _("Cannot read your key file {path}: {error}").format(path=path, error=os_reason(error))
        ) from error
    try:
        return Identity.from_pem(data)
    except ValueError as error:
        raise IdentityFileError(
            _(
                "Your key file {path} is damaged and cannot be read. It was left as it is; "
                "restore it from a backup, or move it away to start with a new identity."
            ).format(path=path)
        ) from error


def _load_profile(path: Path) -> dict[str, object]:
    if not path.exists():
        return {}
    try:
        text = read_regular(path, MAX_PROFILE_BYTES).decode("utf-8")
    except OSError as error:
        raise IdentityFileError(
            _("Cannot read your profile {path}: {error}").format(path=path, error=os_reason(error))
        ) from error
    except ValueError as error:
        raise IdentityFileError(
            _("Your profile {path} is damaged: {error}").format(path=path, error=error)
        ) from error
    try:
        data = json.loads(text)
    except ValueError as error:
        raise IdentityFileError(
            _("Your profile {path} is damaged: {error}").format(path=path, error=error)
        ) from error
    except RecursionError as error:  # nested deeper than Python's JSON reader follows
        raise IdentityFileError(_("Your profile {path} is damaged.").format(path=path)) from error
    if not isinstance(data, dict):
        raise IdentityFileError(_("Your profile {path} is damaged.").format(path=path))
    return data


def save_profile(
    data_dir: Path, display_name: str, language: str | None = None, *, chosen: bool | None = None
) -> None:
    """Write the profile; ``chosen=None`` keeps whatever the file said about the first run."""
    payload: dict[str, object] = {"display_name": clean_name(display_name)}
    if language:
        payload["language"] = language
    if chosen is None:
        try:
            chosen = _load_profile(data_dir / PROFILE_FILE).get("chosen") is True
        except IdentityFileError:
            chosen = False
    if chosen:
        payload["chosen"] = True
    _write_private(
        data_dir / PROFILE_FILE, json.dumps(payload, ensure_ascii=False, indent=1).encode()
    )


def profile_language(data_dir: Path) -> str | None:
    """The language kept in ``data_dir``'s profile, if there is one that can be read; nothing
    is created or said (a command that needs no identity only follows the choice)."""
    try:
        language = _load_profile(data_dir / PROFILE_FILE).get("language")
    except (IdentityFileError, OSError):
        return None
    return language if language in LANGUAGES else None


def load_or_create(data_dir: Path) -> Profile:
    """Load the identity in ``data_dir``, creating key and profile on first use."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_path = data_dir / KEY_FILE
    created = False
    if key_path.exists():
        identity = _load_key(key_path)
    else:
        identity = Identity.generate()
        _write_private(key_path, identity.to_pem())
        created = True
    profile = _load_profile(data_dir / PROFILE_FILE)
    name = profile.get("display_name")
    language = profile.get("language")
    if isinstance(name, str):
        # The file is anyone's to edit: what a terminal would act on (escape sequences) or a
        # name past the limit every peer checks would reach the screen, the records and joins.
        try:
            name = clean_name(name)
        except ValueError:
            name = None
    if not isinstance(name, str):
        name = _default_name()
        save_profile(data_dir, name, language if isinstance(language, str) else None)
    return Profile(
        identity=identity,
        display_name=name,
        language=language if isinstance(language, str) else None,
        created=created,
        chosen=profile.get("chosen") is True,
    )
