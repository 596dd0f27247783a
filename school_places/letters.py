"""The escalation letters: the service's wording (DEFAULTS) or the LA's own (LetterTemplate),
filled in with string.Template placeholders, rendered as a tagged PDF and as a Word document
the officer can edit before sending."""

from __future__ import annotations

import io
import string
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import print_css, tagged_pdf
from school_places.models import Escalation, LetterTemplate
from school_places.rules import SEVEN_DAYS, period_ends

K = LetterTemplate.Kind
PLACEHOLDERS = {
    "la_name": "Our council's name",
    "officer_name": "The officer sending the letter",
    "today": "Today's date",
    "child_name": "The child's name",
    "child_dob": "The child's date of birth",
    "school_name": "The school's name",
    "school_urn": "The school's URN",
    "admission_authority": "Who admits to the school",
    "applied_on": "The date the application was sent",
    "refused_on": "The date of the refusal (or blank)",
    "refusal_reason": "The reason given (or blank)",
    "reply_by": "The last day of the seven days to reply or refer",
    "direct_from": "The first day a direction may be given",
}
DEFAULTS: dict[str, tuple[str, str]] = {
    K.CONSULTATION: (
        "Consultation on a direction to admit $child_name",
        "We intend to direct $school_name (URN $school_urn) to admit $child_name, born "
        "$child_dob, a child looked after by $la_name, under section 97A of the School "
        "Standards and Framework Act 1998. An application was made on $applied_on and was not "
        "accepted. $refusal_reason\n\nLooked-after children have the highest priority in "
        "admission arrangements. Before deciding, we are consulting $admission_authority. "
        "Please reply by $reply_by.",
    ),
    K.NOTICE: (
        "Notice of our decision to direct the admission of $child_name",
        "Having consulted $admission_authority, $la_name has decided to direct $school_name "
        "(URN $school_urn) to admit $child_name, born $child_dob.\n\nThis notice goes to the "
        "admission authority, the governing body, the head teacher and the school's local "
        "authority. The school may refer the matter to the Schools Adjudicator within seven "
        "days beginning with today, that is by $reply_by. Without a referral we will give the "
        "direction on or after $direct_from.",
    ),
    K.DIRECTION: (
        "Direction to admit $child_name",
        "Under section 97A of the School Standards and Framework Act 1998, $la_name directs "
        "$admission_authority to admit $child_name, born $child_dob, to $school_name (URN "
        "$school_urn). Please confirm the start date to $officer_name.",
    ),
    K.SOS_REQUEST: (
        "Request for a direction to admit $child_name to an academy",
        "$la_name asks the Secretary of State, through the Department for Education's funding "
        "agency, to direct $school_name (URN $school_urn), an academy, to admit $child_name, "
        "born $child_dob, a looked-after child. The application made on $applied_on was not "
        "accepted. $refusal_reason\n\nThe local authority may not direct an academy itself.",
    ),
    K.SOS_CHASE: (
        "Chasing our request for a direction to admit $child_name",
        "On behalf of $la_name, I am chasing our request for a direction to admit $child_name "
        "to $school_name (URN $school_urn). The child remains without a suitable school place.",
    ),
}
FOR_ROUTE = {
    Escalation.Route.DIRECTION: (K.CONSULTATION, K.NOTICE, K.DIRECTION),
    Escalation.Route.SECRETARY_OF_STATE: (K.SOS_REQUEST, K.SOS_CHASE),
}


@dataclass
class Letter:
    kind: str
    subject: str
    paragraphs: list[str]
    la_name: str


def unknown_placeholders(text: str) -> list[str]:
    return sorted(set(string.Template(text).get_identifiers()) - set(PLACEHOLDERS))


def wording(la, kind: str) -> tuple[str, str]:
    own = LetterTemplate.objects.filter(la=la, kind=kind).first()
    return (own.subject, own.body) if own else DEFAULTS[kind]


def letter_for(escalation: Escalation, kind: str, *, officer) -> Letter:
    subject, body = wording(escalation.case.la, kind)
    values = _values(escalation, officer)
    fill = lambda text: string.Template(text).safe_substitute(values)  # noqa: E731
    paragraphs = [p.strip() for p in fill(body).split("\n\n") if p.strip()]
    return Letter(kind, fill(subject), paragraphs, escalation.case.la.name)


def _values(e: Escalation, officer) -> dict[str, str]:
    application, child = e.application, e.case.child
    first = e.notice_on if e.notice_on else (e.consulted_on or timezone.localdate())
    day = "%-d %B %Y"
    return {
        "la_name": e.case.la.name,
        "officer_name": officer.get_full_name() or officer.email,
        "today": f"{timezone.localdate():{day}}",
        "child_name": f"{child.forename} {child.surname}".strip() or child.display_name,
        "child_dob": f"{child.date_of_birth:{day}}" if child.date_of_birth else "",
        "school_name": application.school.name,
        "school_urn": str(application.school.urn),
        "admission_authority": application.admission_authority or "the admission authority",
        "applied_on": f"{application.sent_on:{day}}",
        "refused_on": f"{application.decided_on:{day}}" if application.decided_on else "",
        "refusal_reason": f"The reason given: {application.reason}" if application.reason else "",
        "reply_by": f"{period_ends(first):{day}}",
        "direct_from": f"{(first + SEVEN_DAYS):{day}}",
    }


def letter_pdf(letter: Letter) -> bytes:
    context = {"letter": letter, "inline_css": print_css()}
    html = render_to_string("school_places/letter.html", context)
    return tagged_pdf(html, uncompressed=True)


def letter_docx(letter: Letter) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = letter.subject
    doc.core_properties.keywords = "OFFICIAL-SENSITIVE"
    doc.sections[0].header.paragraphs[0].text = f"OFFICIAL-SENSITIVE. {letter.la_name}"
    doc.add_heading(letter.subject, level=1)
    for paragraph in letter.paragraphs:
        doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
