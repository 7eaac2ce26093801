"""`dealercrm import ...` and `dealercrm export ...`: data in and out, for scripts.

    dealercrm import KIND FILE [--mapping FILE.json] [--dry-run] [--report FILE] [--on-duplicate update|skip]
    dealercrm import list
    dealercrm import undo ID
    dealercrm export KIND FILE [--french] [--ids 1,2,3]   (contacts, vehicles, sales, claims, interactions)
    dealercrm export all FILE.zip

dealercrm/cli.py calls `register(commands)` to add the sub-commands and `run(args)` to run them. Exit codes
are cli.py's: 0 done; 1 refused or problems found (for an import: some rows were rejected, the good ones
were imported); 2 bad usage; 3 the database could not be opened or written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from dealercrm import i18n
from dealercrm.cli_common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    count,
    explain,
    guard_output,
    open_db,
    output_file,
    record_id,
    record_ids,
    say,
)
from dealercrm.i18n import _, ngettext

IMPORT_KINDS = ("contacts", "vehicles", "service_visits", "claims", "interactions")
EXPORT_KINDS = ("contacts", "vehicles", "sales", "claims", "interactions")
MAX_ISSUES_SHOWN = 20


def register(commands: Any) -> None:
    """Add `import` and `export` to the `dealercrm` parser's sub-commands."""
    imp = commands.add_parser(
        "import",
        help=_(
            "import contacts, vehicles, visits, claims or interactions from CSV/XLSX; list or undo imports"
        ),
        description=_(
            "Import from a CSV or XLSX file (encoding, separator and column mapping "
            "detected). Exit code 1 when some rows were rejected (the good ones are "
            "imported)."
        ),
    )
    actions = imp.add_subparsers(dest="import_command", metavar="KIND|list|undo", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("file", type=Path, help=_("the CSV or XLSX file"))
    common.add_argument(
        "--mapping", type=Path, metavar="FILE.json", help=_('column mapping {"header": "field"}')
    )
    common.add_argument("--dry-run", action="store_true", help=_("check everything, write nothing"))
    common.add_argument(
        "--report", type=output_file, metavar="FILE.csv", help=_("write the rejected rows and why")
    )
    common.add_argument(
        "--on-duplicate",
        choices=("update", "overwrite", "skip"),
        default=None,
        help=_(
            "a contact with the same phone or e-mail already exists: update = fill "
            "its blanks only (default, or the mapping file's rule), overwrite = "
            "replace what differs, skip = leave it alone"
        ),
    )
    common.add_argument(
        "--write-mapping",
        type=output_file,
        metavar="FILE.json",
        help=_(
            "write the detected mapping, each distinct value of each choice column "
            "with the code proposed for it, and the duplicate rule, to check and edit "
            "before importing with --mapping; imports nothing"
        ),
    )
    common.add_argument(
        "--batch", type=count(1, 1_000_000), default=3000, help=_("rows per transaction (default 3000)")
    )
    common.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    for kind in IMPORT_KINDS:
        actions.add_parser(
            kind, parents=[common], help=_("import {value}").format(value=kind.replace("_", " "))
        )
    spend = actions.add_parser(
        "spend", help=_("marketing spend per month and channel (month, channel, amount)")
    )
    spend.add_argument("file", type=Path, help=_("the CSV or XLSX file"))
    actions.add_parser("list", help=_("the latest imports"))
    undo = actions.add_parser("undo", help=_("remove what one import added and restore what it changed"))
    undo.add_argument("id", type=record_id, help=_("the import's number (see `dealercrm import list`)"))
    undo.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    exp = commands.add_parser(
        "export",
        help=_("export a list to CSV/XLSX/vCard, or the whole database to a zip"),
        description=_(
            "Export to FILE; the format is its extension (.csv, .xlsx, .vcf for "
            "contacts). `export all FILE.zip` writes every table as CSV plus a JSON "
            "manifest."
        ),
    )
    exp.add_argument("kind", choices=(*EXPORT_KINDS, "all"))
    exp.add_argument("file", type=output_file)
    exp.add_argument(
        "--french", action="store_true", help=_("CSV for French Excel: `;`, decimal commas, dd/mm/yyyy")
    )
    exp.add_argument("--ids", type=record_ids, help=_("only these ids, comma-separated"))


def run(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `dealercrm import ...` or `dealercrm export ...`; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    from dealercrm.services.permissions import SYSTEM_ACTOR

    try:
        with open_db(args) as db:
            if args.command == "import":
                return _import(db, SYSTEM_ACTOR, args, out, err)
            if args.command == "export":
                return _export(db, SYSTEM_ACTOR, args, out, err)
            raise AssertionError(args.command)
    except Exception as exc:
        return explain(exc, err)


def _import(db: Any, actor: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from dealercrm.services.importing import (
        ImportService,
        read_mapping_file,
        summary_counts,
        write_error_report,
        write_mapping_file,
    )
    from dealercrm.services.progress import Progress

    if args.import_command == "spend":  # parsing and checks live in services/spend.py
        from dealercrm.services.spend import MarketingSpendService

        spent = MarketingSpendService(db.session_factory, actor=actor).import_file(path=args.file)
        print(spent.summary(), file=out)
        for bad in spent.rejected:
            print(_("  line {line}: {message}").format(line=bad.line, message=bad.message), file=out)
        return EXIT_FAILED if spent.rejected else EXIT_OK
    service = ImportService(db.session_factory, actor=actor)
    if args.import_command == "list":
        for run in service.list_runs():
            when = run.started_at.strftime("%Y-%m-%d %H:%M")
            print(
                _(
                    "#{id:<5} {when}  {status:<11} {kind:<14} {file_name}  created {created}, "
                    "updated {updated}, skipped {skipped}, rejected {rejected}, already there "
                    "{resumed}"
                ).format(when=when, **dataclasses.asdict(run)),
                file=out,
            )
        return EXIT_OK
    if args.import_command == "undo":
        undone = service.undo(run_id=args.id)
        if args.json:
            print(
                json.dumps(
                    {
                        "run_id": undone.run_id,
                        "deleted": undone.deleted,
                        "restored": undone.restored,
                        "kept": undone.kept,
                    }
                ),
                file=out,
            )
        else:
            deleted = ", ".join(f"{n} {entity}" for entity, n in undone.deleted.items()) or "nothing"
            print(
                ngettext(
                    "Import #{run_id} undone: deleted {deleted}; {n} record restored.",
                    "Import #{run_id} undone: deleted {deleted}; {n} records restored.",
                    undone.restored,
                ).format(run_id=undone.run_id, deleted=deleted, n=undone.restored),
                file=out,
            )
            for entity, n in undone.kept.items():
                print(_("  kept {n} {entity} that other data now uses").format(n=n, entity=entity), file=out)
        return EXIT_OK
    kind = args.import_command
    if not args.file.is_file():
        what = _("is a folder, not a file") if args.file.is_dir() else _("does not exist")
        say(_("{file} {what}: nothing was imported.").format(file=args.file, what=what), file=err)
        return EXIT_FAILED
    if args.report is not None:
        guard_output(db, args.report)
    mapping = None
    if args.mapping is not None:
        try:
            mapping = read_mapping_file(args.mapping, kind=kind)
        except ValueError as exc:
            say(str(exc), file=err)
            return EXIT_USAGE
    if mapping is None:
        overview = service.inspect(path=args.file, kind=kind)
        mapping = overview.mapping
        if not args.json and args.write_mapping is None:
            how = (
                f"encoding {overview.encoding}, separator {overview.delimiter!r}"
                if overview.delimiter
                else ""
            )
            print(f"{overview.file_name}: {overview.format.upper()} {how}".rstrip(), file=out)
            ignored = _("(ignored)")
            for header in overview.headers:
                print(f"  {header!r:<32} -> {mapping.get(header, ignored)}", file=out)

    if args.write_mapping is not None:
        guard_output(db, args.write_mapping)
        columns = service.propose_choices(path=args.file, kind=kind, mapping=dict(mapping))
        write_mapping_file(
            args.write_mapping,
            mapping=dict(mapping),
            columns=columns,
            on_duplicate=args.on_duplicate or getattr(mapping, "on_duplicate", None) or "update",
        )
        guessed = sum(1 for column in columns for value in column.values if value.note)
        distinct = sum(len(c.values) for c in columns)
        print(
            _("Mapping written to {file}: {columns}, {values} ({guessed} to check).").format(
                file=args.write_mapping,
                columns=ngettext("{n} column", "{n} columns", len(mapping)).format(n=len(mapping)),
                values=ngettext("{n} distinct choice value", "{n} distinct choice values", distinct).format(
                    n=distinct
                ),
                guessed=guessed,
            )
            + " "
            + _("Edit it, then import with --mapping {file}.").format(file=args.write_mapping),
            file=out,
        )
        return EXIT_OK

    def report(done: int, total: int, text: str) -> None:
        if not args.json and err.isatty():
            print(f"\r{text} ({done * 100 // max(total, 1)} %)", end="", file=err, flush=True)

    result = service.run(
        path=args.file,
        kind=kind,
        mapping=mapping,
        on_duplicate=args.on_duplicate or getattr(mapping, "on_duplicate", None) or "update",
        dry_run=args.dry_run,
        batch_size=args.batch,
        progress=Progress(report),
    )
    if not args.json and err.isatty():
        print(file=err)
    if args.report is not None:
        write_error_report(result, args.report)
    if args.json:
        payload: dict[str, Any] = {
            "run_id": result.run_id,
            "status": result.status,
            "kind": kind,
            "file": result.file_name,
            **summary_counts(result),
            "seconds": round(result.seconds, 3),
            "issues": [issue.__dict__ for issue in result.issues[:1000]],
        }
        print(json.dumps(payload, ensure_ascii=False), file=out)
    else:
        what = (
            _("Dry run (nothing written)")
            if args.dry_run
            else _("Import #{run_id} {status}").format(run_id=result.run_id, status=result.status)
        )
        print(
            _(
                "{what}: {rows} rows in {seconds} s - created {created}, updated "
                "{updated}, unchanged {unchanged}, skipped {skipped}, rejected "
                "{rejected}, already imported {already_imported}."
            ).format(what=what, seconds=i18n.number(result.seconds, decimals=1), **summary_counts(result)),
            file=out,
        )
        if result.previous_runs and result.already_imported:
            runs = ", ".join(f"#{r}" for r in result.previous_runs)
            print(
                _("This file was imported before ({runs}): its rows already there were left alone.").format(
                    runs=runs
                ),
                file=out,
            )
        hint = (
            _(" (all of them in {report})").format(report=args.report)
            if args.report
            else _(" (use --report FILE to get them all)")
        )
        titles = {
            "rejected": _("Rejected (not imported)"),
            "merged": _("Merged into an existing contact"),
            "warning": _("Imported, to check"),
            "linked": _("Linked to a company"),
            "skipped": _("Skipped"),
        }
        for outcome, title in titles.items():
            found = [i for i in result.issues if i.outcome == outcome]
            if not found:
                continue
            print(f"{title}: {len(found)}", file=out)
            for issue in found[:MAX_ISSUES_SHOWN]:
                column = f" [{issue.column}]" if issue.column else ""
                value = f" {issue.value!r}" if issue.value and outcome != "merged" else ""
                done = f" -> {issue.done}" if issue.done else ""
                print(
                    _("  line {line}{column}{value}: {message}{done}").format(
                        line=issue.line, column=column, value=value, message=issue.message, done=done
                    ),
                    file=out,
                )
            if len(found) > MAX_ISSUES_SHOWN:
                print(
                    _("  ... and {n} more{hint}").format(n=len(found) - MAX_ISSUES_SHOWN, hint=hint),
                    file=out,
                )
    return EXIT_FAILED if result.rejected or result.status == "cancelled" else EXIT_OK


def _export(db: Any, actor: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from dealercrm.services.exporting import ExportService

    service = ExportService(db.session_factory, actor=actor)
    guard_output(db, args.file)
    if args.kind == "all":
        result = service.export_all(path=args.file)
        print(
            _("Whole database exported to {path}: {rows} rows.").format(path=result.path, rows=result.rows),
            file=out,
        )
        return EXIT_OK
    result = service.export(kind=args.kind, path=args.file, ids=args.ids, french=args.french)
    print(
        _("{rows} {kind} exported to {path}.").format(rows=result.rows, kind=args.kind, path=result.path),
        file=out,
    )
    return EXIT_OK
