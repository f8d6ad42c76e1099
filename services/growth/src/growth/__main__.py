"""Run the growth service: `python -m growth`."""

import uvicorn

from growth.main import create_app
from growth.settings import Settings

if __name__ == "__main__":
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
    )
