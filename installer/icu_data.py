"""A smaller ICU data library for the bundle: Qt's libicudata.so.NN (32 MB) with the data of French,
English and the root locale only.

    python installer/icu_data.py PySide6/Qt/lib/libicudata.so.73 OUT_DIR    # prints the new library's path

Qt uses ICU for QCollator (the lists sort names with it: dealercrm/ui/formatting.py), locale-aware
case mapping, time-zone names and legacy text codecs. libicudata holds ICU's data for every locale
(collation, names of languages, regions, currencies, units and zones, number spell-out), the
dictionaries that break Chinese, Japanese, Thai, Lao, Khmer and Burmese text into words, the
transliterators and some 170 legacy converters. Kept: everything that is not one locale's (Unicode
properties, normalisation, break rules, root collation, time zones, plurals, aliases...), the locales
root, fr* and en*, and the single-byte converters (ISO 8859, Windows, DOS and Mac code pages). Left out:
the other locales (ICU falls back to root for them, e.g. root collation for QCollator(de_DE)), the
word-break dictionaries, transliteration and the multi-byte (CJK) converters.

How: the data package is cut out of the library (the symbol icudtNN_dat), items are removed with
ICU's own `icupkg` (Debian: icu-devtools; it checks that no kept item depends on a removed one), and
the result is linked into a new libicudata.so.NN exporting the same symbol (needs a C compiler).
The data format does not depend on ICU's version, so Debian's icupkg handles Qt's ICU data.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

KEPT_LANGUAGES = ("fr", "en")
# Locale-like item names that are not a locale's data.
NOT_LOCALES = {"res_index", "pool", "root"}
LARGEST_CONVERTER = 16 * 1024  # single-byte code pages are 1-8 KB; CJK tables 50-550 KB


def _is_locale(stem: str) -> bool:
    return stem not in NOT_LOCALES and re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]*)*", stem) is not None


def removed_items(items: dict[str, int]) -> list[str]:
    """The items (name -> size) left out of the package."""
    gone = []
    for name, size in items.items():
        folder, _, file = name.rpartition("/")
        stem, _, ext = file.partition(".")
        if ext == "res" and _is_locale(stem) and stem.split("_")[0] not in KEPT_LANGUAGES:
            gone.append(name)
        elif ext == "dict" and folder == "brkitr":
            gone.append(name)
        elif folder == "translit":
            gone.append(name)
        elif ext == "cnv" and size > LARGEST_CONVERTER:
            gone.append(name)
    return gone


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat symbol."""
    symbols = subprocess.run(["readelf", "-sW", str(library)], capture_output=True, text=True, check=True)
    match = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)\b",
        symbols.stdout,
    )
    if not match:
        raise SystemExit(f"icu_data.py: no icudtNN_dat symbol in {library}")
    address, size, section, name = (
        int(match.group(1), 16),
        int(match.group(2), 0),
        int(match.group(3)),
        match.group(4),
    )
    sections = subprocess.run(["readelf", "-SW", str(library)], capture_output=True, text=True, check=True)
    for line in sections.stdout.splitlines():
        cols = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if cols and int(cols.group(1)) == section:
            return name, address - int(cols.group(3), 16) + int(cols.group(4), 16), size
    raise SystemExit(f"icu_data.py: section {section} of {library} not found")


def trim(library: Path, work: Path) -> Path:
    """A copy of `library` (libicudata.so.NN) with the data above only, in `work`."""
    for tool in ("icupkg", "readelf"):
        if not shutil.which(tool):
            raise SystemExit(f"icu_data.py: {tool} is needed (Debian: apt-get install icu-devtools binutils)")
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        raise SystemExit("icu_data.py: a C compiler is needed (Debian: apt-get install gcc)")
    work.mkdir(parents=True, exist_ok=True)
    symbol, offset, size = _data_symbol(library)
    package = work / f"{symbol.removesuffix('_dat')}l.dat"  # icudt73l.dat: the name icupkg expects
    with library.open("rb") as handle:
        handle.seek(offset)
        package.write_bytes(handle.read(size))
    listing = subprocess.run(["icupkg", "-l", str(package)], capture_output=True, text=True, check=True)
    names = listing.stdout.split()
    extracted = work / "items"
    shutil.rmtree(extracted, ignore_errors=True)
    extracted.mkdir()
    (work / "all.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    subprocess.run(["icupkg", "-x", str(work / "all.txt"), "-d", str(extracted), str(package)], check=True)
    items = {name: (extracted / name).stat().st_size for name in names}
    shutil.rmtree(extracted)
    gone = removed_items(items)
    smaller = work / "trimmed" / package.name
    smaller.parent.mkdir(exist_ok=True)
    while True:
        # icupkg refuses to leave an item whose dependency is gone: such items (converters that are
        # deltas of a removed CJK table) go too. The break-rule tables naming the dictionaries are the
        # exception: without its dictionary ICU breaks that script's text without one (what ICU's own
        # data filter does when dictionaries are filtered out).
        (work / "removed.txt").write_text("\n".join(gone) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["icupkg", "-r", str(work / "removed.txt"), str(package), str(smaller)],
            capture_output=True,
            text=True,
        )
        missing = re.findall(r"Item (\S+) depends on missing item (\S+)", done.stderr)
        dependents = {item for item, need in missing if not need.endswith(".dict")}
        if dependents:
            gone += sorted(dependents - set(gone))
            continue
        if missing:  # only the dictionaries: accepted
            done = subprocess.run(
                ["icupkg", "--ignore-deps", "-r", str(work / "removed.txt"), str(package), str(smaller)],
                capture_output=True,
                text=True,
            )
        if done.returncode != 0:
            raise SystemExit(f"icu_data.py: icupkg failed: {done.stderr}")
        break
    source = work / "icudata.S"
    source.write_text(
        f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n{symbol}:\n"
        f'\t.incbin "{smaller}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8",
    )
    out = work / "lib" / library.name
    out.parent.mkdir(exist_ok=True)
    soname = library.name  # libicudata.so.73
    subprocess.run(
        [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(source)], check=True
    )
    kept = sum(items.values()) - sum(items[name] for name in gone)
    print(
        f"icu_data.py: {len(gone)} of {len(items)} ICU data items left out, "
        f"{sum(items.values()) / 1e6:.1f} -> {kept / 1e6:.1f} MB ({out.stat().st_size / 1e6:.1f} MB library)",
        file=sys.stderr,
    )
    return out


if __name__ == "__main__":
    print(trim(Path(sys.argv[1]), Path(sys.argv[2])))
