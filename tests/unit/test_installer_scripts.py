"""The package's install-time checks: the .deb's preinst and the tarball's install-user.sh refuse a
system whose glibc is older than the build's, with a sentence, and accept a newer one. A fake `getconf`
first on PATH plays the system."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def _run(script: str, glibc: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    getconf = fake / "getconf"
    getconf.write_text(f"#!/bin/sh\necho 'glibc {glibc}'\n", encoding="utf-8")
    getconf.chmod(0o755)
    text = (INSTALLER / script).read_text(encoding="utf-8").replace("@GLIBC@", "2.36")
    path = tmp_path / Path(script).name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PATH": f"{fake}:{os.environ['PATH']}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home),
    }
    return subprocess.run(["sh", str(path), "install"], capture_output=True, text=True, env=env, cwd=tmp_path)


@pytest.mark.parametrize("script", ["debian/preinst", "install-user.sh"])
def test_an_older_glibc_is_refused_with_a_sentence(script: str, tmp_path: Path) -> None:
    result = _run(script, "2.31", tmp_path)
    assert result.returncode == 1
    assert "needs glibc 2.36 or newer" in result.stderr and "glibc 2.31" in result.stderr


def test_the_preinst_accepts_the_same_or_a_newer_glibc(tmp_path: Path) -> None:
    for version in ("2.36", "2.39", "2.100"):
        result = _run("debian/preinst", version, tmp_path)
        assert result.returncode == 0, (version, result.stderr)


def test_install_user_refuses_a_system_without_glibc(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "getconf").write_text(
        "#!/bin/sh\necho 'getconf: GNU_LIBC_VERSION: unknown variable' >&2\nexit 1\n"
    )
    (fake / "getconf").chmod(0o755)
    text = (INSTALLER / "install-user.sh").read_text(encoding="utf-8").replace("@GLIBC@", "2.36")
    (tmp_path / "install-user.sh").write_text(text, encoding="utf-8")
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        ["sh", str(tmp_path / "install-user.sh")], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert "needs glibc 2.36 or newer" in result.stderr and "not glibc" in result.stderr
    assert not (tmp_path / "home").exists()


def test_install_user_on_a_newer_glibc_adds_the_menu_entry_and_the_command(tmp_path: Path) -> None:
    # The unpacked tarball's layout (installer/build_linux.py, build_tarball).
    (tmp_path / "dealercrm").mkdir()
    (tmp_path / "dealercrm" / "dealercrm").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "share" / "applications").mkdir(parents=True)
    (tmp_path / "share" / "applications" / "dealercrm.desktop").write_text(
        "[Desktop Entry]\nExec=@EXEC@\nIcon=dealercrm\n", encoding="utf-8"
    )
    (tmp_path / "share" / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
    (tmp_path / "share" / "icons" / "hicolor" / "48x48" / "apps" / "dealercrm.png").write_bytes(b"png")
    result = _run("install-user.sh", "2.39", tmp_path)
    assert result.returncode == 0, result.stderr
    home = tmp_path / "home"
    entry = (home / "applications" / "dealercrm.desktop").read_text(encoding="utf-8")
    assert f"Exec={tmp_path}/dealercrm/dealercrm\n" in entry
    assert (home / "icons" / "hicolor" / "48x48" / "apps" / "dealercrm.png").read_bytes() == b"png"
    assert (home / ".local" / "bin" / "dealercrm").resolve() == (
        tmp_path / "dealercrm" / "dealercrm"
    ).resolve()


def test_the_icu_data_kept_is_french_english_and_what_no_locale_owns() -> None:
    import sys

    sys.path.insert(0, str(INSTALLER))
    try:
        from icu_data import removed_items
    finally:
        sys.path.remove(str(INSTALLER))
    items = {
        "root.res": 100,
        "pool.res": 100,
        "res_index.res": 100,
        "fr.res": 10,
        "fr_CA.res": 10,
        "en_GB.res": 10,
        "coll/fr.res": 10,
        "coll/ucadata.icu": 500_000,
        "de.res": 10,
        "coll/zh.res": 700_000,
        "zone/ja.res": 10,
        "supplementalData.res": 200_000,
        "zoneinfo64.res": 150_000,
        "brkitr/line.brk": 60_000,
        "brkitr/cjdict.dict": 2_000_000,
        "translit/root.res": 1_000_000,
        "ibm-5348_P100-1997.cnv": 2_000,  # windows-1252
        "gb18030.cnv": 230_000,
        "cnvalias.icu": 40_000,
    }
    assert sorted(removed_items(items)) == [
        "brkitr/cjdict.dict",
        "coll/zh.res",
        "de.res",
        "gb18030.cnv",
        "translit/root.res",
        "zone/ja.res",
    ]
