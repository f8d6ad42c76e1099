"""Run the incubation service: `python -m incubation`, configured by `INCUBATION_*` variables."""

from incubation.main import create_app
from incubation.settings import Settings
from relay_eventing.service import serve

if __name__ == "__main__":
    settings = Settings()
    serve(create_app(settings), settings)
