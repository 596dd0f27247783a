"""Import names and professionals: CSV columns
child_id,forename,surname,preferred_name,social_worker_name,social_worker_email,iro_name,
iro_email,carer_name,carer_email

Names update the child. Each professional is found (or created, without a password) by email,
given the matching role in the LA, and linked to the child; a previous link of the same kind is
ended. A blank email leaves that link as it is. All-or-nothing; a second run changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from accounts.services import user_create_or_update
from authorities.models import LocalAuthority
from children.models import Child, ChildRelationship
from core.actors import as_user
from imports.problems import Report
from imports.tables import Row, has_columns, read_csv
from imports.upsert import upsert

COLUMNS = (
    "child_id",
    "forename",
    "surname",
    "preferred_name",
    "social_worker_name",
    "social_worker_email",
    "iro_name",
    "iro_email",
    "carer_name",
    "carer_email",
)
LINKS = (
    ("social_worker", ChildRelationship.Kind.SOCIAL_WORKER, Role.SOCIAL_WORKER),
    ("iro", ChildRelationship.Kind.IRO, Role.IRO),
    ("carer", ChildRelationship.Kind.CARER, Role.CARER),
)


def people_import(
    *,
    path: Path,
    la: LocalAuthority,
    dry_run: bool = False,
    actor,
    progress=None,
    display_name: str | None = None,
) -> Report:
    report = Report()
    table = read_csv(path, display_name=display_name)
    if not has_columns(table, COLUMNS, report):
        return report
    children = {c.la_child_id: c for c in Child.objects.filter(la=la)}
    names: list[dict] = []
    links: list[tuple] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        _row(row, table.file, report, children, seen, names, links)
    if not report.ok:
        return report
    if dry_run:
        report.notes.append("Dry run: everything checked, nothing written.")
        return report
    with transaction.atomic():
        upsert(
            Child,
            key=("la_id", "la_child_id"),
            rows=names,
            existing=Child.objects.filter(la=la),
            report=report,
            label="children",
            actor=actor,
        )
        _apply_links(links, la, report, actor, progress)
    return report


def _row(row: Row, file, report, children, seen, names, links) -> None:
    def fail(column: str, message: str) -> None:
        report.problem(file, row.line, column, message)

    child_id = row.get("child_id")
    if child_id not in children:
        fail(
            "child_id",
            f"child_id '{child_id}' is not a child of this LA" if child_id else "child_id is blank",
        )
        return
    if child_id in seen:
        fail("child_id", f"child_id {child_id} is also on line {seen[child_id]}")
        return
    seen[child_id] = row.line
    child = children[child_id]
    name = {"la_id": child.la_id, "la_child_id": child_id}
    for column in ("forename", "surname", "preferred_name"):
        value = row.get(column)
        if len(value) > 100:
            fail(column, f"{column} is longer than 100 characters")
        name[column] = value[:100]
    names.append(name)
    for prefix, kind, role in LINKS:
        email = row.get(f"{prefix}_email").lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            fail(f"{prefix}_email", f"'{email}' is not an email address")
            continue
        links.append((child, kind, role, email, row.get(f"{prefix}_name")[:150]))


def _apply_links(links, la, report, actor, progress) -> None:
    """Everyone and every open link is read up front: a few queries for the whole file."""
    today = timezone.localdate()
    people = _people(links, la, report, actor)
    open_links: dict[tuple[int, str], list[ChildRelationship]] = {}
    for rel in ChildRelationship.objects.filter(child__la=la, ended_on__isnull=True):
        open_links.setdefault((rel.child_id, rel.kind), []).append(rel)
    for done, (child, kind, _role, email, _name) in enumerate(links, start=1):
        user = people[email]
        current = open_links.setdefault((child.pk, kind), [])
        if any(rel.user_id == user.pk for rel in current):
            report.count("links", "unchanged")
        else:
            for old in current:
                old.ended_on = today
                old.save(update_fields=["ended_on"])
            current[:] = [
                ChildRelationship.objects.create(
                    child=child, user=user, kind=kind, started_on=today
                )
            ]
            report.count("links", "created")
        if progress:
            progress("Linking", done, len(links))


def _people(links, la, report, actor) -> dict[str, User]:
    """email -> account, created where missing, each holding the role its links need in the LA."""
    names = {email: name for _c, _k, _r, email, name in links}
    users: dict[str, User] = {
        u.email_lower: u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=names)
    }
    for email, name in names.items():
        user = users.get(email)
        if user is None:
            users[email], _ = user_create_or_update(email=email, full_name=name)
            report.count("people", "created")
        elif name and not user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
            report.count("people", "updated")
        else:
            report.count("people", "unchanged")
    held = set(
        RoleAssignment.objects.filter(la=la, user__in=users.values()).values_list("user_id", "role")
    )
    for _c, _k, role, email, _n in links:
        if (users[email].pk, role) not in held:
            RoleAssignment.objects.create(
                user=users[email], role=role, la=la, created_by=as_user(actor)
            )
            held.add((users[email].pk, role))
    return users
