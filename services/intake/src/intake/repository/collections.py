"""The collections of intake and their indexes; identity is unique in the database, not in code."""

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

STARTUPS = "startups"
SUBMISSIONS = "submissions"
IDENTITY_KEYS = "identity_keys"
IDEMPOTENCY_KEYS = "idempotency_keys"
UNIVERSITIES = "universities"
RUBRICS = "rubrics"


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    # identity_keys is keyed by the normalized key itself: its unique _id index is what makes
    # two concurrent submissions of one company end in one canonical startup.
    await db[IDENTITY_KEYS].create_indexes(
        [IndexModel([("startup_id", ASCENDING)], name="by_startup")]
    )
    await db[SUBMISSIONS].create_indexes(
        [
            IndexModel(
                [("university_id", ASCENDING), ("startup_id", ASCENDING)],
                unique=True,
                name="one_submission_per_university_and_startup",
            ),
            IndexModel([("university_id", ASCENDING), ("_id", ASCENDING)], name="by_university"),
            IndexModel([("startup_id", ASCENDING)], name="by_startup"),
            # The program-wide searches of the council and operators, a page at a time.
            IndexModel(
                [("business_registration_number", ASCENDING), ("_id", ASCENDING)],
                name="by_registration_number",
            ),
            IndexModel(
                [("company_name_keys", ASCENDING), ("_id", ASCENDING)], name="by_company_name"
            ),
        ]
    )
    await db[STARTUPS].create_indexes(
        [IndexModel([("merged_into", ASCENDING)], name="by_survivor")]
    )
    await db[RUBRICS].create_indexes(
        [
            IndexModel(
                [("rubric_id", ASCENDING), ("version", DESCENDING)],
                unique=True,
                name="rubric_version_unique",
            )
        ]
    )
