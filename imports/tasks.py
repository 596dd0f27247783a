from django_tasks import task

from imports.services import import_run_execute


@task()
def run_import(run_id: int) -> None:
    import_run_execute(run_id=run_id)
