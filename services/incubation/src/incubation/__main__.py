"""Run the incubation service: `python -m incubation`."""

import uvicorn

from incubation.main import create_app
from incubation.settings import Settings

if __name__ == "__main__":
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
    )
