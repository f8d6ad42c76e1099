"""Run the growth service: `python -m growth`, configured by `GROWTH_*` variables."""

from growth.main import create_app
from growth.settings import Settings
from relay_eventing.service import serve

if __name__ == "__main__":
    settings = Settings()
    serve(create_app(settings), settings)
