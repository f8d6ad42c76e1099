"""What an agency may reach: its own offers, the startups it accepted, its own programs."""

from growth.adapters import collections as c
from growth.domain.errors import AccessDenied, NotFound
from growth.domain.offers import HandoffOffer, LeapStartup
from growth.domain.programs import Program
from relay_eventing import UnitOfWork


async def known_agency(unit: UnitOfWork, agency_id: str) -> None:
    """Agencies are reference data: an agency key without its document acts for nobody."""
    if await c.agencies(unit).get(agency_id) is None:
        raise AccessDenied(f"{agency_id} is not a registered agency")


async def offer_for(unit: UnitOfWork, agency_id: str, handoff_id: str) -> HandoffOffer:
    """The latest offer of a handoff made to this agency."""
    found = await c.offers(unit).find({"handoff_id": handoff_id}, sort="attempt")
    if not found:
        raise NotFound(f"offer {handoff_id}")
    own = [offer for offer in found if offer.agency_id == agency_id]
    if not own:
        raise AccessDenied(f"offer {handoff_id} was not made to {agency_id}")
    return own[-1]


async def leap_startup(unit: UnitOfWork, agency_id: str, startup_id: str) -> LeapStartup:
    found = await c.portfolio(unit).find({"agency_id": agency_id, "startup_id": startup_id})
    if not found:
        raise AccessDenied(f"{agency_id} has not accepted startup {startup_id}")
    return found[-1]


async def own_program(unit: UnitOfWork, agency_id: str, program_id: str) -> Program:
    program = await c.programs(unit).get(program_id)
    if program is None:
        raise NotFound(f"program {program_id}")
    if program.agency_id != agency_id:
        raise AccessDenied(f"program {program_id} is run by another agency")
    return program
