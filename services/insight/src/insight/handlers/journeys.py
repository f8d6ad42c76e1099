"""Reading one startup's journey, for a reader allowed to see it."""

from insight.domain.access import Viewer
from insight.domain.journey import Aliases, Journey, causal_order
from insight.repository import Journal
from relay_eventing.errors import Forbidden, NotFound


async def read_journey(journal: Journal, viewer: Viewer, startup_id: str) -> Journey:
    """Every event of the startup and of the records merged into it, in causal order.

    An id merged away answers its survivor's journey. An id insight never heard of is 404; a
    startup insight knows that the reader's organization never held is 403 (issue 12's rule:
    another institution's startup is refused, not hidden).
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
    if not entries:
        raise NotFound(f"startup {startup_id}")
    if not viewer.may_read(journey.institutions):
        raise Forbidden(f"startup {startup_id} never passed through {viewer.organization_id}")
    return journey
