"""Routes where a university submits its startups, and where startups are found and read."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response, status

from intake.api.filters import FilterDep, StartupReaderDep
from intake.api.schemas import CREATED, UNIVERSITY_ID_PATTERN, StartupId, SubmitStartup
from intake.api.views import StartupSummary, StartupView
from intake.domain.bounds import today
from intake.domain.submission import Founder
from intake.handlers.submit import NewSubmission, submit_startup
from intake.repository.claims import transact_claiming
from intake.repository.idempotency import IdempotencyKeys, fingerprint
from intake.repository.search import SubmissionSearch
from intake.repository.startups import StartupRepository
from relay_eventing import Cause, UnitOfWork
from relay_eventing.access import UniversityDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["startups"])


def startup_location(startup_id: str) -> str:
    return f"/startups/{startup_id}"


@router.post("/startups", status_code=status.HTTP_201_CREATED, responses=CREATED)
async def submit(
    body: SubmitStartup,
    university: UniversityDep,
    runtime: RuntimeDep,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", min_length=1, max_length=200),
    ] = None,
) -> StartupView:
    """Submit a startup; the same Idempotency-Key and body answer again with the first result."""
    body_fingerprint = fingerprint(body.model_dump(mode="json"))
    university_id = university.organization_id

    async def work(unit: UnitOfWork, key_was_taken: bool) -> tuple[dict[str, Any], bool]:
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
        submitted = await submit_startup(
            unit, new, Cause.request(university), look_up=key_was_taken
        )
        unit.emit(*submitted.events)
        view = StartupView.of(submitted.submission, submitted.copies).model_dump(mode="json")
        if idempotency_key is not None:
            keys.remember(university_id, idempotency_key, body_fingerprint, view)
        return view, False

    view, replayed = await transact_claiming(runtime, work)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    answered = StartupView.model_validate(view)
    response.headers["Location"] = startup_location(answered.startup_id)
    return answered


@router.get("/startups")
async def list_startups(
    reader: StartupReaderDep, runtime: RuntimeDep, page: PageDep, narrowed: FilterDep
) -> Page[StartupSummary]:
    """Submissions a page at a time, newest first by default: a university's own; every
    university's for the council and operators."""

    async def work(unit: UnitOfWork) -> Page[StartupSummary]:
        found, next_cursor = await SubmissionSearch(unit).page_for(reader, narrowed, page)
        copies = await StartupRepository(unit).copies_of(s.startup_id for s in found)
        items = [StartupSummary.of(s, copies[s.startup_id]) for s in found]
        return Page(items=items, next_cursor=next_cursor)

    return await runtime.read(work)


@router.get("/startups/{startup_id}")
async def get_startup(
    startup_id: StartupId,
    reader: StartupReaderDep,
    runtime: RuntimeDep,
    university_id: Annotated[
        str | None,
        Query(
            pattern=UNIVERSITY_ID_PATTERN,
            description="Whose submission the council or an operator reads (the first one's "
            "when omitted).",
        ),
    ] = None,
) -> StartupView:
    """One startup as a university submitted it, with its full history there.

    A university reads only the startups it holds (404 otherwise); a merged id leads to the
    survivor.
    """

    async def work(unit: UnitOfWork) -> StartupView:
        repository = StartupRepository(unit)
        submission = await repository.submission_for(reader, startup_id, university_id)
        copies = await repository.copies_of([submission.startup_id])
        return StartupView.of(submission, copies[submission.startup_id])

    return await runtime.read(work)
