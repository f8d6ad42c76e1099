"""Background work of intake, run while the service runs (readiness does not wait for it)."""

import logging

from intake.repository.startups import backfill_search_keys
from relay_eventing import ServiceRuntime

log = logging.getLogger(__name__)


async def give_old_submissions_search_keys(runtime: ServiceRuntime) -> None:
    """Submissions stored before names were searchable become findable by name; runs once
    per start (what a failure leaves undone, the next start does)."""
    given = await backfill_search_keys(runtime.db)
    if given:
        log.info("gave %d stored submissions their company-name search keys", given)
