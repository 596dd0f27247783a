"""Every named URL the project serves, read from the resolver (for the permission matrix)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "children:detail"
    params: tuple[str, ...]


def all_routes() -> list[Route]:
    routes: dict[str, Route] = {}
    _walk(get_resolver().url_patterns, "", routes)
    return sorted(routes.values(), key=lambda r: r.name)


def _walk(patterns, namespace: str, out: dict[str, Route]) -> None:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            _walk(p.url_patterns, ns, out)
        elif isinstance(p, URLPattern):
            if not p.name:
                raise ValueError(f"URL pattern {p.pattern} has no name; every URL needs one")
            name = namespace + p.name
            out[name] = Route(name, tuple(p.pattern.regex.groupindex))
