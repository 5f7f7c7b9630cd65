"""What every subcommand needs: the data dir, the identity, and errors in the user's language."""

from __future__ import annotations

import argparse
import sys

from beraad.i18n import _, explicit_language, ngettext, set_language
from beraad.i18n.os_words import os_reason
from beraad.identity_file import IdentityFileError, Profile, load_or_create, profile_language
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
                path=data_dir(args.data_dir), error=os_reason(error)
            )
        )
    if profile.language and not args.lang and not explicit_language():
        # the choice made at the welcome screen, unless this start says otherwise
        set_language(profile.language)
    return profile


def use_profile_language(args: argparse.Namespace) -> None:
    """The language chosen at the welcome screen, for a command that needs no identity
    (``verify``): read when a profile is there, nothing created (attack s17 #4: verify spoke
    the locale's language while ``state`` and ``export`` spoke the profile's)."""
    if args.lang or explicit_language():
        return
    language = profile_language(data_dir(args.data_dir))
    if language:
        set_language(language)


#: Problems printed before "and N more" (the count is always given).
SHOWN = 40


def print_listed(heading: str, problems: list) -> None:
    """A heading, then each problem as ``[code] message``, at most ``SHOWN`` of them."""
    if not problems:
        return
    print(heading)
    for problem in problems[:SHOWN]:
        print(f"  [{problem.code}] {problem.message}")
    if len(problems) > SHOWN:
        print(_("  … and {n} more").format(n=len(problems) - SHOWN))


def print_refused(report) -> None:
    """What the deliberation rules refuse in a bundle, as verify and import both say it."""
    # Only "rules" notes are refused records: a fork's note stands for every record its
    # author wrote from there, a "kept" note for a record that still counts, and the
    # exporter's for nobody's record, so counting them all as refused records said too many.
    refused = [p for p in report.refused_by_rules if p.code == "rules"]
    after = [p for p in report.refused_by_rules if p.code == "after-gap"]
    aside = [p for p in report.refused_by_rules if p.code not in ("rules", "after-gap")]
    print_listed(
        ngettext(
            "{n} record refused by the deliberation rules (as on every peer)",
            "{n} records refused by the deliberation rules (as on every peer)",
            len(refused),
        ).format(n=len(refused)),
        refused,
    )
    # With a record missing from the bundle, these may count on a peer that holds it: not
    # the group's refusals (naive s16 N2).
    print_listed(
        ngettext(
            "{n} record refused as this bundle stands, where a record it may rest on is "
            "missing (on a peer that holds that record it may count)",
            "{n} records refused as this bundle stands, where a record they may rest on is "
            "missing (on a peer that holds that record they may count)",
            len(after),
        ).format(n=len(after)),
        after,
    )
    print_listed(_("Set aside by the deliberation rules, and what still counts:"), aside)
    print_listed(
        ngettext(
            "Warning: {n} decision was signed by someone who may decide, but the votes do not "
            "carry it; every peer refuses it, so it decides nothing",
            "Warning: {n} decisions were signed by someone who may decide, but the votes do not "
            "carry them; every peer refuses them, so they decide nothing",
            len(report.false_claims),
        ).format(n=len(report.false_claims)),
        report.false_claims,
    )


def fail(message: str, code: int = 2) -> None:
    print(f"beraad: {message}", file=sys.stderr)
    raise SystemExit(code)


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """Where to listen and whom to reach; shared by the app and the keeper.

    Defaults are suppressed so that ``beraad --peer X keeper`` and ``beraad keeper --peer X``
    both work without one parser's default overwriting the other's value.
    """
    parser.add_argument(
        "--host",
        default=argparse.SUPPRESS,
        metavar=_("HOST"),
        help=_("address to listen on (default: all)"),
    )
    parser.add_argument(
        "--port",
        type=int,
        default=argparse.SUPPRESS,
        metavar=_("PORT"),
        help=_("port to listen on (0: any)"),
    )
    parser.add_argument(
        "--peer",
        action="append",
        default=argparse.SUPPRESS,
        metavar=_("HOST:PORT"),
        help=_("also connect to this peer (where multicast does not reach); may be repeated"),
    )
    parser.add_argument(
        "--no-discovery",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("do not look for peers with mDNS"),
    )


def network_options(args: argparse.Namespace) -> dict[str, object]:
    """The Node.open keyword arguments the network options ask for."""
    return {
        "host": getattr(args, "host", "0.0.0.0"),
        "port": getattr(args, "port", 0),
        "peers": list(getattr(args, "peer", [])),
        "discovery": not getattr(args, "no_discovery", False),
    }
