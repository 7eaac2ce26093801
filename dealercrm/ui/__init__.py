"""PySide6 user interface. Widgets talk to services only; they never open a database session."""
