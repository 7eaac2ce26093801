"""Domain logic. One module per area; never imports PySide6. Services take keyword-only arguments and
return plain dataclasses, so the UI never touches a session."""
