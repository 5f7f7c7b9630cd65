"""What every subcommand needs: the data dir, the identity, and errors in the user's language."""

from __future__ import annotations

import argparse
import sys

from beraad.i18n import _, set_language
from beraad.identity_file import IdentityFileError, Profile, load_or_create
from beraad.paths import data_dir


def open_profile(args: argparse.Namespace) -> Profile:
    """Load (or on first use create) the identity; prints a clear error and exits on failure."""
    try:
        profile = load_or_create(data_dir(args.data_dir))
    except IdentityFileError as error:
        fail(str(error))
    except OSError as error:
        fail(
            _("Cannot use the data dir {path}: {error}").format(
                path=data_dir(args.data_dir), error=error.strerror or error
            )
        )
    if profile.language and not args.lang:
        set_language(profile.language)
    return profile


def fail(message: str, code: int = 2) -> None:
    print(f"beraad: {message}", file=sys.stderr)
    raise SystemExit(code)
