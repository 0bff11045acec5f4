"""The one way to reach an organisation's data: resolve a `Scope`, then filter through it.

A scope is the organisation plus what the current user may do there. Views get it from the
`org_view` decorator, the API from `api_scope`; queries take it as an argument and filter by
its organisation in the same query, so no row is ever fetched by an id from the request alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from .models import Membership, MembershipRole, Organisation, Role

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    user: Any
    membership: Membership | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    def has(self, *roles: str) -> bool:
        """True when the user holds any of the roles (admin implies every role)."""
        return bool(self.roles & set(roles)) or Role.ADMIN in self.roles

    def filter(self, queryset: QuerySet[M], *, path: str = "organisation") -> QuerySet[M]:
        """Restrict a queryset to this organisation (`path` is the lookup to it)."""
        return queryset.filter(**{path: self.organisation})

    def get(self, queryset: QuerySet[M], *, path: str = "organisation", **lookup: Any) -> M:
        """One row of this organisation, or 404 — never another organisation's row."""
        try:
            return self.filter(queryset, path=path).get(**lookup)
        except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
            raise Http404 from None


def _active_membership(user: Any, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation, is_active=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch("roles", queryset=MembershipRole.objects.only("role", "membership"))
        )
        .first()
    )


def resolve_scope(user: Any, org_slug: str) -> Scope:
    """The scope of `user` in the organisation `org_slug`; 404 when there is no such active one."""
    if getattr(user, "is_authenticated", False):
        organisation = Organisation.objects.filter(slug=org_slug, is_active=True).first()
    else:
        from .public import cached_organisation

        organisation = cached_organisation(org_slug)
    if organisation is None:
        raise Http404
    membership = _active_membership(user, organisation)
    roles = frozenset(membership.role_codes) if membership is not None else frozenset()
    return Scope(organisation=organisation, user=user, membership=membership, roles=roles)


def memberships_of(user: Any) -> QuerySet[Membership]:
    """The active memberships of a user in active organisations, with their roles."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation", "unit")
        .prefetch_related("roles")
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class Access:
    """Who may use a view. Read by the isolation matrix test for every URL."""

    public: bool = False
    roles: frozenset[str] = frozenset()  # empty and not public: any member

    def openapi(self) -> dict[str, Any]:
        """The `x-access` extension put on an API operation, for clients and the matrix test."""
        return {"x-access": {"public": self.public, "roles": sorted(self.roles)}}

    def api(self) -> dict[str, Any]:
        """Keyword arguments for an organisation's API operation: its authentication (which
        enforces this access before the body is parsed) and its documented `x-access`."""
        from municipium.api_auth import auth_for

        return {"auth": None if self.public else auth_for(self), "openapi_extra": self.openapi()}

    def allows(self, scope: Scope) -> bool:
        if self.public:
            return True
        if not scope.is_member:
            return False
        return not self.roles or scope.has(*self.roles)


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def org_view(*, roles: Iterable[str] = (), public: bool = False) -> Callable[[V], V]:
    """Decorate a view taking `org`: resolves the scope into `request.scope` and enforces access.

    Anonymous users are sent to sign in; signed-in users without the right get 403.
    """
    access = Access(public=public, roles=frozenset(roles))

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            scope = resolve_scope(request.user, org)
            if not access.allows(scope):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            request.scope = scope  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.access = access  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def api_scope(request: HttpRequest, org_slug: str, access: Access) -> Scope:
    """The scope of the API caller, enforcing `access` (403 otherwise). Operations declared
    with `**access.api()` have it checked already, during authentication."""
    checked = getattr(request, "scope", None)
    if checked is not None:
        return checked
    user = getattr(request, "auth", None) or request.user
    scope = resolve_scope(user, org_slug)
    if not access.allows(scope):
        raise PermissionDenied
    return scope


def require_role(scope: Scope, *roles: str) -> None:
    if not scope.has(*roles):
        raise PermissionDenied
