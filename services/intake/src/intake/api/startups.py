"""Routes where a university submits its startups and reads them."""

import base64
import binascii
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Query, Response, status
from pymongo.errors import DuplicateKeyError

from intake.adapters.idempotency import IdempotencyKeys, fingerprint
from intake.adapters.repository import StartupRepository
from intake.domain.errors import IntakeRuleViolation, InvalidField
from intake.domain.submission import Founder, Stage, Status
from intake.entrypoints.schemas import SubmitStartup, today
from intake.entrypoints.views import StartupPage, StartupSummary, StartupView
from intake.handlers.access import own_submission, require_university
from intake.handlers.submit import NewSubmission, submit_startup
from relay_contracts.intake import SouthwestDistrict
from relay_eventing import Cause, ServiceRuntime, UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.service import RuntimeDep

router = APIRouter(tags=["startups"])

T = TypeVar("T")
IDENTITY_ATTEMPTS = 4


class IdempotencyKeyReused(IntakeRuleViolation):
    """The key already answered a request with a different body."""


async def transact_linking(
    runtime: ServiceRuntime, work: Callable[[UnitOfWork], Awaitable[T]]
) -> T:
    """Run a unit that claims unique keys; losing a race on one means running it again.

    MongoDB aborts a transaction on a duplicate key, so the retry is a new transaction that
    now sees the winner's key and links to it (or replays the winner's answer).
    """
    for attempt in range(1, IDENTITY_ATTEMPTS + 1):
        try:
            result: T = await runtime.transact(work)
            return result
        except DuplicateKeyError:
            if attempt == IDENTITY_ATTEMPTS:
                raise IntakeRuleViolation("a concurrent request kept conflicting; retry") from None
    raise AssertionError("unreachable")


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
            seen = await keys.get(university_id, idempotency_key)
            if seen is not None:
                if seen["fingerprint"] != body_fingerprint:
                    raise IdempotencyKeyReused(
                        f"Idempotency-Key {idempotency_key!r} was used with a different body"
                    )
                return seen["response"], True
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

    view, replayed = await transact_linking(runtime, work)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return StartupView.model_validate(view)


def _encode_cursor(submission_id: str) -> str:
    return base64.urlsafe_b64encode(submission_id.encode()).decode()


def _decode_cursor(cursor: str) -> str:
    try:
        decoded = base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if not decoded.startswith("sub-"):
        raise InvalidField(("query", "cursor"), "not a cursor this service gave out")
    return decoded


@router.get("/startups")
async def list_startups(
    actor: ActorDep,
    runtime: RuntimeDep,
    stage: Stage | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    sector: str | None = None,
    district: SouthwestDistrict | None = None,
    submitted_from: date | None = None,
    submitted_to: date | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> StartupPage:
    """The university's own startups, oldest submission first, a page at a time."""
    filters: dict[str, Any] = {}
    if stage is not None:
        filters["stage"] = stage
    if status_ is not None:
        filters["status"] = status_.value
    if sector is not None:
        filters["sector"] = sector
    if district is not None:
        filters["desired_district"] = district
    window: dict[str, str] = {}
    if submitted_from is not None:
        window["$gte"] = submitted_from.isoformat()
    if submitted_to is not None:
        window["$lte"] = submitted_to.isoformat()
    if window:
        filters["submitted_on"] = window
    after = None if cursor is None else _decode_cursor(cursor)

    async def work(unit: UnitOfWork) -> StartupPage:
        university_id = await require_university(unit, actor, "list startups")
        found = await StartupRepository(unit).page(university_id, filters, after, limit + 1)
        items = [StartupSummary.of(s) for s in found[:limit]]
        more = len(found) > limit
        return StartupPage(
            items=items, next_cursor=_encode_cursor(items[-1].submission_id) if more else None
        )

    page: StartupPage = await runtime.transact(work)
    return page


@router.get("/startups/{startup_id}")
async def get_startup(startup_id: str, actor: ActorDep, runtime: RuntimeDep) -> StartupView:
    """One startup as this university submitted it, with its full history here."""

    async def work(unit: UnitOfWork) -> StartupView:
        university_id = await require_university(unit, actor, "read startups")
        submission = await own_submission(unit, university_id, startup_id)
        copies = await StartupRepository(unit).of_startup(submission.startup_id)
        return StartupView.of(submission, copies)

    view: StartupView = await runtime.transact(work)
    return view
