"""Run the probe service as its own process: `python -m tests.probe_server` (settings from env)."""

from relay_eventing import ServiceSettings
from relay_eventing.serve import serve
from tests.probe import create_probe

if __name__ == "__main__":
    settings = ServiceSettings()
    serve(create_probe(settings), settings)
