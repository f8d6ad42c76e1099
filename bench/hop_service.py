"""The hop service as its own process: `python -m bench.hop_service` (settings from env)."""

from bench.hop import create_hop
from relay_eventing import ServiceSettings
from relay_eventing.serve import serve

if __name__ == "__main__":
    settings = ServiceSettings()
    serve(create_hop(settings), settings)
