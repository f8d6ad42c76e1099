"""Run the intake service: `python -m intake`."""

import uvicorn

from intake.main import create_app
from intake.settings import Settings

if __name__ == "__main__":
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
    )
