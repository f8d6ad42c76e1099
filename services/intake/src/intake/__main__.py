"""Run the intake service: `python -m intake`, configured by `INTAKE_*` variables."""

from intake.main import create_app
from intake.settings import Settings
from relay_eventing.service import serve

if __name__ == "__main__":
    settings = Settings()
    serve(create_app(settings), settings)
