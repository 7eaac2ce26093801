"""Build the Linux packages: dist/dealercrm-VERSION-linux-x86_64.tar.gz and dist/dealercrm_VERSION_amd64.deb.

    python installer/build_linux.py                      # PyInstaller bundle, icons, then both packages
    python installer/build_linux.py --bundle DIR --version 0.1.0+smoke1 --out DIR
        # package an existing bundle under another version (the smoke test's "newer build")

Run with the build venv's Python (the project installed with its postgres extra, plus pyinstaller);
`make dist` makes that venv and runs this, then installer/smoke_test.py. Needs dpkg-deb and ldd (Debian,
Ubuntu). The .deb holds the bundle in /opt/dealercrm, the link /usr/bin/dealercrm, the desktop entry and
the hicolor icons; it depends on libc6 (>= the build machine's glibc) and on the packages of every system
library the bundle links to (found with ldd and dpkg -S: the spec bundles none of them).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
BUILD = INSTALLER / "build"
PREFIX = "/opt/dealercrm"
# Loaded with dlopen (so ldd cannot see them) or needed to show a window at all.
EXTRA_DEPENDS = ("libdbus-1-3", "libegl1", "libxkbcommon-x11-0", "libxcb-cursor0", "libfontconfig1")
MAINTAINER = "dealercrm team <dealercrm@dealercrm.local>"


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def glibc_version() -> str:
    """The build machine's glibc: the bundle's libpython and wheels were linked against it or older."""
    out = subprocess.run(["ldd", "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+\.\d+)\s*$", out.splitlines()[0])
    assert match, out
    return match.group(1)


def run_pyinstaller(version: str) -> Path:
    env = dict(os.environ, DEALERCRM_VERSION=version)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--workpath",
            str(BUILD / "pyinstaller"),
            "--distpath",
            str(BUILD / "bundle"),
            str(INSTALLER / "dealercrm.spec"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return BUILD / "bundle" / "dealercrm"


def needed(path: Path) -> list[str]:
    """The sonames an ELF file links to directly (its DT_NEEDED entries)."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def system_packages(bundle: Path) -> list[str]:
    """The Debian packages holding the system libraries the bundle's ELF files link to directly (their
    own dependencies are those packages' business: Debian's and Ubuntu's names for them differ)."""
    libraries: set[str] = set()
    # Libraries the bundle carries itself (numpy.libs, scipy.libs...): a wheel's vendored library may name
    # a sibling it does not find through its own RUNPATH, which the loader has by soname at run time.
    bundled = {p.name for p in bundle.rglob("*.so*")}
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        direct = set(needed(path))
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "not found" in line and line.split()[0] not in bundled:
                raise SystemExit(f"build_linux.py: {path} needs {line.split()[0]}, not found on this machine")
            match = re.match(r"\s*(\S+) => (/\S+)", line)
            if not match or match.group(1) not in direct:
                continue
            if not Path(match.group(2)).resolve().is_relative_to(bundle.resolve()):
                libraries.add(os.path.realpath(match.group(2)))
    packages: set[str] = set()
    for library in sorted(libraries):
        found = subprocess.run(["dpkg", "-S", library], capture_output=True, text=True)
        if found.returncode != 0:  # /lib -> /usr/lib merged: dpkg knows one of the two names
            other = library.replace("/usr/lib/", "/lib/", 1) if library.startswith("/usr/lib/") else library
            found = subprocess.run(["dpkg", "-S", other], capture_output=True, text=True)
        if found.returncode != 0:
            raise SystemExit(f"build_linux.py: no Debian package holds {library}")
        packages.add(found.stdout.split(":", 1)[0].strip())
    packages.discard("libc6")
    return sorted(packages | set(EXTRA_DEPENDS))


def desktop_entry(exec_path: str) -> str:
    text = (INSTALLER / "dealercrm.desktop").read_text(encoding="utf-8")
    return re.sub(r"^Exec=.*$", f"Exec={exec_path}", text, flags=re.M)


def stage_common(root: Path, bundle: Path, icons: Path, exec_path: str) -> None:
    """The bundle and the desktop integration under `root` (an image of /)."""
    target = root / PREFIX.lstrip("/")
    shutil.copytree(bundle, target, symlinks=True)
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / "dealercrm.desktop").write_text(desktop_entry(exec_path), encoding="utf-8")
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor")


def build_deb(bundle: Path, icons: Path, version: str, out: Path) -> Path:
    stage = BUILD / "deb"
    shutil.rmtree(stage, ignore_errors=True)
    stage_common(stage, bundle, icons, "/usr/bin/dealercrm")
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "dealercrm").symlink_to(f"{PREFIX}/dealercrm")
    doc = stage / "usr" / "share" / "doc" / "dealercrm"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text("dealercrm. Proprietary: all rights reserved.\n", encoding="utf-8")
    debian = stage / "DEBIAN"
    debian.mkdir()
    installed_kb = sum(p.lstat().st_size for p in stage.rglob("*") if not p.is_dir()) // 1024
    depends = ", ".join([f"libc6 (>= {glibc_version()})", *system_packages(bundle)])
    (debian / "control").write_text(
        f"Package: dealercrm\n"
        f"Version: {version}\n"
        f"Architecture: amd64\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {depends}\n"
        f"Section: misc\n"
        f"Priority: optional\n"
        f"Description: desktop CRM for a French car dealership\n"
        f" Contacts, sales pipeline, vehicles, after-sales claims, campaigns and KPIs, over a local\n"
        f" SQLite database or a shared PostgreSQL one. Built for Debian 12 / Ubuntu 24.04 and later.\n",
        encoding="utf-8",
    )
    for script in ("preinst", "postinst", "postrm"):
        path = debian / script
        text = (INSTALLER / "debian" / script).read_text(encoding="utf-8")
        path.write_text(text.replace("@GLIBC@", glibc_version()), encoding="utf-8")
        path.chmod(0o755)
    for path in stage.rglob("*"):  # no umask surprises: directories 755, files 644 or 755
        if path.is_symlink() or path.parent == debian:
            continue
        path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    deb = out / f"dealercrm_{version}_amd64.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Zzstd", str(stage), str(deb)], check=True)
    return deb


def build_tarball(bundle: Path, icons: Path, version: str, out: Path) -> Path:
    """dealercrm-VERSION/: the bundle (dealercrm/), share/ (desktop entry, icons) and install-user.sh."""
    name = f"dealercrm-{version}"
    stage = BUILD / "tar" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(bundle, stage / "dealercrm", symlinks=True)
    (stage / "share" / "applications").mkdir(parents=True)
    (stage / "share" / "applications" / "dealercrm.desktop").write_text(
        desktop_entry("@EXEC@"), encoding="utf-8"
    )
    shutil.copytree(icons / "hicolor", stage / "share" / "icons" / "hicolor")
    script = (INSTALLER / "install-user.sh").read_text(encoding="utf-8")
    (stage / "install-user.sh").write_text(script.replace("@GLIBC@", glibc_version()), encoding="utf-8")
    (stage / "install-user.sh").chmod(0o755)
    tarball = out / f"{name}-linux-x86_64.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name)
    return tarball


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--version", help="package version (default: pyproject.toml's)")
    parser.add_argument("--bundle", type=Path, help="package this PyInstaller folder instead of building")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the packages go (dist/)")
    parser.add_argument("--no-tarball", action="store_true")
    args = parser.parse_args(argv)
    version = args.version or project_version()
    started = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.bundle is None:
        bundle = run_pyinstaller(version)
    else:  # another version of the same bundle: its version file rewritten in a copy
        bundle = BUILD / "rebundle" / "dealercrm"
        shutil.rmtree(bundle.parent, ignore_errors=True)
        shutil.copytree(args.bundle, bundle, symlinks=True)
        (bundle / "_internal" / "dealercrm" / "_version.txt").write_text(version + "\n", encoding="utf-8")
    built = time.monotonic()
    icons = BUILD / "icons"
    subprocess.run([sys.executable, str(INSTALLER / "icons.py"), str(icons)], check=True)
    outputs = [build_deb(bundle, icons, version, args.out)]
    if not args.no_tarball:
        outputs.append(build_tarball(bundle, icons, version, args.out))
    done = time.monotonic()
    size = sum(p.lstat().st_size for p in bundle.rglob("*") if not p.is_dir())
    files = sum(1 for p in bundle.rglob("*") if not p.is_dir())
    print(f"bundle: {size / 1e6:.0f} MB in {files} files ({built - started:.0f} s)")
    for path in outputs:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: {path.stat().st_size / 1e6:.0f} MB")
    print(f"packages: {done - built:.0f} s; total {done - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
