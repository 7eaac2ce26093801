"""`dealercrm score`: train the purchase model and explain a contact's probability.

    dealercrm score train [--json] [--months N]
    dealercrm score explain CONTACT_ID [--lang fr|en]

Exit codes follow dealercrm/cli.py: 0 done, 1 refused or failed (too little history counts as done: the
rule score stays and the output says why), 2 bad usage, 3 database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, TextIO

from dealercrm import i18n
from dealercrm.cli_common import EXIT_FAILED, EXIT_OK, count, explained, open_db, record_id, say
from dealercrm.i18n import _


def register(commands: Any) -> None:
    """Add the `score` sub-command to the main parser's sub-parsers."""
    score = commands.add_parser("score", help=_("the learnt probability of a purchase within 90 days"))
    actions = score.add_subparsers(dest="score_command", metavar="ACTION", required=True)
    train = actions.add_parser(
        "train", help=_("learn from the history, test on the last 3 months, score everyone")
    )
    train.add_argument("--json", action="store_true", help=_("machine-readable output"))
    train.add_argument(
        "--months", type=count(4, 120), default=18, help=_("monthly snapshots to read (default 18)")
    )
    explain_ = actions.add_parser("explain", help=_("a contact's probability and the reasons behind it"))
    explain_.add_argument("contact_id", type=record_id, metavar="CONTACT_ID")


def run(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    """Run `score train` or `score explain`; returns the exit code."""
    command = {"train": _train, "explain": _explain}[args.score_command]
    return explained(command, args, out or sys.stdout)


def _train(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.models import utcnow
    from dealercrm.services.permissions import SYSTEM_ACTOR
    from dealercrm.services.progress import Progress
    from dealercrm.services.purchase_model import PurchaseModelService

    def report(done: int, total: int, text: str) -> None:
        if not args.json and sys.stderr is not None and sys.stderr.isatty():
            print(f"\r{text:<44} {done}/{total}", end="", file=sys.stderr, flush=True)

    with open_db(args) as db:
        card = PurchaseModelService(db.session_factory, actor=SYSTEM_ACTOR).train(
            now=utcnow(), progress=Progress(report), months=args.months
        )
    if not args.json and sys.stderr is not None and sys.stderr.isatty():
        print(file=sys.stderr)
    doc = {
        "usable": card.usable,
        "reason": card.reason,
        "trained_at": card.trained_at.isoformat(),
        "as_of": card.as_of.isoformat(),
        "auc_model": card.auc_model,
        "auc_rules": card.auc_rules,
        "brier": card.brier,
        "ece": card.ece,
        "n_train": card.n_train,
        "n_test": card.n_test,
        "buyers_train": card.buyers_train,
        "buyers_test": card.buyers_test,
        "split": card.details,
    }
    if args.json:
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    if not card.usable:
        print(card.reason, file=out)
    else:

        def f(v: float | None) -> str:
            return i18n.number(v, decimals=3)

        print(
            _(
                "Model trained: AUC {auc_model} (rule score {auc_rules}), Brier {brier}, "
                "calibration error {ece}."
            ).format(
                auc_model=f(card.auc_model), auc_rules=f(card.auc_rules), brier=f(card.brier), ece=f(card.ece)
            ),
            file=out,
        )

    def day(key: str) -> str:
        value = card.details.get(key)
        return i18n.date(dt.date.fromisoformat(value)) if value else i18n.not_available()

    print(
        _(
            "Training: {n_train} snapshots of contacts, {buyers_train} buyers ({train_from} to "
            "{train_to}); test: {n_test}, {buyers_test} buyers ({test_from} to {test_to})."
        ).format(
            n_train=i18n.number(card.n_train),
            buyers_train=i18n.number(card.buyers_train),
            train_from=day("train_from"),
            train_to=day("train_to"),
            n_test=i18n.number(card.n_test),
            buyers_test=i18n.number(card.buyers_test),
            test_from=day("test_from"),
            test_to=day("test_to"),
        ),
        file=out,
    )
    return EXIT_OK


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.models import utcnow
    from dealercrm.services.errors import NotFound
    from dealercrm.services.permissions import SYSTEM_ACTOR
    from dealercrm.services.purchase_model import PurchaseModelService
    from dealercrm.services.purchase_model.texts import no_model

    language = i18n.current_language()  # --lang, else the environment's, else French (cli.py)
    with open_db(args) as db:
        service = PurchaseModelService(db.session_factory, actor=SYSTEM_ACTOR)
        try:
            result = service.explain(contact_id=args.contact_id, now=utcnow(), language=language)
        except NotFound as exc:
            say(str(exc))
            return EXIT_FAILED
    if result is None:
        print(no_model(language), file=out)
        return EXIT_OK
    heading = _("Contact #{contact_id}: probability of a purchase within 90 days {percent}").format(
        contact_id=args.contact_id, percent=i18n.percent(result.probability, language, decimals=1)
    )
    print(heading, file=out)
    for factor in result.top:
        print(f"  {factor.line}", file=out)
    return EXIT_OK
