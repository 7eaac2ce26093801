#!/usr/bin/env python3
"""Refresh the gettext catalogs of the non-Qt side (services, PDFs, e-mails, CLI) and compile them.

    python scripts/update_catalogs.py            # extract, update the .po files, compile the .mo files
    python scripts/update_catalogs.py --check    # also fail (exit 1) while a message lacks French

1. Babel extracts every `_()`, `ngettext()`, `pgettext()`, `N_()` and `lazy_gettext()` string from the
   sources listed in babel.cfg (dealercrm/ without the Qt widgets, which use Qt's .ts) into a template.
2. Each `dealercrm/resources/locale/<lang>/LC_MESSAGES/dealercrm.po` is updated from it (the same as
   `pybabel update`): translations kept, new messages empty, changed ones fuzzy, gone ones dropped.
3. Translate the empty and fuzzy ones (a text editor or Poedit), run the script again.
4. The .po files are compiled to the .mo files beside them, which are committed and ship in the
   package (and the PyInstaller bundle: installer/dealercrm.spec collects dealercrm/resources).

The same can be done by hand:
`pybabel extract -F babel.cfg -k lazy_gettext -k NC_:1c,2 -o /tmp/dealercrm.pot .`,
`pybabel update -i /tmp/dealercrm.pot -d dealercrm/resources/locale -D dealercrm --no-fuzzy-matching
--ignore-obsolete`, `pybabel compile -d dealercrm/resources/locale -D dealercrm`.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "dealercrm" / "resources" / "locale"
DOMAIN = "dealercrm"
LANGUAGES = ("fr",)  # English is the source language
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "NC_": ((1, "c"), 2)}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """The template: every message the sources mark, with where it comes from."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    template = Catalog(project="dealercrm", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}  # gettext's French rule (CLDR's adds a 3rd form)


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        catalog = Catalog(
            locale=language, domain=DOMAIN, project="dealercrm", version="", fuzzy=False,
            language_team=f"{language} <dealercrm>", last_translator="dealercrm",
        )  # fmt: skip
        catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", PLURAL_FORMS[language])]
        return catalog
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def updated(language: str, template: Catalog) -> Catalog:
    catalog = read(language)
    template.creation_date = catalog.creation_date  # no header churn when nothing changed
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=110, sort_output=False, omit_header=False, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def missing(catalog: Catalog) -> list[str]:
    """Messages with no translation, or a fuzzy one (a guess nobody checked)."""
    result = []
    for message in catalog:
        if not message.id:
            continue
        strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy or not all(str(s or "").strip() for s in strings):
            result.append(message.id if isinstance(message.id, str) else message.id[0])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[1])
    parser.add_argument("--check", action="store_true", help="exit 1 if a message is not translated")
    parser.add_argument("--no-update", action="store_true", help="only compile the .po files as they are")
    args = parser.parse_args(argv)
    template = None if args.no_update else extract()
    status = 0
    for language in LANGUAGES:
        catalog = read(language) if template is None else updated(language, template)
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        if template is not None:
            po_path(language).write_bytes(po_bytes(catalog))
        catalog = read(language)  # as written (line numbers, order)
        mo_path(language).write_bytes(mo_bytes(catalog))
        gaps = missing(catalog)
        for message in gaps:
            print(f"untranslated ({language}): {message}")
        if gaps:
            print(f"{len(gaps)} message(s) still need {language} in {po_path(language).relative_to(ROOT)}")
            status = 1 if args.check else status
    return status


if __name__ == "__main__":
    raise SystemExit(main())
