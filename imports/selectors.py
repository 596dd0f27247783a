from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from imports.models import ImportRun


def import_runs_visible_to(user) -> QuerySet[ImportRun]:
    """Runs for LAs where the user may import; GIAS runs (no LA) to anyone who may import."""
    la_ids = la_ids_with(user, Capability.IMPORT_DATA)
    if not la_ids:
        return ImportRun.objects.none()
    return ImportRun.objects.filter(Q(la_id__in=la_ids) | Q(la__isnull=True))


def get_import_run_for_user(user, pk) -> ImportRun:
    run = import_runs_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if run is None:
        raise Http404("No such import")
    return run
