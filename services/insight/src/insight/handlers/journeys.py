"""Reading one startup's journey, for a reader allowed to see it."""

from insight.domain.access import Viewer
from insight.domain.journey import Aliases, Journey, causal_order
from insight.repository import Journal
from relay_eventing.errors import NotFound


async def read_journey(journal: Journal, viewer: Viewer, startup_id: str) -> Journey:
    """Every event of the startup and of the records merged into it, in causal order.

    An id merged away answers its survivor's journey. A startup the reader's organization
    never held answers 404, exactly as one that does not exist: its existence is not revealed.
    """
    aliases = Aliases(await journal.merges())
    members = aliases.members(startup_id)
    entries = await journal.of_startups(members)
    journey = Journey(
        startup_id=members[0],
        requested_id=startup_id,
        merged_ids=members[1:],
        entries=causal_order(entries),
    )
    if not entries or not viewer.may_read(journey.institutions):
        raise NotFound(f"startup {startup_id}")
    return journey
