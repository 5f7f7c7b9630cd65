"""Find every translatable string in beraad and keep the catalogs in step.

``python -m beraad.i18n.extract`` adds missing msgids to ``nl.po`` and ``en.po`` (English gets
its msgid as msgstr; Dutch gets an empty msgstr to fill in) and lists what is still untranslated.
The test suite uses ``messages()`` to fail when a catalog misses a string.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from beraad.i18n import CATALOG_DIR, LANGUAGES, PLURAL, parse_po

PACKAGE = CATALOG_DIR.parent
MARKERS = {"_", "N_", "translate"}


def messages(package: Path = PACKAGE) -> dict[str, str]:
    """msgid → first place of use, for each literal given to ``_``, ``N_`` or ``translate``."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                where = f"{path.relative_to(package.parent)}:{node.lineno}"
                found.setdefault(node.args[0].value, where)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ngettext"
                and len(node.args) >= 2
                and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]
                )
            ):
                where = f"{path.relative_to(package.parent)}:{node.lineno}"
                forms = [a.value for a in node.args[:2]]  # type: ignore[union-attr]
                found.setdefault(PLURAL.join(forms), where)
    return found


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _entry(where: str, msgid: str, msgstr: str) -> str:
    """One catalog entry; a plural one with ``msgid_plural`` and ``msgstr[n]``."""
    if PLURAL not in msgid:
        return f"\n#: {where}\nmsgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n"
    singular, plural = msgid.split(PLURAL, 1)
    forms = msgstr.split(PLURAL) if msgstr else ["", ""]
    lines = [f"\n#: {where}", f"msgid {_quote(singular)}", f"msgid_plural {_quote(plural)}"]
    lines += [f"msgstr[{n}] {_quote(form)}" for n, form in enumerate(forms)]
    return "\n".join(lines) + "\n"


def update(language: str) -> list[str]:
    """Append missing msgids to the catalog; return those without a translation."""
    path = CATALOG_DIR / f"{language}.po"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    known = parse_po(text, path.name) if text else {}
    additions = []
    for msgid, where in messages().items():
        if msgid not in known:
            msgstr = msgid if language == "en" else ""
            additions.append(_entry(where, msgid, msgstr))
    if additions:
        path.write_text(text + "".join(additions), encoding="utf-8")
    catalog = parse_po(path.read_text(encoding="utf-8"), path.name)
    return [m for m in messages() if not catalog.get(m)]


def fill(language: str, translations: dict[str, str]) -> None:
    """Set msgstr for the given msgids (the catalog is rewritten in msgid order of use)."""
    update(language)
    path = CATALOG_DIR / f"{language}.po"
    catalog = parse_po(path.read_text(encoding="utf-8"), path.name)
    catalog.update(translations)
    used = messages()
    lines = [f"# beraad — {language} catalog. Edit msgstr; run python -m beraad.i18n.extract.\n"]
    for msgid in [*used, *sorted(set(catalog) - set(used))]:
        where = used.get(msgid, "unused")
        lines.append(_entry(where, msgid, catalog.get(msgid, "")))
    path.write_text("".join(lines), encoding="utf-8")


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--fill":
        # python -m beraad.i18n.extract --fill nl translations.json
        fill(sys.argv[2], json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")))
    missing = 0
    for language in LANGUAGES:
        for msgid in update(language):
            print(f"{language}: untranslated: {msgid!r}")
            missing += 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
