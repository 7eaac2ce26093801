"""No English sentence reaches a person without going through gettext (issue 14).

The services, db/ and the command line explain themselves in words people read: the message of an error
they raise on purpose (ServiceError and its subclasses, DatabaseError and its subclasses, a file problem,
a bad argument, a value refused), the text of a progress bar, what the CLI prints. This test reads their
source (the AST, not the running code) and fails on such a message written as a bare string literal or
f-string instead of `_()` / `ngettext()` / `pgettext()` (or a marked `N_()` constant translated later).

Texts that are not for people (SQL, log lines, a programming error no user can cause) are listed in
ALLOWED with the reason; keep that list small.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "dealercrm"

# Other helpers' modules (they follow the same rule in their own work).
NOT_SCANNED = {"services/demo.py", "db/bulk.py"}
NOT_SCANNED_DIRS = ("services/importing/",)

# Exceptions whose message people read: the UI shows a ServiceError as it is, the CLI says any of these.
USER_FACING = {
    # services/errors.py and its subclasses
    "ServiceError", "PermissionDenied", "NotFound", "AuthError", "ConflictError", "ValidationError",
    "KeyringUnavailable", "SpendFileError", "ModelError", "DemoError", "ImportFailed", "SourceError",
    # db/
    "DatabaseError", "DatabaseMissing", "ServerUnavailable", "OutputPathRefused", "DatabaseBusy",
    "SqliteFileProblem", "DriverMissing",
    # what the CLI and the UI show of anything else
    "ArgumentTypeError", "ValueError", "InvalidValue", "Cancelled", "SystemExit",
}  # fmt: skip

# (file relative to dealercrm/, the start of the English text): not for people, and why.
ALLOWED: dict[tuple[str, str], str] = {
    ("services/search.py", "unknown search kinds"): "a programming error (the caller passes the kinds)",
    ("services/working_hours.py", "start must be timezone-aware"): "a programming error (naive datetime)",
    ("services/kpi/service.py", "the churn periods must end"): "a programming error (the caller's periods)",
    ("db/fts.py", "full-text indexes need the sqlite3 driver"): "a programming error (wrong driver)",
    ("db/fts.py", "full-text search is not available on"): "caught: the caller falls back to LIKE",
    ("cli_common.py", "dealercrm: "): "the program's name before every message, as Unix tools write it",
}

WORD = re.compile(r"[A-Za-z]{2,}")
SENTENCE = re.compile(r"[A-Za-z][a-z]+ [a-z]+ [a-z]+")  # three words: prose, not a code or SQL


def _sources() -> Iterator[Path]:
    yield from sorted(PACKAGE.glob("cli*.py"))
    for folder in ("services", "db"):
        yield from sorted((PACKAGE / folder).rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _scanned(path: Path) -> bool:
    rel = _relative(path)
    return rel not in NOT_SCANNED and not rel.startswith(NOT_SCANNED_DIRS)


def _words(node: ast.expr) -> str | None:
    """The English a literal shows (its constant parts), or None when `node` is not a bare literal
    (a gettext call, a variable, a call of anything else)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        parts = [w for w in (_words(node.left), _words(node.right)) if w is not None]
        return " ".join(parts) if parts else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _words(node.func.value)
    if isinstance(node, ast.Dict):  # ValidationError({"field": "message"})
        parts = [w for w in (_words(v) for v in node.values if v is not None) if w is not None]
        return " ".join(parts) if parts else None
    if isinstance(node, ast.IfExp):
        parts = [w for w in (_words(node.body), _words(node.orelse)) if w is not None]
        return " ".join(parts) if parts else None
    return None


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    what: str
    text: str

    def __str__(self) -> str:
        return f"dealercrm/{self.file}:{self.line}: {self.what}: {self.text!r}"


def _assigned_literals(function: ast.AST, name: str) -> Iterator[tuple[int, str]]:
    """Literal texts assigned to `name` (or to `name[key]`) within `function`."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                target_name = target.value if isinstance(target, ast.Subscript) else target
                if isinstance(target_name, ast.Name) and target_name.id == name:
                    words = _words(node.value)
                    if words is not None:
                        yield node.lineno, words


def _findings(source: str, rel: str) -> Iterator[Finding]:
    """What in `source` (the file dealercrm/`rel`) people would read in English."""
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def enclosing(node: ast.AST) -> ast.AST:
        best: ast.AST = tree
        for f in functions:
            end = f.end_lineno or f.lineno
            if f.lineno <= getattr(node, "lineno", 0) <= end and f.lineno >= getattr(best, "lineno", 0):
                best = f
        return best

    module_level = [n for n in tree.body if isinstance(n, ast.Assign)]

    def texts(node: ast.expr, where: ast.AST) -> Iterator[tuple[int, str]]:
        words = _words(node)
        if words is not None:
            yield getattr(node, "lineno", 0), words
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            node = node.func.value  # message.format(...): where `message` comes from
        if isinstance(node, ast.Name):  # a variable of the function, else a constant of the module
            found = list(_assigned_literals(enclosing(where), node.id))
            if not found:
                found = [hit for a in module_level for hit in _assigned_literals(a, node.id)]
            yield from found

    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            what = _name(node.exc.func)
            if what in USER_FACING:
                for arg in [*node.exc.args, *(k.value for k in node.exc.keywords)]:
                    for line, text in texts(arg, node):
                        yield Finding(rel, line, f"raise {what}", text)
        elif isinstance(node, ast.Return) and node.value is not None:
            # a function that returns a sentence ("{path} is on a network share."): someone reads it
            words = _words(node.value)
            if words is not None and SENTENCE.search(words):
                yield Finding(rel, node.lineno, "return", words)
        elif isinstance(node, ast.ClassDef) and {_name(b) for b in node.bases} & USER_FACING:
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _name(call.func) == "__init__":
                    for arg in call.args:
                        for line, text in texts(arg, call):
                            yield Finding(rel, line, f"{node.name}()", text)
        if isinstance(node, ast.Call):
            what = _name(node.func)
            # progress.update(done, total, "text"): the progress bar's words
            if what == "update" and len(node.args) >= 3 and "progress" in ast.unparse(node.func):
                for line, text in texts(node.args[2], node):
                    yield Finding(rel, line, "progress text", text)
            # the command line: say("..."), print("..."), parser.error("..."), add_parser(help="...")
            if rel.startswith("cli"):
                if what in ("say", "print", "error", "exit", "write", "getpass", "input"):
                    for arg in node.args:
                        for line, text in texts(arg, node):
                            yield Finding(rel, line, f"{what}()", text)
                for keyword in node.keywords:
                    if keyword.arg in ("help", "description", "metavar") and keyword.arg != "metavar":
                        for line, text in texts(keyword.value, node):
                            yield Finding(rel, line, f"{what}({keyword.arg}=)", text)


def _english(finding: Finding) -> bool:
    if not WORD.search(finding.text):
        return False  # layout only: "\r{text:<40} {done}/{total}", "  {path}"
    return not any(
        file == finding.file and finding.text.lstrip().startswith(start) for file, start in ALLOWED
    )


def english_literals() -> list[Finding]:
    found = []
    for path in _sources():
        if _scanned(path):
            found += [f for f in _findings(path.read_text(encoding="utf-8"), _relative(path)) if _english(f)]
    return found


def test_people_read_no_untranslated_english() -> None:
    """Wrap the message in `_()` (with `{name}` placeholders filled by `.format`), `ngettext()` for a
    count, then run scripts/update_catalogs.py and write the French in the .po."""
    found = english_literals()
    assert found == [], "English literals people read:\n" + "\n".join(map(str, found))


def test_the_allow_list_is_still_needed() -> None:
    """An entry whose text is gone from the code is dropped from ALLOWED, so the list stays small."""
    for (file, start), _why in ALLOWED.items():
        assert start in (PACKAGE / file).read_text(encoding="utf-8"), (file, start)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('raise NotFound(f"No contact #{n}.")', ["No contact #."]),
        ('raise ValidationError({"name": "required"})', ["required"]),
        ('msg = "Backup failed"\nraise DatabaseError(msg)', ["Backup failed"]),
        ('progress.update(1, 2, f"Reading {day}")', ["Reading "]),
        ('raise NotFound(_("No contact #{n}.").format(n=n))', []),
        ('raise ValidationError({"name": _("required")})', []),
        ('raise KeyError(f"unknown action {a!r}")', []),  # a programming error, not a message
        ('m = "{p} is damaged"\nraise DatabaseError(m.format(p=p))', ["{p} is damaged"]),
        ('class Gone(NotFound):\n    def __init__(self):\n        super().__init__("Gone")', ["Gone"]),
        ('return f"{path} is on a network share."', [" is on a network share."]),
        ('return "EXTRACT(EPOCH FROM x)"', []),  # SQL
        ('return "no_prior_consent"', []),  # a code
    ],
)
def test_the_check_sees_what_it_should(source: str, expected: list[str]) -> None:
    """The check itself: it finds bare literals, and only those."""
    body = "def f():\n    " + source.replace("\n", "\n    ") + "\n"
    assert [f.text for f in _findings(body, "services/probe.py")] == expected


def test_every_stored_enum_value_has_a_word_in_both_languages() -> None:
    """Documents and messages show enum values as words (services/enum_words.py), never as codes: a
    member added to one of these enums needs its word there (and its French in the catalog)."""
    from dealercrm import i18n
    from dealercrm.services.enum_words import WORDS, enum_word

    for enum, words in WORDS.items():
        assert set(words) == {member.value for member in enum}, enum.__name__
    from dealercrm.models.enums import ClaimStatus, Direction

    assert enum_word(ClaimStatus.IN_PROGRESS, "en") == "In progress"
    assert enum_word(Direction.INBOUND, "fr") == "Entrant"
    with i18n.use("fr"):
        assert enum_word(ClaimStatus.IN_PROGRESS) == "En cours"
