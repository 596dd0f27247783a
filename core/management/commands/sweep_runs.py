from django.core.management.base import BaseCommand

from imports.services import import_runs_sweep
from reports.services import report_runs_sweep


class Command(BaseCommand):
    help = (
        "Find import and report runs whose worker died: queue them again, or mark them failed "
        "after the last attempt. The pages do this when looked at; run it from cron as well."
    )

    def handle(self, *args, **options):
        imports, reports = import_runs_sweep(), report_runs_sweep()
        self.stdout.write(f"{imports} import runs and {reports} report runs found stopped.")
