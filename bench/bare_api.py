"""The API floor: one FastAPI endpoint, one insert_one. `python -m bench.bare_api` (BARE_* env)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import uvicorn
from bson import ObjectId
from fastapi import FastAPI, Request, status
from pydantic_settings import BaseSettings, SettingsConfigDict
from pymongo import AsyncMongoClient


class BareSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BARE_", extra="ignore")

    mongo_url: str
    mongo_database: str
    http_port: int


def create_bare(settings: BareSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client: AsyncMongoClient[Any] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
        app.state.startups = client[settings.mongo_database]["startups"]
        try:
            yield
        finally:
            await client.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/startups", status_code=status.HTTP_201_CREATED)
    async def submit(body: dict[str, Any], request: Request) -> dict[str, str]:
        startup_id = f"st-{ObjectId()}"
        document = {**body, "_id": startup_id, "created_at": datetime.now(UTC)}
        await request.app.state.startups.insert_one(document)
        return {"startup_id": startup_id}

    return app


if __name__ == "__main__":
    settings = BareSettings()
    uvicorn.run(
        create_bare(settings), host="127.0.0.1", port=settings.http_port, log_level="warning"
    )
