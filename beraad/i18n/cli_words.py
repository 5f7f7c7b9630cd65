"""argparse's own words (``usage:``, ``options:``, its errors) in the user's language.

argparse looks up ``argparse._`` and ``argparse.ngettext`` each time it formats, so pointing them
at our catalogs translates its help and errors without a second translation system. The strings
below are argparse's (Python 3.11–3.13), marked here so the catalogs must carry them.
"""

from __future__ import annotations

import argparse

from beraad.i18n import N_, _, ngettext

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def _argparse_plural(singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count)


def translate_argparse() -> None:
    """Route argparse's strings through our catalogs (current language at format time)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_plural  # type: ignore[attr-defined]


def _plurals_marked() -> None:
    """argparse's plural strings, written out so the catalogs must carry them (never called)."""
    ngettext("expected %s argument", "expected %s arguments", 2)
