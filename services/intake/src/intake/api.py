"""Intake HTTP routes: what a university does through the API."""

from datetime import UTC, date, datetime
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, Field, model_validator
from relay_contracts import Actor, OrganizationKind
from relay_contracts.intake import SouthwestDistrict
from relay_eventing import Cause, UnitOfWork
from relay_eventing.http import ActorDep, forbidden, not_found
from relay_eventing.service import RuntimeDep

from intake import handlers
from intake.model import Startup
from intake.repository import StartupRepository

router = APIRouter(tags=["startups"])


class Founder(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    birth_date: date
    role: Literal["ceo", "cto", "coo", "cfo", "member"]


class SubmitStartup(BaseModel):
    company_name: str = Field(min_length=1, max_length=200)
    stage: Literal["pre_startup", "early"]
    business_registration_number: str | None = Field(default=None, pattern=r"^\d{10}$")
    founders: list[Founder] = Field(min_length=1)
    sector: str = Field(min_length=1, max_length=100)
    desired_district: SouthwestDistrict

    @model_validator(mode="after")
    def needs_a_ceo(self) -> "SubmitStartup":
        if not any(founder.role == "ceo" for founder in self.founders):
            raise ValueError("founders: a founder with role 'ceo' is required")
        return self

    def ceo(self) -> Founder:
        return next(founder for founder in self.founders if founder.role == "ceo")


class StartupView(BaseModel):
    startup_id: str
    university_id: str
    company_name: str
    stage: str
    sector: str
    desired_district: str
    youth: bool
    status: str

    @classmethod
    def of(cls, startup: Startup) -> "StartupView":
        return cls(
            startup_id=startup.startup_id,
            university_id=startup.university_id,
            company_name=startup.company_name,
            stage=startup.stage,
            sector=startup.sector,
            desired_district=startup.desired_district,
            youth=startup.youth,
            status=startup.status.value,
        )


def require_university(actor: Actor) -> str:
    if actor.organization_kind is not OrganizationKind.UNIVERSITY:
        raise forbidden("only a university can act on startups in intake")
    return actor.organization_id


@router.post("/startups", status_code=status.HTTP_201_CREATED)
async def submit_startup(body: SubmitStartup, actor: ActorDep, runtime: RuntimeDep) -> StartupView:
    university_id = require_university(actor)
    submission = handlers.Submission(
        university_id=university_id,
        company_name=body.company_name,
        stage=body.stage,
        business_registration_number=body.business_registration_number,
        sector=body.sector,
        desired_district=body.desired_district,
        ceo_birth_date=body.ceo().birth_date,
        submitted_on=datetime.now(UTC).date(),
    )

    async def work(unit: UnitOfWork) -> Startup:
        startup, events = await handlers.submit_startup(unit, submission, Cause.request(actor))
        unit.emit(*events)
        return startup

    startup: Startup = await runtime.transact(work)
    return StartupView.of(startup)


async def _owned(unit: UnitOfWork, startup_id: str, university_id: str) -> Startup:
    startup = await StartupRepository(unit).get(startup_id)
    if startup is None:
        raise not_found(f"startup {startup_id}")
    if startup.university_id != university_id:
        raise forbidden(f"startup {startup_id} was submitted by another university")
    return startup


@router.get("/startups/{startup_id}")
async def get_startup(startup_id: str, actor: ActorDep, runtime: RuntimeDep) -> StartupView:
    university_id = require_university(actor)

    async def work(unit: UnitOfWork) -> Startup:
        return await _owned(unit, startup_id, university_id)

    return StartupView.of(await runtime.transact(work))


@router.post("/startups/{startup_id}/graduation")
async def graduate_startup(startup_id: str, actor: ActorDep, runtime: RuntimeDep) -> StartupView:
    university_id = require_university(actor)

    async def work(unit: UnitOfWork) -> Startup:
        startup = await _owned(unit, startup_id, university_id)
        unit.emit(*await handlers.graduate_startup(unit, startup, Cause.request(actor)))
        return startup

    return StartupView.of(await runtime.transact(work))
