"""PEPs in the API, with the pages' rules: the same access helper and the same services."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.roles import Capability
from accounts.selectors import user_capabilities
from api.pagination import LoggedPepPagination
from api.params import TermKey, Text
from children.models import Child
from peps.access import get_pep_for_user
from peps.models import Pep, PepType
from peps.models import Status as PepStatus
from peps.services import PepWrongState, pep_return, pep_sign_off, pep_submit

router = Router(tags=["peps"])


class PepSummaryOut(Schema):
    id: int
    child_id: int
    pep_type: PepType
    term: str | None
    due_on: datetime.date
    status: PepStatus
    version: int
    quality_rating: str

    @staticmethod
    def resolve_term(p) -> str | None:
        if isinstance(p, dict):  # a PEP's detail, already as data
            return p.get("term")
        return f"{p.term.academic_year}-{p.term.name}" if p.term else None


class SectionOut(Schema):
    key: str
    text: str
    revision: int


class TargetOut(Schema):
    what: str
    measure: str
    by_when: datetime.date
    who: str
    pp_amount: Decimal
    category: str
    outcome: str


class PepOut(PepSummaryOut):
    returned_reason: str
    meeting_on: datetime.date | None
    next_meeting_on: datetime.date | None
    previous_id: int | None
    sections: list[SectionOut]
    targets: list[TargetOut]


class ReturnIn(Schema):
    reason: Text


def _summary(p: Pep) -> dict:
    return {
        "id": p.pk,
        "child_id": p.child_id,
        "pep_type": p.pep_type,
        "term": f"{p.term.academic_year}-{p.term.name}" if p.term else None,
        "due_on": p.due_on,
        "status": p.status,
        "version": p.version,
        "quality_rating": p.quality_rating,
    }


@router.get("/peps", response=list[PepSummaryOut])
@paginate(LoggedPepPagination)
def list_peps(request, term: TermKey | None = None, status: PepStatus | None = None):
    """PEPs of the children you may see. term: YYYY-autumn|spring|summer (the school year the
    autumn term starts in)."""
    if Capability.VIEW_CHILD not in user_capabilities(request.user):
        raise HttpError(403, "Your roles do not include seeing children's records")
    peps = Pep.objects.filter(child__in=Child.objects.visible_to(request.user).values("pk"))
    if term:
        year, _, name = term.partition("-")  # its shape is checked by the schema
        peps = peps.filter(term__academic_year=int(year), term__name=name)
    if status:  # an enumeration in the schema: anything else is a 422 before we get here
        peps = peps.filter(status=status)
    # A queryset: the pagination slices it in the database, so only one page is loaded.
    return peps.select_related("term").order_by("due_on", "pk")


@router.get("/peps/{pep_id}", response=PepOut)
def get_pep(request, pep_id: int):
    pep = get_pep_for_user(request.user, pep_id, request=request)
    return _detail(pep)


def _detail(pep: Pep) -> dict:
    return {
        **_summary(pep),
        "returned_reason": pep.returned_reason,
        "meeting_on": pep.meeting_on,
        "next_meeting_on": pep.next_meeting_on,
        "previous_id": pep.previous_id,
        "sections": [
            {"key": s.key, "text": s.text, "revision": s.revision} for s in pep.sections.all()
        ],
        "targets": list(
            pep.targets.values(
                "what", "measure", "by_when", "who", "pp_amount", "category", "outcome"
            )
        ),
    }


# Who may take each step, and from which states (peps/rules.py). Someone whose roles never
# allow the step is refused (403); someone who may, asking at the wrong moment, meets a
# conflict with the PEP's state (409).
def _transition(request, pep_id: int, action) -> dict:
    """The service checks the step by peps.rules; its refusals map to 403 (not your step), 409
    (your step, but not now) and 422 (something missing)."""
    pep = get_pep_for_user(request.user, pep_id, request=request)
    try:
        action(pep)
    except PepWrongState as exc:
        raise HttpError(409, str(exc)) from None
    except PermissionDenied:
        raise HttpError(403, "Your role does not allow this step for this PEP") from None
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None
    return _detail(pep)


@router.post("/peps/{pep_id}/submit", response=PepOut)
def submit_pep(request, pep_id: int):
    return _transition(request, pep_id, lambda p: pep_submit(pep=p, actor=request.user))


@router.post("/peps/{pep_id}/return", response=PepOut)
def return_pep(request, pep_id: int, body: ReturnIn):
    return _transition(
        request, pep_id, lambda p: pep_return(pep=p, reason=body.reason, actor=request.user)
    )


@router.post("/peps/{pep_id}/sign-off", response=PepOut)
def sign_off_pep(request, pep_id: int):
    return _transition(request, pep_id, lambda p: pep_sign_off(pep=p, actor=request.user))
