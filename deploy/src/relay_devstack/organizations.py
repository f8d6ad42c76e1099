"""The program's organizations and development keys for them, minted per run.

A development key is printed once by whoever minted it (`make run`, a harness) and handed to
the services only as a digest (`ApiKey` records), exactly as production keys are.
"""

import json
from collections.abc import Mapping

from relay_contracts import OrganizationKind
from relay_eventing.credentials import ApiKey, digest, mint

UNIVERSITIES = ("kangseo-univ", "dongyang-mirae", "snu", "soongsil", "cau", "chongshin")
DISTRICTS = ("gangseo", "gwanak", "guro", "geumcheon", "dongjak", "yeongdeungpo", "yangcheon")
AGENCIES = ("sba", "kosme", "kicox")

ORGANIZATIONS: dict[str, OrganizationKind] = {
    **dict.fromkeys(UNIVERSITIES, OrganizationKind.UNIVERSITY),
    **dict.fromkeys(DISTRICTS, OrganizationKind.DISTRICT),
    **dict.fromkeys(AGENCIES, OrganizationKind.AGENCY),
    "council": OrganizationKind.COUNCIL,
    "operator": OrganizationKind.OPERATOR,
}


def mint_development_keys(label: str = "development") -> tuple[dict[str, str], list[ApiKey]]:
    """One fresh key per organization: (organization id → key, the records services hold)."""
    keys: dict[str, str] = {}
    records: list[ApiKey] = []
    for organization_id, kind in ORGANIZATIONS.items():
        key, record = mint(organization_id, kind, label=label, user=f"{organization_id}-dev")
        keys[organization_id] = key
        records.append(record)
    return keys, records


def records_for(keys: Mapping[str, str], label: str = "test") -> list[ApiKey]:
    """The records of keys chosen by a caller (tests), by organization id."""
    return [
        ApiKey(
            digest=digest(key),
            organization_id=organization_id,
            organization_kind=ORGANIZATIONS[organization_id],
            label=label,
            user=f"{organization_id}-{label}",
        )
        for organization_id, key in keys.items()
    ]


def as_setting(records: list[ApiKey]) -> str:
    """The `<SERVICE>_API_KEYS` value: JSON of the records, digests only."""
    return json.dumps([record.model_dump(mode="json") for record in records])
