#!/usr/bin/env python3
"""Refresh the French translation source and compile it.

    python scripts/update_translations.py            # every .py under dealercrm/ui, plus dealercrm/app.py
    python scripts/update_translations.py --check    # also fail (exit 1) while a message lacks French
    python scripts/update_translations.py --files dealercrm/ui/login_dialog.py ...   # only these sources

1. `pyside6-lupdate` collects every `self.tr(...)`, `QCoreApplication.translate(...)` and
   `QT_TRANSLATE_NOOP(...)` string into resources/i18n/dealercrm_fr.ts. Translations already there are
   kept; strings that left the code are dropped (-no-obsolete); new ones are marked unfinished.
2. Translate the unfinished ones with Qt Linguist (`pyside6-linguist resources/i18n/dealercrm_fr.ts`)
   or in a text editor, then run this script again.
3. `pyside6-lrelease` compiles the .ts into dealercrm/resources/i18n/dealercrm_fr.qm, which ships in
   the package and is loaded at start-up.
4. English is the source language, but a `%n` message needs its English plural forms ("1 contact",
   "2 contacts"): `lupdate -pluralonly` collects those into resources/i18n/dealercrm_en.ts, whose forms
   are written here from the source ("contact(s)" -> "contact" / "contacts"; IRREGULAR for the rest),
   and compiled to dealercrm_en.qm, loaded for English users.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "dealercrm_fr.ts"
QM = ROOT / "dealercrm" / "resources" / "i18n" / "dealercrm_fr.qm"
EN_TS = ROOT / "resources" / "i18n" / "dealercrm_en.ts"
EN_QM = ROOT / "dealercrm" / "resources" / "i18n" / "dealercrm_en.qm"
# English plurals that are not the singular plus "s".
IRREGULAR = {"salesperson": "salespeople", "person": "people"}
_MAYBE_PLURAL = re.compile(r"(\w+)\(s\)")


def sources() -> list[Path]:
    """Every Python file whose strings the user may see."""
    files = sorted((ROOT / "dealercrm" / "ui").rglob("*.py"))
    return [ROOT / "dealercrm" / "app.py", *(f for f in files if "__pycache__" not in f.parts)]


def tool(name: str) -> str:
    """The PySide6 tool beside this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def unfinished(ts: Path = TS) -> list[tuple[str, str]]:
    """(context, source) of every message still without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            text = "".join(translation.itertext()) if translation is not None else ""
            if kind == "unfinished" or not text.strip():
                missing.append((name, message.findtext("source", "")))
    return missing


def english_forms(source: str) -> tuple[str, str]:
    """ "%n contact(s) changed" -> ("%n contact changed", "%n contacts changed")."""
    singular = _MAYBE_PLURAL.sub(lambda m: m.group(1), source)
    plural = _MAYBE_PLURAL.sub(lambda m: IRREGULAR.get(m.group(1), m.group(1) + "s"), source)
    return singular, plural


def fill_english(ts: Path = EN_TS) -> None:
    """Write the English singular and plural of every `%n` message of `ts`."""
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        singular, plural = english_forms(message.findtext("source", ""))
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        for form in (singular, plural):
            ET.SubElement(translation, "numerusform").text = form
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", type=Path, help="only these source files (default: all)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a message is not translated")
    parser.add_argument("--no-update", action="store_true", help="only compile the .ts as it is")
    args = parser.parse_args(argv)

    TS.parent.mkdir(parents=True, exist_ok=True)
    QM.parent.mkdir(parents=True, exist_ok=True)
    if not args.no_update:
        files = [f.resolve() for f in args.files] if args.files else sources()
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *(str(f.relative_to(ROOT)) for f in files),
                "-ts",
                str(TS.relative_to(ROOT)),
                "-no-obsolete",
                "-locations",
                "relative",
                "-target-language",
                "fr_FR",
                "-source-language",
                "en_GB",
            ],
            cwd=ROOT,
            check=True,
        )
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    if not args.no_update:
        files = [f.resolve() for f in args.files] if args.files else sources()
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *(str(f.relative_to(ROOT)) for f in files),
                "-ts",
                str(EN_TS.relative_to(ROOT)),
                "-pluralonly",
                "-no-obsolete",
                "-locations",
                "none",
                "-target-language",
                "en_GB",
                "-source-language",
                "en_GB",
            ],
            cwd=ROOT,
            check=True,
        )
        fill_english()
    subprocess.run([tool("pyside6-lrelease"), str(EN_TS), "-qm", str(EN_QM)], cwd=ROOT, check=True)
    missing = unfinished()
    for context, source in missing:
        print(f"untranslated: [{context}] {source}")
    if missing:
        print(f"{len(missing)} message(s) still need French in {TS.relative_to(ROOT)}")
    return 1 if missing and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
