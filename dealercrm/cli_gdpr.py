"""`dealercrm gdpr` (a person's rights, retention) and `dealercrm backups` (automatic backups by hand).

    dealercrm gdpr export CONTACT_ID --output DIR     everything about one person: JSON + PDF
    dealercrm gdpr erase CONTACT_ID [--yes]           anonymise one person (asks unless --yes)
    dealercrm gdpr purge [--dry-run] [--yes]          anonymise everyone past the retention period
    dealercrm backups now | list | thin               a verified backup now, the list, the 7/4/12 thinning

The command line acts as the "system" administrator (see services/permissions.py).
Exit codes follow dealercrm/cli.py: 0 done, 1 refused or failed, 2 bad usage, 3 database.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from dealercrm import i18n
from dealercrm.cli_common import (
    EXIT_FAILED,
    EXIT_OK,
    explained,
    guard_output,
    open_db,
    output_file,
    record_id,
)
from dealercrm.i18n import _, ngettext


def _contact_id(text: str) -> int:
    try:
        return record_id(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a contact number").format(text=text)) from None


def register(commands: Any) -> None:
    """Add the `gdpr` and `backups` sub-commands to the main parser's sub-parsers."""
    gdpr = commands.add_parser(
        "gdpr", help=_("GDPR rights: export or erase a person's data; retention purge")
    )
    actions = gdpr.add_subparsers(dest="gdpr_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help=_("write everything held about one contact as JSON and PDF"))
    export.add_argument("contact_id", type=_contact_id, metavar="CONTACT_ID")
    export.add_argument(
        "--output", "-o", type=output_file, required=True, metavar="DIR", help=_("folder to write to")
    )
    erase = actions.add_parser("erase", help=_("anonymise one contact everywhere (sales stay counted)"))
    erase.add_argument("contact_id", type=_contact_id, metavar="CONTACT_ID")
    erase.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    purge = actions.add_parser("purge", help=_("anonymise every contact past the CNIL retention period"))
    purge.add_argument("--dry-run", action="store_true", help=_("only list who would be anonymised"))
    purge.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))

    backups = commands.add_parser("backups", help=_("automatic backups: make one now, list them, thin them"))
    what = backups.add_subparsers(dest="backups_command", metavar="ACTION", required=True)
    what.add_parser("now", help=_("make a verified backup in the backup folder now"))
    what.add_parser("list", help=_("list the backups in the backup folder, newest first"))
    what.add_parser(
        "thin",
        help=_(
            "keep 7 daily, 4 weekly and 12 monthly automatic backups, delete the "
            "rest, and delete every backup taken before a GDPR erasure once it is 30 "
            "days old"
        ),
    )


def run(args: argparse.Namespace, *, out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run `gdpr` or `backups`; returns the exit code."""
    out = out or sys.stdout
    if args.command == "gdpr":
        return explained(_gdpr, args, out, stdin or sys.stdin)
    if args.command == "backups":
        return explained(_backups, args, out)
    raise AssertionError(args.command)


def _confirm(question: str, out: TextIO, stdin: TextIO) -> bool:
    print(question, end=" ", file=out, flush=True)
    answer = stdin.readline().strip().lower() if stdin is not None else ""
    return answer in ("y", "yes", "o", "oui")


def _gdpr(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from dealercrm.services.gdpr import GdprService
    from dealercrm.services.permissions import SYSTEM_ACTOR
    from dealercrm.services.progress import Progress

    with open_db(args) as db:
        service = GdprService(db.session_factory, actor=SYSTEM_ACTOR)
        if args.gdpr_command == "export":
            guard_output(db, args.output)
            result = service.export(contact_id=args.contact_id, folder=args.output)
            print(
                _("Exported contact #{contact_id} in {seconds} s:").format(
                    contact_id=args.contact_id, seconds=i18n.number(result.seconds, decimals=2)
                ),
                file=out,
            )
            print(f"  {result.json_path}", file=out)
            print(f"  {result.pdf_path}", file=out)
            return EXIT_OK
        if args.gdpr_command == "erase":
            backups_keep = _(
                "Copies of this person remain in the backups taken before now (`dealercrm backups list` "
                "shows them and where) for at most 30 days: the backup thinning then deletes them."
            )

            def still_busy(seconds: float | None) -> str:
                from dealercrm.db import presence
                from dealercrm.models import utcnow

                present = presence.others(db.engine, now=utcnow())
                who = (
                    _("dealercrm open by {sessions}").format(
                        sessions="; ".join(p.describe() for p in present)
                    )
                    if present
                    else _("dealercrm open on a workstation, or another program reading the file")
                )
                busy = (
                    _("another connection kept the database busy for {seconds} s ({who})").format(
                        seconds=i18n.number(seconds), who=who
                    )
                    if seconds
                    else _("another connection kept the database busy ({who})").format(who=who)
                )
                text = _(
                    "Contact #{contact_id} is anonymised, but the database file still holds their old "
                    "values: {busy}. The compaction is recorded: it is finished at the app's next start, "
                    "before the next backup, or when you run this command again once the database is free."
                ).format(contact_id=args.contact_id, busy=busy)
                return f"dealercrm: {text}"

            data = service.collect(contact_id=args.contact_id)
            contact = data["contact"]
            name = contact.get("company_name") or " ".join(
                p for p in (contact.get("first_name"), contact.get("last_name")) if p
            )
            if contact.get("erased_at"):
                # Run again to finish an erasure whose compaction the database was too busy for.
                compaction = service.finish_compaction()
                if not compaction.was_pending:
                    print(
                        _("dealercrm: contact #{contact_id} was already erased.").format(
                            contact_id=args.contact_id
                        ),
                        file=sys.stderr,
                    )
                    return EXIT_FAILED
                if not compaction.done:
                    print(still_busy(compaction.seconds), file=sys.stderr)
                    return EXIT_FAILED
                print(
                    _(
                        "Contact #{contact_id} was already erased; the database file is now "
                        "compacted and no longer holds their old values."
                    ).format(contact_id=args.contact_id),
                    file=out,
                )
                print(backups_keep, file=out)
                return EXIT_OK
            if not args.yes and not _confirm(
                _("Erase contact #{contact_id} ({name}) for good? Their sales stay counted. [y/N]").format(
                    contact_id=args.contact_id, name=name
                ),
                out,
                stdin,
            ):
                print(_("Nothing was erased."), file=out)
                return EXIT_FAILED
            erased = service.erase(contact_id=args.contact_id)
            print(
                _(
                    "Contact #{contact_id} erased: {values} records scrubbed, "
                    "{audit_entries_scrubbed} audit entries cleaned, {suppressed} identifiers "
                    "added to the suppression list (as hashes)."
                ).format(
                    contact_id=args.contact_id,
                    values=sum(erased.records_scrubbed.values()),
                    audit_entries_scrubbed=erased.audit_entries_scrubbed,
                    suppressed=erased.suppressed,
                ),
                file=out,
            )
            if not erased.space_reclaimed:
                print(still_busy(None), file=sys.stderr)
                return EXIT_FAILED
            print(backups_keep, file=out)
            return EXIT_OK
        rows = service.to_review()
        if args.dry_run or not rows:
            for row in rows:
                print(
                    f"{row.contact_id:>8}  {row.lifecycle.value:<9} {row.clock_start.isoformat()}  "
                    f"{row.name or '—'}  ({row.reason})",
                    file=out,
                )
            print(
                ngettext(
                    "{n} contact past the retention period.",
                    "{n} contacts past the retention period.",
                    len(rows),
                ).format(n=len(rows)),
                file=out,
            )
            return EXIT_OK
        question = ngettext(
            "Anonymise {n} contact for good? [y/N]", "Anonymise {n} contacts for good? [y/N]", len(rows)
        ).format(n=len(rows))
        if not args.yes and not _confirm(question, out, stdin):
            print(_("Nothing was erased."), file=out)
            return EXIT_FAILED

        def report(done: int, total: int, text: str) -> None:
            print(f"\r{text:<40} {done}/{total}", end="", file=sys.stderr, flush=True)

        purged = service.purge(contact_ids=[r.contact_id for r in rows], progress=Progress(report))
        print(file=sys.stderr)
        print(
            ngettext(
                "{n} contact anonymised, {skipped} skipped.",
                "{n} contacts anonymised, {skipped} skipped.",
                purged.erased,
            ).format(n=purged.erased, skipped=purged.skipped),
            file=out,
        )
        return EXIT_OK


def _backups(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.services.backups import BackupService
    from dealercrm.services.permissions import SYSTEM_ACTOR

    with open_db(args) as db:
        service = BackupService(db, actor=SYSTEM_ACTOR)
        erasure_rule = _(
            "Every backup (automatic, manual, before a restore or an upgrade) taken before a GDPR erasure "
            "is deleted by the thinning once the erasure is 30 days old."
        )
        warning = service.location_warning()
        if warning:
            print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
        if args.backups_command == "now":
            info = service.back_up_now()
            print(
                _("Backup written and verified in {value} s: {path}").format(
                    value=i18n.number(info.seconds or 0, decimals=2), path=info.path
                ),
                file=out,
            )
            return EXIT_OK
        if args.backups_command == "list":
            backups = service.backups()
            holding = 0
            for b in backups:
                when = i18n.datetime(b.taken_at.astimezone())
                # TRANSLATORS: a backup's size in megabytes ("Mo" in French)
                size = _("{size} MB").format(size=i18n.number(b.size_bytes / 1_048_576, decimals=1))
                line = f"{when}  {b.kind.value:<15} {size:>10}  {b.path}"
                if b.delete_by is not None:
                    holding += 1
                    line += "  " + _("(holds erased persons: thinned from {day})").format(
                        day=i18n.date(b.delete_by.astimezone().date())
                    )
                print(line, file=out)
            print(
                ngettext("{n} backup in {folders}", "{n} backups in {folders}", len(backups)).format(
                    n=len(backups), folders=", ".join(str(f) for f in service.folders())
                ),
                file=out,
            )
            if holding:
                print(
                    _("{holding} of them hold persons erased since they were taken.").format(holding=holding),
                    file=out,
                )
            print(erasure_rule, file=out)
            return EXIT_OK
        result = service.thin()
        if result.made is not None:
            print(_("A fresh backup was made first: {path}").format(path=result.made.path), file=out)
        print(
            ngettext(
                "{n} backup deleted ({erased} of them because they held persons erased 30 days ago or more)",
                "{n} backups deleted ({erased} of them because they held persons erased 30 days ago or more)",
                len(result.removed),
            ).format(n=len(result.removed), erased=len(result.erased))
            + ", "
            + ngettext("{n} automatic backup kept.", "{n} automatic backups kept.", result.kept).format(
                n=result.kept
            ),
            file=out,
        )
        print(erasure_rule, file=out)
        return EXIT_OK
