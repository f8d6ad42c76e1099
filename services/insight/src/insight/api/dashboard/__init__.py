"""The dashboard (server-rendered HTML at `/`): sign-in, pages, report downloads."""

from insight.api.dashboard import downloads, pages, signin

ROUTERS = [signin.router, pages.router, downloads.router]
