"""`finsup loans`: the loan feed from the command line.

finsup loans ingest FILE --company CODE   ingest one file for a company (progress shown)
finsup loans inbox [--dir DIR]            ingest every complete file of the inbox folder; exits 3
                                          after all files when one was set aside in rejected/ or failed
finsup loans sweep                        delete stale upload spool files, finish or roll back what a
                                          killed ingestion left in the store (also run by ingest/inbox)
finsup loans migrate-store                rewrite a store of the company=/month= layout (layout.py)
finsup loans evaluate [--as-of DAY] [--company CODE ...]
                                          run the loan rules, store results, open warnings
finsup loans import-findings FILE --as-of DAY
                                          store findings computed by the Spark job
"""

import datetime
import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.core.request_context import Actor, acting_as
from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import all_institutions, institutions_by_credit_code
from finsup.loans.choices import BatchOutcome, FeedChannel
from finsup.loans.evaluation import company_context, loans_evaluate
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.inbox import inbox_collect
from finsup.loans.sweep import loans_sweep

INBOX_ATTENTION = 3  # the exit status of an inbox run that set a file aside or failed on one


class Command(BaseCommand):
    help = "Loan-level feed: ingest files, collect the inbox, evaluate the loan rules."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="ingest one file for a company")
        ingest.add_argument("file", type=Path)
        ingest.add_argument("--company", required=True, help="the company's unified social credit code")
        inbox = sub.add_parser("inbox", help="ingest the files waiting in the inbox folder")
        inbox.add_argument("--dir", type=Path, default=None)
        evaluate = sub.add_parser("evaluate", help="run the loan rules and open warnings")
        evaluate.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
        evaluate.add_argument("--company", action="append", default=None)
        sub.add_parser("sweep", help="remove stale upload spool files and recover half-done batches")
        sub.add_parser("rekey", help="apply the newest key layer to every stored pseudonym")
        sub.add_parser("migrate-store", help="rewrite a store of the company=/month= layout as company=")
        export = sub.add_parser("export-context", help="write companies.json for the Spark job")
        export.add_argument("--out", type=Path, required=True)
        export.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
        imported = sub.add_parser("import-findings", help="store findings of the Spark job (JSON)")
        imported.add_argument("file", type=Path)
        imported.add_argument("--as-of", type=datetime.date.fromisoformat, required=True)

    def handle(self, *args, **options):
        with acting_as(Actor(user=None, label="finsup loans", channel="command")):
            try:
                getattr(self, "_" + options["action"].replace("-", "_"))(options)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc

    def _progress(self, name: str):
        started = time.monotonic()

        def say(stage: str) -> None:
            self.stdout.write(f"  [{time.monotonic() - started:7.1f} s] {name}: {stage}")
            self.stdout.flush()

        return say

    def _show(self, batch) -> None:
        style = self.style.SUCCESS if batch.outcome != BatchOutcome.REJECTED else self.style.ERROR
        self.stdout.write(style(batch.report))
        self.stdout.write(f"  ({batch.seconds} s)")

    def _sweep(self, options):
        self.stdout.write(loans_sweep().as_text())

    def _swept(self) -> None:
        summary = loans_sweep()
        if summary.spool_removed or summary.published or summary.discarded:
            self.stdout.write(summary.as_text())

    def _ingest(self, options):
        self._swept()
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        institution = institutions_by_credit_code([options["company"].upper()]).first()
        if institution is None:
            raise CommandError(f"未登记的机构：{options['company']}")
        batch = loan_batch_receive(
            institution=institution,
            channel=FeedChannel.INBOX,
            source_name=path.name,
            path=path,
            progress=self._progress(path.name),
        )
        self._show(batch)
        if batch.outcome == BatchOutcome.REJECTED:
            raise CommandError("整批未导入")

    def _inbox(self, options):
        self._swept()
        inbox = options["dir"] or Path(settings.FINSUP_LOAN_INBOX)
        items = inbox_collect(inbox, progress_for=lambda p: self._progress(f"{p.parent.name}/{p.name}"))
        for item in items:
            if item.set_aside is not None:
                self.stderr.write(self.style.ERROR(f"{item.path}: {item.problem}（已移至 {item.set_aside}）"))
            elif item.batch is None:
                self.stderr.write(self.style.WARNING(f"{item.path}: {item.problem}"))
            else:
                self._show(item.batch)
        attention = [i for i in items if i.needs_attention]
        self.stdout.write(
            f"收件箱 {inbox}：处理 {sum(1 for i in items if i.batch)} 个文件，"
            f"其中无法读取而移至 rejected/ 的 {sum(1 for i in items if i.set_aside)} 个，"
            f"处理失败的 {sum(1 for i in items if i.failed)} 个。"
        )
        if attention:
            raise CommandError(f"{len(attention)} 个文件未能导入，见上", returncode=INBOX_ATTENTION)

    def _evaluate(self, options):
        institutions = None
        if options["company"]:
            institutions = list(institutions_by_credit_code(c.upper() for c in options["company"]))
        summary = loans_evaluate(as_of=options["as_of"], institutions=institutions)
        self.stdout.write(
            f"{summary.as_of}: {summary.companies} 家公司，写入结果 {summary.results_written} 条，"
            f"新开预警 {summary.warnings_opened} 条。"
        )

    def _rekey(self, options):
        from finsup.loans.keyring import KeyringError, rekey
        from finsup.loans.store import store_dir

        try:
            count = rekey(store_dir())
        except KeyringError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已更新 {count} 个贷款数据文件的借款人假名。")

    def _migrate_store(self, options):
        from finsup.loans.layout import migrate
        from finsup.loans.store import store_dir

        count = migrate(store_dir())
        if count:
            self.stdout.write(f"已将贷款数据存储转换为按公司分区：写入 {count} 个文件。")
        else:
            self.stdout.write("贷款数据存储已是按公司分区的格式，无需转换。")

    def _export_context(self, options):
        as_of = options["as_of"] or clock.today()
        companies = all_institutions().filter(kind=InstitutionKind.MICROLOAN).select_related("county")
        context = company_context(companies.prefetch_related("business_region"), as_of)
        payload = {
            code: {
                "net_assets": None if c["net_assets"] is None else str(c["net_assets"]),
                "approved_counties": c["approved_counties"],
                "online_lending": c["online_lending"],
            }
            for code, c in sorted(context.items())
        }
        options["out"].write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(f"{options['out']}：{len(payload)} 家公司（{as_of}）。")

    def _import_findings(self, options):
        from finsup.rulebook.findings_io import findings_from_json

        findings = findings_from_json(options["file"].read_text(encoding="utf-8"))
        codes = sorted({f.company for f in findings})
        institutions = list(institutions_by_credit_code(codes))
        summary = loans_evaluate(as_of=options["as_of"], institutions=institutions, findings=findings)
        self.stdout.write(
            f"{summary.as_of}: 导入 {len(findings)} 条结论，写入结果 {summary.results_written} 条，"
            f"新开预警 {summary.warnings_opened} 条。"
        )
