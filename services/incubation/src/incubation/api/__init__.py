"""Incubation HTTP routes, one router per part of a district's work."""

from fastapi import APIRouter

from incubation.api import cases, growth, reference, support

ROUTERS: list[APIRouter] = [cases.router, support.router, growth.router, reference.router]
