"""Routes where a university submits its startups and reads them."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response, status

from intake.api.schemas import SubmitStartup, today
from intake.api.views import StartupSummary, StartupView
from intake.domain.submission import Founder, Stage, Status
from intake.handlers.access import own_submission, require_university
from intake.handlers.submit import NewSubmission, submit_startup
from intake.repository.claims import transact_claiming
from intake.repository.idempotency import IdempotencyKeys, fingerprint
from intake.repository.startups import StartupRepository, SubmissionFilter
from relay_contracts.intake import SouthwestDistrict
from relay_eventing import Cause, UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["startups"])


@router.post("/startups", status_code=status.HTTP_201_CREATED)
async def submit(
    body: SubmitStartup,
    actor: ActorDep,
    runtime: RuntimeDep,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", min_length=1, max_length=200),
    ] = None,
) -> StartupView:
    """Submit a startup; the same Idempotency-Key and body answer again with the first result."""
    body_fingerprint = fingerprint(body.model_dump(mode="json"))

    async def work(unit: UnitOfWork) -> tuple[dict[str, Any], bool]:
        university_id = await require_university(unit, actor, "submit a startup")
        keys = IdempotencyKeys(unit)
        if idempotency_key is not None:
            answer = await keys.answer_of(university_id, idempotency_key, body_fingerprint)
            if answer is not None:
                return answer, True
        new = NewSubmission(
            university_id=university_id,
            company_name=body.company_name,
            stage=body.stage,
            business_registration_number=body.business_registration_number,
            registered_on=body.registered_on,
            founders=[Founder.model_validate(f.model_dump()) for f in body.founders],
            sector=body.sector,
            description=body.description,
            desired_district=body.desired_district,
            contact=body.contact.model_dump(mode="json"),
            documents=[d.model_dump(mode="json") for d in body.documents],
            submitted_on=today(),
        )
        submitted = await submit_startup(unit, new, Cause.request(actor))
        unit.emit(*submitted.events)
        view = StartupView.of(submitted.submission, submitted.copies).model_dump(mode="json")
        if idempotency_key is not None:
            await keys.remember(university_id, idempotency_key, body_fingerprint, view)
        return view, False

    view, replayed = await transact_claiming(runtime, work)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return StartupView.model_validate(view)


@router.get("/startups")
async def list_startups(
    actor: ActorDep,
    runtime: RuntimeDep,
    page: PageDep,
    stage: Stage | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    sector: str | None = None,
    district: SouthwestDistrict | None = None,
    submitted_from: date | None = None,
    submitted_to: date | None = None,
) -> Page[StartupSummary]:
    """The university's own startups, a page at a time, newest submission first by default."""
    narrowed = SubmissionFilter(
        stage=stage,
        status=status_,
        sector=sector,
        district=district,
        submitted_from=submitted_from,
        submitted_to=submitted_to,
    )

    async def work(unit: UnitOfWork) -> Page[StartupSummary]:
        university_id = await require_university(unit, actor, "list startups")
        found, next_cursor = await StartupRepository(unit).page_of_university(
            university_id, narrowed, page
        )
        return Page(items=[StartupSummary.of(s) for s in found], next_cursor=next_cursor)

    return await runtime.transact(work)


@router.get("/startups/{startup_id}")
async def get_startup(startup_id: str, actor: ActorDep, runtime: RuntimeDep) -> StartupView:
    """One startup as this university submitted it, with its full history here."""

    async def work(unit: UnitOfWork) -> StartupView:
        university_id = await require_university(unit, actor, "read startups")
        submission = await own_submission(unit, university_id, startup_id)
        copies = await StartupRepository(unit).of_startup(submission.startup_id)
        return StartupView.of(submission, copies)

    return await runtime.transact(work)
