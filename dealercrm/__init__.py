"""dealercrm: a desktop CRM for a French car dealership."""


def _version() -> str:
    """The version from pyproject.toml: the installed distribution's metadata (pip, `make run`); in the
    frozen bundle, the `_version.txt` the build wrote beside this file (installer/dealercrm.spec)."""
    from pathlib import Path

    built = Path(__file__).with_name("_version.txt")
    try:
        return built.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    from importlib import metadata

    try:
        return metadata.version("dealercrm")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


__version__ = _version()
