"""The advice service's figures for a period (the annual report, and the board's report with
small numbers suppressed): requests by who asked, topic, order and phase, and the response
time in working days against the LA's target. Counts are of requests; a request names no
child on the roll."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import median

from advice.models import TOPICS, AdviceRequest
from advice.rules import response_working_days
from reports.figures import Breakdown, Figure, Section, children_figure


def advice_section(la, period) -> Section:
    found = list(
        AdviceRequest.objects.filter(
            la=la, received_on__gte=period.start, received_on__lte=period.end
        ).only(
            "pk",
            "requester_type",
            "order_type",
            "phase",
            "topics",
            "received_on",
            "first_answered_on",
            "due_on",
        )
    )
    n = len(found)
    answered = [r for r in found if r.first_answered_on]
    on_time = [r.pk for r in answered if r.first_answered_on and r.first_answered_on <= r.due_on]
    section = Section("advice", "Advice for previously looked-after children and kinship families")
    section.note = (
        f"Requests received {period.label}; answered in time: within "
        f"{la.advice_response_working_days} working days. Counts are of requests, not children."
    )
    section.figures = [
        children_figure("advice.total", "Requests received", [r.pk for r in found]),
        children_figure(
            "advice.answered_in_time", "Answered within the target", on_time, of=len(answered)
        ),
        _median(answered),
    ]
    section.breakdowns = [
        _by(
            "advice.who",
            "By who asked",
            "Who asked",
            found,
            lambda r: [r.get_requester_type_display()],
            n,
        ),
        _by(
            "advice.topic",
            "By topic (a request may have several)",
            "Topic",
            found,
            lambda r: r.topic_labels(),
            n,
        ),
        _by(
            "advice.order",
            "By the child's order",
            "Order",
            found,
            lambda r: [r.get_order_type_display()],
            n,
        ),
        _by("advice.phase", "By phase", "Phase", found, lambda r: [r.get_phase_display()], n),
    ]
    return section


def _median(answered) -> Figure:
    days = [response_working_days(r.received_on, r.first_answered_on) for r in answered]
    value = Decimal(str(round(median(days), 1))) if days else None
    return Figure(
        "advice.median_days",
        "Median working days to the first answer",
        None,
        unit="working days",
        value=value,
        children=tuple(r.pk for r in answered),
    )


def _by(key, title, heading, found, labels_of, n) -> Breakdown:
    buckets: dict[str, list[int]] = defaultdict(list)
    for r in found:
        for label in labels_of(r):
            buckets[label].append(r.pk)
    order = {label: i for i, (_, label) in enumerate(TOPICS)}
    rows = [
        children_figure(f"{key}.{label}", label, pks, of=n)
        for label, pks in sorted(buckets.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    ]
    return Breakdown(key, title, heading, rows, "count")
