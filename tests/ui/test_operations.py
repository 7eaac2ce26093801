"""The operation layer: results and exception objects on the GUI thread, progress and cancel, and the
stale-result guard, with the real thread pool and with the synchronous executor."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dealercrm.services.errors import ValidationError
from dealercrm.services.progress import Progress
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.workers import Executor, SyncExecutor


@pytest.fixture(params=["threads", "inline"])
def run_executor(request: pytest.FixtureRequest, qtbot: QtBot) -> Executor:
    return Executor() if request.param == "threads" else SyncExecutor()


def _settle(qtbot: QtBot, executor: Executor) -> None:
    executor.wait()
    qtbot.waitUntil(lambda: not executor.busy)


def test_success_runs_on_the_gui_thread_with_the_result(qtbot: QtBot, run_executor: Executor) -> None:
    seen: list[tuple[int, bool]] = []
    gui = threading.get_ident()
    QueryOp(lambda a, b: a + b, 2, b=3).success(
        lambda r: seen.append((r, threading.get_ident() == gui))
    ).failure(pytest.fail).run(run_executor)
    _settle(qtbot, run_executor)
    assert seen == [(5, True)]


def test_failure_receives_the_exception_object(qtbot: QtBot, run_executor: Executor) -> None:
    def save() -> None:
        raise ValidationError({"price": "Le prix doit être positif."})

    failures: list[Exception] = []
    QueryOp(save).success(pytest.fail).failure(failures.append).run(run_executor)
    _settle(qtbot, run_executor)
    assert len(failures) == 1 and isinstance(failures[0], ValidationError)
    assert failures[0].errors == {"price": "Le prix doit être positif."}  # the fields, not a string
    assert "Le prix doit être positif." in message_of(failures[0])


@pytest.mark.parametrize("fails", [False, True])
def test_disabling_keeps_the_button_off_until_the_outcome(
    qtbot: QtBot, run_executor: Executor, fails: bool
) -> None:
    button = QPushButton("Save")
    qtbot.addWidget(button)
    release = threading.Event()
    seen_while_running: list[bool] = []
    seen_at_outcome: list[bool] = []

    def save() -> int:
        if isinstance(run_executor, SyncExecutor):
            seen_while_running.append(button.isEnabled())  # inline: on the GUI thread, safe to ask
        else:
            release.wait(5)
        if fails:
            raise ValidationError({"price": "Le prix doit être positif."})
        return 1

    QueryOp(save).disabling(button).success(lambda _: seen_at_outcome.append(button.isEnabled())).failure(
        lambda _: seen_at_outcome.append(button.isEnabled())
    ).run(run_executor)
    if not isinstance(run_executor, SyncExecutor):
        seen_while_running.append(button.isEnabled())
        release.set()
    _settle(qtbot, run_executor)
    assert seen_while_running == [False]
    assert seen_at_outcome == [True]  # enabled again before the outcome is handled
    assert button.isEnabled()


def test_an_operation_without_failure_handler_is_refused(run_executor: Executor) -> None:
    with pytest.raises(ValueError, match=r"\.failure\(\)"):
        QueryOp(lambda: 1).success(print).run(run_executor)


def test_only_the_latest_operation_of_an_owner_delivers(qtbot: QtBot) -> None:
    """Two months asked one after the other: the first answer, arriving late, is dropped."""
    executor = Executor(threads=2)
    owner = QObject()
    release = threading.Event()

    def slow(value: str) -> str:
        release.wait(5)
        return value

    results: list[str] = []
    QueryOp(slow, "march").success(results.append).failure(pytest.fail).latest_for(owner).run(executor)
    QueryOp(lambda: "april").success(results.append).failure(pytest.fail).latest_for(owner).run(executor)
    qtbot.waitUntil(lambda: results == ["april"])
    release.set()
    _settle(qtbot, executor)
    assert results == ["april"]
    # Another key of the same owner is independent.
    QueryOp(lambda: "badge").success(results.append).failure(pytest.fail).latest_for(owner, "badge").run(
        executor
    )
    _settle(qtbot, executor)
    assert results == ["april", "badge"]


def test_nothing_is_delivered_to_a_deleted_owner(qtbot: QtBot) -> None:
    executor = SyncExecutor()
    owner = QObject()
    delivered: list[int] = []
    op = QueryOp(lambda: 1).success(delivered.append).failure(pytest.fail).latest_for(owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(owner))
    op.run(executor)
    assert delivered == []


def _deleted(obj: QObject) -> bool:
    import shiboken6

    return not shiboken6.isValid(obj)


def test_progress_and_cancel(qtbot: QtBot) -> None:
    executor = Executor()
    started = threading.Event()
    steps: list[tuple[int, int]] = []
    cancelled: list[bool] = []

    def long_work(progress: Progress) -> int:
        for step in range(1000):
            progress.update(step, 1000, "working")
            started.set()
            threading.Event().wait(0.002)
        return 1000

    job = (
        QueryOp(long_work)
        .success(pytest.fail)
        .failure(pytest.fail)
        .progress(lambda done, total, _text: steps.append((done, total)))
        .cancelled(lambda: cancelled.append(True))
        .run(executor)
    )
    started.wait(5)
    job.cancel()
    _settle(qtbot, executor)
    qtbot.waitUntil(lambda: cancelled == [True])
    assert steps and steps[0][1] == 1000 and len(steps) < 1000


def test_jobs_submitted_while_the_executor_holds_start_on_release_in_order(qtbot: QtBot) -> None:
    """The main window holds its first queries until it is painted (issue 16): none runs before, all
    run after, in the order asked; holding twice or releasing when not holding changes nothing."""
    executor = Executor()
    ran: list[int] = []
    executor.release()  # not holding: nothing to do
    executor.hold()
    executor.hold()
    for n in range(3):
        QueryOp(ran.append, n).success(lambda _r: None).failure(pytest.fail).run(executor)
    executor.wait()
    assert ran == [] and executor.busy
    executor.release()
    _settle(qtbot, executor)
    assert ran == [0, 1, 2]
    QueryOp(ran.append, 3).success(lambda _r: None).failure(pytest.fail).run(executor)
    _settle(qtbot, executor)
    assert ran == [0, 1, 2, 3]


def test_a_job_runs_with_a_short_switch_interval_and_puts_it_back(
    qtbot: QtBot, run_executor: Executor
) -> None:
    """Beside a job the GUI thread waits little for the GIL; once no job runs, the interval is back."""
    import sys

    from dealercrm.ui.workers import JOB_SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    during: list[float] = []
    failing = ValueError("refused")

    def refuse() -> None:
        during.append(sys.getswitchinterval())
        raise failing

    QueryOp(lambda: during.append(sys.getswitchinterval())).success(lambda _r: None).failure(pytest.fail).run(
        run_executor
    )
    QueryOp(refuse).success(pytest.fail).failure(lambda _exc: None).run(run_executor)
    _settle(qtbot, run_executor)
    assert during == [pytest.approx(JOB_SWITCH_INTERVAL_S, abs=1e-6)] * 2
    assert sys.getswitchinterval() == pytest.approx(before, abs=1e-6)
