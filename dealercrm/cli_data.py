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
import json
import sys
from pathlib import Path
from typing import Any, TextIO

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

IMPORT_KINDS = ("contacts", "vehicles", "service_visits", "claims", "interactions")
EXPORT_KINDS = ("contacts", "vehicles", "sales", "claims", "interactions")
MAX_ISSUES_SHOWN = 20


def register(commands: Any) -> None:
    """Add `import` and `export` to the `dealercrm` parser's sub-commands."""
    imp = commands.add_parser(
        "import",
        help="import contacts, vehicles, visits, claims or interactions from CSV/XLSX; list or undo imports",
        description="Import from a CSV or XLSX file (encoding, separator and column mapping detected). "
        "Exit code 1 when some rows were rejected (the good ones are imported).",
    )
    actions = imp.add_subparsers(dest="import_command", metavar="KIND|list|undo", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("file", type=Path, help="the CSV or XLSX file")
    common.add_argument(
        "--mapping", type=Path, metavar="FILE.json", help='column mapping {"header": "field"}'
    )
    common.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    common.add_argument(
        "--report", type=output_file, metavar="FILE.csv", help="write the rejected rows and why"
    )
    common.add_argument(
        "--on-duplicate",
        choices=("update", "overwrite", "skip"),
        default=None,
        help="a contact with the same phone or e-mail already exists: update = fill its blanks only "
        "(default, or the mapping file's rule), overwrite = replace what differs, skip = leave it alone",
    )
    common.add_argument(
        "--write-mapping",
        type=output_file,
        metavar="FILE.json",
        help="write the detected mapping, each distinct value of each choice column with the code proposed "
        "for it, and the duplicate rule, to check and edit before importing with --mapping; imports nothing",
    )
    common.add_argument(
        "--batch", type=count(1, 1_000_000), default=3000, help="rows per transaction (default 3000)"
    )
    common.add_argument("--json", action="store_true", help="print the result as JSON")
    for kind in IMPORT_KINDS:
        actions.add_parser(kind, parents=[common], help=f"import {kind.replace('_', ' ')}")
    spend = actions.add_parser("spend", help="marketing spend per month and channel (month, channel, amount)")
    spend.add_argument("file", type=Path, help="the CSV or XLSX file")
    actions.add_parser("list", help="the latest imports")
    undo = actions.add_parser("undo", help="remove what one import added and restore what it changed")
    undo.add_argument("id", type=record_id, help="the import's number (see `dealercrm import list`)")
    undo.add_argument("--json", action="store_true", help="print the result as JSON")

    exp = commands.add_parser(
        "export",
        help="export a list to CSV/XLSX/vCard, or the whole database to a zip",
        description="Export to FILE; the format is its extension (.csv, .xlsx, .vcf for contacts). "
        "`export all FILE.zip` writes every table as CSV plus a JSON manifest.",
    )
    exp.add_argument("kind", choices=(*EXPORT_KINDS, "all"))
    exp.add_argument("file", type=output_file)
    exp.add_argument(
        "--french", action="store_true", help="CSV for French Excel: `;`, decimal commas, dd/mm/yyyy"
    )
    exp.add_argument("--ids", type=record_ids, help="only these ids, comma-separated")


def run(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `dealercrm import ...` or `dealercrm export ...`; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    from dealercrm.services.permissions import SYSTEM_ACTOR

    try:
        db = open_db(args)
        try:
            if args.command == "import":
                return _import(db, SYSTEM_ACTOR, args, out, err)
            if args.command == "export":
                return _export(db, SYSTEM_ACTOR, args, out, err)
            raise AssertionError(args.command)
        finally:
            db.dispose()
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
            print(f"  line {bad.line}: {bad.message}", file=out)
        return EXIT_FAILED if spent.rejected else EXIT_OK
    service = ImportService(db.session_factory, actor=actor)
    if args.import_command == "list":
        for run in service.list_runs():
            when = run.started_at.strftime("%Y-%m-%d %H:%M")
            print(
                f"#{run.id:<5} {when}  {run.status:<11} {run.kind:<14} {run.file_name}  "
                f"created {run.created}, updated {run.updated}, skipped {run.skipped}, "
                f"rejected {run.rejected}, already there {run.resumed}",
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
                f"Import #{undone.run_id} undone: deleted {deleted}; {undone.restored} record(s) restored.",
                file=out,
            )
            for entity, n in undone.kept.items():
                print(f"  kept {n} {entity} that other data now uses", file=out)
        return EXIT_OK
    kind = args.import_command
    if not args.file.is_file():
        what = "is a folder, not a file" if args.file.is_dir() else "does not exist"
        say(f"{args.file} {what}: nothing was imported.", file=err)
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
            for header in overview.headers:
                print(f"  {header!r:<32} -> {mapping.get(header, '(ignored)')}", file=out)

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
        print(
            f"Mapping written to {args.write_mapping}: {len(mapping)} column(s), "
            f"{sum(len(c.values) for c in columns)} distinct choice value(s) ({guessed} to check). "
            f"Edit it, then import with --mapping {args.write_mapping}.",
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
        what = "Dry run (nothing written)" if args.dry_run else f"Import #{result.run_id} {result.status}"
        print(
            f"{what}: {result.rows} rows in {result.seconds:.1f} s - created {result.created}, "
            f"updated {result.updated}, unchanged {result.unchanged}, skipped {result.skipped}, "
            f"rejected {result.rejected}, already imported {result.already_imported}.",
            file=out,
        )
        if result.previous_runs and result.already_imported:
            runs = ", ".join(f"#{r}" for r in result.previous_runs)
            print(
                f"This file was imported before ({runs}): its rows already there were left alone.", file=out
            )
        hint = f" (all of them in {args.report})" if args.report else " (use --report FILE to get them all)"
        titles = {
            "rejected": "Rejected (not imported)",
            "merged": "Merged into an existing contact",
            "warning": "Imported, to check",
            "linked": "Linked to a company",
            "skipped": "Skipped",
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
                print(f"  line {issue.line}{column}{value}: {issue.message}{done}", file=out)
            if len(found) > MAX_ISSUES_SHOWN:
                print(f"  ... and {len(found) - MAX_ISSUES_SHOWN} more{hint}", file=out)
    return EXIT_FAILED if result.rejected or result.status == "cancelled" else EXIT_OK


def _export(db: Any, actor: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from dealercrm.services.exporting import ExportService

    service = ExportService(db.session_factory, actor=actor)
    guard_output(db, args.file)
    if args.kind == "all":
        result = service.export_all(path=args.file)
        print(f"Whole database exported to {result.path}: {result.rows} rows.", file=out)
        return EXIT_OK
    result = service.export(kind=args.kind, path=args.file, ids=args.ids, french=args.french)
    print(f"{result.rows} {args.kind} exported to {result.path}.", file=out)
    return EXIT_OK
