"""Self-evaluation pages: a school's evaluations and their trend, the online form the designated
teacher completes, the officer's review, and the LA's criteria."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.forms import add_validation_errors
from schools.selectors import get_school
from schools.views import _la_of
from self_evaluations import services
from self_evaluations.access import may_complete
from self_evaluations.forms import AnswerForm, CriteriaForm, ReviewForm
from self_evaluations.models import SelfEvaluation
from self_evaluations.selectors import criteria_for, summary


def _get(user, pk) -> SelfEvaluation:
    evaluation = SelfEvaluation.objects.filter(pk=pk).select_related("school", "la").first()
    if evaluation is None or not may_complete(user, evaluation):
        raise Http404("No such self-evaluation")
    return evaluation


@require_http_methods(["GET", "POST"])
def school_evaluations(request, urn):
    school = get_school(urn)
    staff = la_ids_with(request.user, Capability.WORK_WITH_SCHOOLS)
    found = [
        e for e in school.self_evaluations.select_related("la") if may_complete(request.user, e)
    ]
    if not staff and not found and school.pk not in _dt_schools(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _start(request, school)
    history = [(e, summary(e)) for e in found]
    context = {"school": school, "history": history, "can_start": bool(staff)}
    return render(request, "self_evaluations/school.html", context)


def _dt_schools(user) -> set[int]:
    from accounts.selectors import school_ids_as_designated_teacher

    return school_ids_as_designated_teacher(user)


def _start(request, school):
    la = _la_of(request.user, Capability.WORK_WITH_SCHOOLS)
    try:
        evaluation = services.self_evaluation_start(
            la=la, school=school, day=timezone.localdate(), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("self_evaluations:school", urn=school.urn)
    return redirect("self_evaluations:detail", pk=evaluation.pk)


@require_http_methods(["GET", "POST"])
def evaluation_detail(request, pk):
    evaluation = _get(request.user, pk)
    answers = list(evaluation.answers.select_related("criterion"))
    data = request.POST or None
    forms = [(a, AnswerForm(data, prefix=f"a{a.pk}", initial=_initial(a))) for a in answers]
    review = ReviewForm(data if request.POST.get("do") == "review" else None)
    if request.method == "POST" and all(f.is_valid() for _, f in forms):
        done = _act(request, evaluation, forms, review)
        if done:
            return done
    staff = evaluation.la_id in la_ids_with(request.user, Capability.WORK_WITH_SCHOOLS)
    context = {
        "evaluation": evaluation,
        "forms": forms,
        "review": review,
        "staff": staff,
        "page_errors": any(f.errors for _, f in forms) or bool(review.errors),
    }
    return render(request, "self_evaluations/detail.html", context)


def _initial(answer) -> dict:
    return {
        f: getattr(answer, f) for f in ("rating", "evidence", "action", "owner_name", "deadline")
    }


def _act(request, evaluation, forms, review):
    answers = {a.pk: f.cleaned_data for a, f in forms}
    today, do = timezone.localdate(), request.POST.get("do", "save")
    try:
        if evaluation.status != SelfEvaluation.Status.REVIEWED:
            services.self_evaluation_answers_save(
                evaluation=evaluation, answers=answers, actor=request.user
            )
        if do == "submit":
            services.self_evaluation_submit(evaluation=evaluation, day=today, actor=request.user)
        if do == "review":
            if not review.is_valid():
                return None
            made = services.self_evaluation_review(
                evaluation=evaluation,
                day=today,
                reaudit_on=review.cleaned_data["reaudit_on"],
                actor=request.user,
            )
            messages.success(request, f"Reviewed: {made} action{'s' * (made != 1)} made.")
            return redirect("schools:detail", urn=evaluation.school.urn)
    except ValidationError as exc:
        add_validation_errors(review if do == "review" else forms[0][1], exc)
        return None
    messages.success(request, "Submitted for review." if do == "submit" else "Saved.")
    return redirect("self_evaluations:detail", pk=evaluation.pk)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.MANAGE_AREAS)
def criteria(request):
    la = _la_of(request.user, Capability.MANAGE_AREAS)
    current = criteria_for(la)
    form = CriteriaForm(
        request.POST or None, initial={"criteria": "\n".join(c.text for c in current)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set(
                la=la, lines=form.cleaned_data["criteria"].splitlines(), actor=request.user
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Self-evaluation criteria saved.")
            return redirect("self_evaluations:criteria")
    return render(request, "self_evaluations/criteria.html", {"form": form, "la": la})
