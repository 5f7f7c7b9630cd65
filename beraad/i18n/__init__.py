"""Dutch and English for every user-visible string.

The catalogs are gettext ``.po`` files (``nl.po``, ``en.po``) beside this module; they are read
directly, so no compile step is needed and a translator edits one plain file. English msgids are
the source; ``_()`` returns the text in the current language and falls back to the msgid.
Placeholders use ``str.format`` names: ``_("Hello {name}").format(name=...)``.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
CATALOG_DIR = Path(__file__).parent
ENV_LANG = "BERAAD_LANG"

_current = DEFAULT_LANGUAGE


class CatalogError(ValueError):
    """A .po file cannot be read."""


#: Joins the forms of a plural entry into one catalog key and one value (gettext's own NUL).
PLURAL = "\x00"


def parse_po(text: str, name: str = "catalog") -> dict[str, str]:
    """Read msgid/msgstr pairs from .po text (comments, multi-line strings, plurals).

    A plural entry (``msgid_plural``, ``msgstr[0]``, ``msgstr[1]``) is kept under the key
    ``singular + PLURAL + plural`` with its forms joined the same way."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    target: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            value = "".join(msgstr)
            if key:
                entries[key] = value if value.replace(PLURAL, "") else ""  # no form: missing

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if line.startswith("msgid "):
                flush()
                msgid, msgstr = [ast.literal_eval(line[6:])], None
                target = msgid
            elif line.startswith("msgid_plural ") and msgid is not None:
                msgid.extend([PLURAL, ast.literal_eval(line[13:])])
                target = msgid
            elif line.startswith("msgstr[") and msgid is not None:
                index, _sep, rest = line[7:].partition("] ")
                form = ast.literal_eval(rest)
                if index == "0" or msgstr is None:
                    msgstr = [form]
                else:
                    msgstr.extend([PLURAL, form])
                target = msgstr
            elif line.startswith("msgstr "):
                msgstr = [ast.literal_eval(line[7:])]
                target = msgstr
            elif line.startswith('"') and target is not None:
                target.append(ast.literal_eval(line))
            else:
                raise CatalogError(f"{name}:{number}: cannot read {line[:40]!r}")
        except (SyntaxError, ValueError) as error:
            raise CatalogError(f"{name}:{number}: {error}") from error
    flush()
    return entries


@cache
def catalog(language: str) -> dict[str, str]:
    path = CATALOG_DIR / f"{language}.po"
    if not path.exists():
        return {}
    return parse_po(path.read_text(encoding="utf-8"), path.name)


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """``BERAAD_LANG``, else the locale as gettext reads it, else English."""
    env = os.environ if environ is None else environ
    for name in (ENV_LANG, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        code = value.split(":")[0][:2].lower()
        if not value or value.split(".")[0] in ("C", "POSIX"):
            continue
        return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def explicit_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language ``BERAAD_LANG`` asks for (``en``/``nl``), else None: set for this start,
    it wins over the language remembered from the welcome screen (``--lang`` wins over both)."""
    env = os.environ if environ is None else environ
    code = env.get(ENV_LANG, "").split(":")[0][:2].lower()
    return code if code in LANGUAGES else None


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {LANGUAGES}")
    _current = language


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return catalog(_current).get(message) or message


def translate(message: str, language: str) -> str:
    """Translate into a given language, whatever the current one is."""
    return catalog(language).get(message) or message


def anew(text: str) -> str:
    """``text``, said in one of the languages, in the current one: for words a widget was
    given before a language switch (a box's prompt while it asks for an edit). Words no
    catalog holds whole (a prompt quoting a knot) stay as they were."""
    for language in LANGUAGES:
        for message, said in catalog(language).items():
            if text in (said, message) and PLURAL not in message:
                return _(message)
    return text


def decimal(value: Any, language: str, places: int = 2, exact: bool = False) -> str:
    """An exact number for people: ``5``, ``5.67`` (Dutch ``5,67``), or with ``exact``
    ``17/3 ≈ 5.67``. Integers and fractions only: records never hold floats."""
    if value is None:
        return "–"
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    scaled = round(number * 10**places)
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), 10**places)
    shown = f"{sign}{whole}{',' if language == 'nl' else '.'}{part:0{places}d}"
    return f"{number.numerator}/{number.denominator} ≈ {shown}" if exact else shown


def render(sentence: Any, language: str, *, exact: bool = False) -> str:
    """A core ``Sentence`` in ``language``: its template, terms and numbers all shown there."""
    from beraad.core.explain import Counted, Term

    def show(value: Any) -> Any:
        if isinstance(value, Term):
            return translate(value, language)
        if isinstance(value, Counted):
            found = catalog(language).get(value.singular + PLURAL + value.plural, "")
            forms = found.split(PLURAL) if found else [value.singular, value.plural]
            form = forms[0] if value.count == 1 or len(forms) < 2 else forms[1]
            return form.format(count=value.count, **{k: show(v) for k, v in value.params.items()})
        if isinstance(value, Fraction):
            return decimal(value, language, exact=exact)
        return value

    params = {key: show(value) for key, value in sentence.params.items()}
    return translate(sentence.template, language).format(**params)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` in the current language (English and Dutch: one, or more)."""
    found = catalog(_current).get(singular + PLURAL + plural, "")
    forms = found.split(PLURAL) if found else [singular, plural]
    return forms[0] if count == 1 or len(forms) < 2 else forms[1]


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it where it is shown."""
    return message
