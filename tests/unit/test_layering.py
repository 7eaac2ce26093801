"""The UI reaches the database through services only: no UI module imports `dealercrm.db` or hands a
service a session factory itself (they use `ctx.service(Cls)`, or `Services(db)` before login), and no
product module names the synchronous test executor."""

from __future__ import annotations

import ast
from pathlib import Path

import dealercrm

PACKAGE = Path(dealercrm.__file__).parent
UI = PACKAGE / "ui"

# The UI modules that must touch the storage layer, and why (keep this list short).
DB_ALLOWED = {
    "context.py": "holds the open Database and builds every service from it (Services, AppContext)",
    "data_changed.py": "the data_changed bus is the storage layer's change feed brought to the GUI thread",
}


def _db_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names if _is_db(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            db_package = node.module == "dealercrm" and any(a.name == "db" for a in node.names)
            if _is_db(node.module) or db_package:
                found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr == "session_factory":
            found.append(f"line {node.lineno}: .session_factory")
    return found


def _is_db(module: str) -> bool:
    return module == "dealercrm.db" or module.startswith("dealercrm.db.")


def test_ui_modules_do_not_import_the_storage_layer_nor_touch_session_factories() -> None:
    offenders = {
        str(path.relative_to(UI)): uses
        for path in sorted(UI.rglob("*.py"))
        if str(path.relative_to(UI)) not in DB_ALLOWED and (uses := _db_uses(path))
    }
    assert offenders == {}


def test_the_allow_list_names_modules_that_still_need_it() -> None:
    for name in DB_ALLOWED:
        assert _db_uses(UI / name), f"ui/{name} no longer touches the storage layer: drop it from DB_ALLOWED"


def test_the_checker_sees_each_kind_of_use(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import dealercrm.db.postgres\nfrom dealercrm.db import Database\nfrom dealercrm import db\n"
        "if TYPE_CHECKING:\n    from dealercrm.db.engine import Database\n"
        "def f(ctx):\n    return Service(ctx.db.session_factory)\n",
        encoding="utf-8",
    )
    assert [use.split(":")[0] for use in _db_uses(module)] == [f"line {n}" for n in (1, 2, 3, 5, 7)]


def test_product_code_never_names_the_synchronous_test_executor() -> None:
    naming = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != UI / "workers.py" and "SyncExecutor" in path.read_text(encoding="utf-8")
    ]
    assert naming == []


def test_widgets_reach_the_executor_through_operations_only() -> None:
    """`executor.submit(...)` is ui/operations.py's: every other call goes through QueryOp / CollectionOp
    (a failure handler required, the exception object, the stale-result guard)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == UI / "operations.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "submit"
                and "executor" in ast.unparse(node.func.value).lower()
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
