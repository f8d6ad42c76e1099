"""Who sees what: the council and operators everything, an institution its own work only."""

from collections.abc import Collection
from dataclasses import dataclass, replace

from relay_contracts import Actor, OrganizationKind
from relay_eventing.errors import Forbidden

READS_EVERYTHING = {OrganizationKind.COUNCIL, OrganizationKind.OPERATOR}
INSTITUTION_KINDS = {
    OrganizationKind.UNIVERSITY: "university",
    OrganizationKind.DISTRICT: "district",
    OrganizationKind.AGENCY: "agency",
}


@dataclass(frozen=True)
class Institutions:
    """An optional university, district and agency a figure is restricted to."""

    university: str | None = None
    district: str | None = None
    agency: str | None = None

    def of_kind(self, kind: str) -> str | None:
        value: str | None = getattr(self, kind)
        return value


@dataclass(frozen=True)
class Viewer:
    """The organization reading insight."""

    organization_id: str
    kind: OrganizationKind

    @classmethod
    def of(cls, actor: Actor) -> "Viewer":
        if actor.organization_kind not in READS_EVERYTHING | INSTITUTION_KINDS.keys():
            raise Forbidden("insight is read by the council, operators and institutions")
        return cls(actor.organization_id, actor.organization_kind)

    @property
    def reads_everything(self) -> bool:
        return self.kind in READS_EVERYTHING

    @property
    def institution_kind(self) -> str | None:
        """'university', 'district' or 'agency' for an institution; None for the others."""
        return INSTITUTION_KINDS.get(self.kind)

    def may_read(self, institutions: Collection[str]) -> bool:
        """A startup's records are readable by an institution that held it."""
        return self.reads_everything or self.organization_id in institutions

    def scope(self, asked: Institutions) -> Institutions:
        """The restriction an aggregate is computed under: an institution's own work only.

        An institution asking for another of its kind is refused (aggregates reveal no single
        startup, so 403 hides nothing); asking for none is answered for itself.
        """
        kind = self.institution_kind
        if kind is None:
            return asked
        other = asked.of_kind(kind)
        if other is not None and other != self.organization_id:
            raise Forbidden(f"a {kind} sees the figures of its own work only")
        return replace(asked, **{kind: self.organization_id})
