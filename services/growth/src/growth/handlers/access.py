"""What an agency may reach: its own offers, the startups it accepted, its own programs."""

from growth.domain.offers import HandoffOffer, LeapStartup
from growth.domain.programs import Program
from growth.repository.offers import Offers, Portfolio
from growth.repository.programs import Programs
from growth.repository.reference import Agencies
from relay_eventing import UnitOfWork
from relay_eventing.errors import Forbidden, NotFound


async def known_agency(unit: UnitOfWork, agency_id: str) -> None:
    """Agencies are reference data: an agency key without its document acts for nobody."""
    if await Agencies.of(unit).agency(agency_id) is None:
        raise Forbidden(f"{agency_id} is not a registered agency")


async def offer_for(unit: UnitOfWork, agency_id: str, handoff_id: str) -> HandoffOffer:
    """The latest offer of a handoff made to this agency."""
    found = await Offers.of(unit).attempts_of(handoff_id)
    if not found:
        raise NotFound(f"offer {handoff_id}")
    own = [offer for offer in found if offer.agency_id == agency_id]
    if not own:
        raise Forbidden(f"offer {handoff_id} was not made to {agency_id}")
    return own[-1]


async def leap_startup(unit: UnitOfWork, agency_id: str, startup_id: str) -> LeapStartup:
    found = await Portfolio.of(unit).accepted(agency_id, startup_id)
    if found is None:
        raise Forbidden(f"{agency_id} has not accepted startup {startup_id}")
    return found


async def own_program(unit: UnitOfWork, agency_id: str, program_id: str) -> Program:
    program = await Programs.of(unit).program(program_id)
    if program is None:
        raise NotFound(f"program {program_id}")
    if program.agency_id != agency_id:
        raise Forbidden(f"program {program_id} is run by another agency")
    return program
