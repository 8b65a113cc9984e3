"""People's pages: signing in (and, for admins, the people and partners of the console)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True
