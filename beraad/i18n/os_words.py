"""Why the operating system refused, in the user's language.

``strerror`` is always English ("No such file or directory"); a Dutch sentence around it read as
half a translation. The errors people meet with files get our own words; rarer ones keep the
system's text.
"""

from __future__ import annotations

import errno

from beraad.i18n import N_, _

REASONS: dict[int, str] = {
    errno.ENOENT: N_("that folder or file does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EISDIR: N_("that is a folder, not a file"),
    errno.ENOTDIR: N_("part of that path is not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def os_reason(error: BaseException) -> str:
    """The reason of an ``OSError`` in the current language (the system's text otherwise)."""
    code = getattr(error, "errno", None)
    if code in REASONS:
        return _(REASONS[code])
    return getattr(error, "strerror", None) or str(error)
