"""Who may see and do what: admins everything, referents their sites' screens, partners
and viewers read only (partners' content rights come with the content pages)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from signage.console.people.models import Membership, Role


def membership(user: Any) -> Membership | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Membership(user=user, role=Role.ADMIN)
    try:
        found: Membership = user.membership
    except Membership.DoesNotExist:
        return None
    return found


def is_admin(user: Any) -> bool:
    found = membership(user)
    return found is not None and found.role == Role.ADMIN


def may_manage(user: Any, site: str) -> bool:
    """Whether ``user`` may register or revoke a screen of ``site``."""
    found = membership(user)
    if found is None:
        return False
    if found.role == Role.ADMIN:
        return True
    return found.role == Role.REFERENT and site in (found.site_list() or ())


def manageable_sites(user: Any, known: list[str]) -> list[str]:
    return [site for site in known if may_manage(user, site)]


View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Signed in and given a role by an admin (an account without one sees nothing)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if membership(request.user) is None:
            raise PermissionDenied("no role yet: ask an admin")
        return view(request, *args, **kwargs)

    return wrapped


def admin_required(view: View) -> View:
    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied("admins only")
        return view(request, *args, **kwargs)

    return wrapped


def role_context(request: HttpRequest) -> dict[str, Any]:
    # A request refused before the authentication middleware (a bad Host: the 400 page)
    # has no user: it draws as signed out.
    user = getattr(request, "user", None)
    found = membership(user) if user is not None else None
    return {
        "role": found.get_role_display() if found else None,
        "is_admin": found is not None and found.role == Role.ADMIN,
        # Admins and sites' referents approve partners' items (« À valider »).
        "approves": found is not None and found.role in (Role.ADMIN, Role.REFERENT),
        "edits_content": found is not None
        and (found.role == Role.ADMIN or (found.role == Role.PARTNER and bool(found.partner))),
    }
