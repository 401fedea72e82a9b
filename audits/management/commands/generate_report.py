"""Queue or build a report from the command line (for operators and scheduled jobs)."""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audits.models import RecordsRequest
from audits.reports import services
from audits.reports.models import PERIOD_KIND_CHOICES, AuditReport
from hotelcompliance.tenancy import Property


class Command(BaseCommand):
    help = "Generate a report for a property (queued for the worker, or built here with --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--property", type=int, required=True, help="Property id.")
        parser.add_argument("--kind", choices=[k for k, _ in PERIOD_KIND_CHOICES], required=True)
        parser.add_argument("--as", dest="username", required=True, help="A manager's username.")
        parser.add_argument("--from", dest="period_start", type=date.fromisoformat)
        parser.add_argument("--to", dest="period_end", type=date.fromisoformat)
        parser.add_argument("--request", dest="records_request", help="Records request id.")
        parser.add_argument("--now", action="store_true", help="Build in this process.")

    def handle(self, *args: Any, **options: Any) -> None:
        prop = Property.objects.filter(pk=options["property"]).first()
        actor = get_user_model().objects.filter(username=options["username"]).first()
        if prop is None or actor is None:
            raise CommandError("Unknown property or user.")
        records_request = None
        if options["records_request"]:
            records_request = RecordsRequest.objects.filter(
                pk=options["records_request"], property=prop
            ).first()
            if records_request is None:
                raise CommandError("No such records request at this property.")
        try:
            report = services.report_request(
                prop=prop,
                actor=actor,
                kind=options["kind"],
                period_start=options["period_start"],
                period_end=options["period_end"],
                records_request=records_request,
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(str(error)) from error
        if options["now"]:
            outcome = services.report_build(str(report.pk))
            report = AuditReport.objects.get(pk=report.pk)
            if outcome == "failed":
                raise CommandError(f"Report {report.pk} failed: {report.error}")
            self.stdout.write(
                f"Report {report.pk}: {report.pages} pages, sha256 {report.sha256}, "
                f"code {report.verification_code}, file {report.file.name}"
            )
        else:
            self.stdout.write(f"Report {report.pk} queued.")
