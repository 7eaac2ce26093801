"""Migration files loaded on their own, to compare the DDL a revision writes out (revisions import no
dealercrm code) with the live module that makes it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

VERSIONS = Path(__file__).resolve().parents[1] / "dealercrm" / "migrations" / "versions"


def revision(filename: str) -> ModuleType:
    """dealercrm/migrations/versions/`filename`, executed as a module of its own."""
    spec = importlib.util.spec_from_file_location(f"revision_{Path(filename).stem}", VERSIONS / filename)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
