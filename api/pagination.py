"""Pages of named children in the API, each recorded with the children it showed."""

from __future__ import annotations

from ninja.pagination import LimitOffsetPagination

from audit.services import Action, access_log_record


class LoggedPagination(LimitOffsetPagination):
    """Limit/offset in the database (`limit` at most NINJA_PAGINATION_MAX_LIMIT); the page's
    children are written to the access log with the request, as the roll page does."""

    object_type = "child_list"

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        page[self.items_attribute] = items
        access_log_record(
            action=Action.VIEW,
            actor=request.user,
            request=request,
            object_type=self.object_type,
            object_id=f"api offset {pagination.offset}",
            children=[getattr(item, "child_id", item.pk) for item in items],
        )
        return page


class LoggedPepPagination(LoggedPagination):
    object_type = "pep"
