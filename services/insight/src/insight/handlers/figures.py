"""The program's figures: the funnel and the outcomes, over what the reader may see."""

from typing import Literal

from insight.domain.access import Institutions, Viewer
from insight.domain.funnel import Funnel, FunnelFilter, funnel
from insight.domain.journey import Aliases
from insight.domain.outcomes import SNAPSHOT_TOPICS, OutcomeRow, Period, aggregate, snapshot_of
from insight.domain.progress import PROGRESS_TOPICS, Progress, progress_of
from insight.repository import Journal

GroupBy = Literal["university", "district", "agency"]


async def read_progress(journal: Journal) -> tuple[Aliases, dict[str, Progress]]:
    """Every startup's progress, merged records joined, and the merges that joined them."""
    aliases = Aliases(await journal.merges())
    return aliases, progress_of(await journal.of_topics(PROGRESS_TOPICS), aliases)


async def program_funnel(journal: Journal, viewer: Viewer, asked: FunnelFilter) -> Funnel:
    """The funnel under the reader's scope: an institution's own work only."""
    only = FunnelFilter(
        where=viewer.scope(asked.where),
        sector=asked.sector,
        youth=asked.youth,
        entered_from=asked.entered_from,
        entered_to=asked.entered_to,
    )
    _, progresses = await read_progress(journal)
    return funnel(progresses.values(), only)


async def program_outcomes(
    journal: Journal, viewer: Viewer, by: GroupBy, where: Institutions, period: Period
) -> list[OutcomeRow]:
    """Outcome rows per institution of kind `by`, then the total row (institution None).

    Every row counts only startups in the reader's scope: an institution's own startups, so
    a district grouping by university sees, per university, the startups it settled.
    """
    scope = viewer.scope(where)
    aliases, progresses = await read_progress(journal)
    in_scope = {p.startup_id for p in progresses.values() if p.passed_through(scope)}
    groups: dict[str | None, set[str]] = {}
    for progress in progresses.values():
        if progress.startup_id in in_scope:
            for institution in progress.member_of(by):
                groups.setdefault(institution, set()).add(progress.startup_id)
    groups = dict(sorted(groups.items(), key=lambda item: str(item[0])))
    groups[None] = in_scope
    snapshots = [
        snapshot
        for entry in await journal.of_topics(SNAPSHOT_TOPICS)
        if (snapshot := snapshot_of(entry, aliases)) is not None
    ]
    return aggregate(snapshots, groups, period)
