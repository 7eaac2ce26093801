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
