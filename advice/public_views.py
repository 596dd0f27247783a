"""Ask the Virtual School: a public form, no sign-in. It makes a request and a reference, says
what happens next and shows nothing back: the same answer whoever asks about whoever, and the
same answer to a robot (whose message is dropped). Limited per address (hashed) and guarded
by a trap field and a minimum time to fill in, with no third-party service."""

from __future__ import annotations

import hashlib
import time

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_GET, require_http_methods

from advice.forms import AskForm
from advice.models import AdviceRequest
from advice.services import advice_request_create
from audit.services import client_ip
from authorities.models import LocalAuthority
from core.actors import SYSTEM

PER_HOUR = 5  # requests an address may send in an hour
FASTEST = 3  # seconds: a person takes longer than this to fill the form in
SALT = "advice.ask"


def _started() -> str:
    return signing.dumps(time.time(), salt=SALT)


def _seconds_taken(token: str) -> float | None:
    try:
        return time.time() - float(signing.loads(token, salt=SALT, max_age=6 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _allowed(request) -> bool:
    """At most PER_HOUR questions an hour from one address (its hash: the cache holds no
    IP address)."""
    ip = (client_ip(request) or "unknown").encode()
    key = "ask:" + hashlib.sha256(ip).hexdigest()[:32] + ":" + time.strftime("%Y%m%d%H")
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key) <= PER_HOUR
    except ValueError:  # expired between add and incr
        return True


@login_not_required
@require_http_methods(["GET", "POST"])
def ask(request, la_code):
    la = get_object_or_404(LocalAuthority, code=la_code)
    form = AskForm(request.POST or None, initial={"started": _started()})
    if request.method == "POST":
        if form.is_valid():  # only a complete question counts towards the hour's limit
            if not _allowed(request):
                return render(request, "advice/ask_limited.html", {"la": la}, status=429)
            return redirect_sent(la, _take(la, form.cleaned_data))
        form.data = form.data.copy()
        form.data["started"] = _started()
    return render(request, "advice/ask.html", {"form": form, "la": la})


def _take(la, data) -> str:
    """The request, or for a robot (the trap filled, or faster than a person) a reference that
    matches nothing: the page looks the same."""
    taken = _seconds_taken(data["started"])
    if data["website"] or taken is None or taken < FASTEST:
        return "ADV-" + get_random_string(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    today = timezone.localdate()
    named = bool(data["child_name"])
    values = {
        "channel": AdviceRequest.Channel.FORM,
        "requester_type": data["requester_type"],
        "requester_name": data["requester_name"],
        "requester_contact": data["requester_contact"],
        "order_type": data["order_type"],
        "phase": data["phase"],
        "setting_name": data["setting_name"],
        "topics": data["topics"],
        "question": data["question"],
        "child_name": data["child_name"],
        "consent_from": data["requester_name"] if named else "",
        "consent_on": today if named else None,
    }
    return advice_request_create(la=la, data=values, received_on=today, actor=SYSTEM).reference


def redirect_sent(la, reference: str):
    token = signing.dumps(reference, salt=SALT + ".sent")
    return redirect(f"/ask/{la.code}/sent/?r={token}")


@login_not_required
@require_GET
def sent(request, la_code):
    la = get_object_or_404(LocalAuthority, code=la_code)
    try:
        reference = signing.loads(request.GET.get("r", ""), salt=SALT + ".sent", max_age=86400)
    except signing.BadSignature:
        reference = None
    days = la.advice_response_working_days
    return render(request, "advice/ask_sent.html", {"la": la, "reference": reference, "days": days})
