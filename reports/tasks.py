from django_tasks import task

from reports.services import report_run_execute


@task()
def generate_report(run_id: int) -> None:
    report_run_execute(run_id=run_id)
