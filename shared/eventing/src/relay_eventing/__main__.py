"""Run one service: `python -m relay_eventing <service>`, configured by `<SERVICE>_*` variables.

The one entry point of every service (and of the one Dockerfile): it imports the service's
`main.create_app` and `settings.Settings` and serves them until SIGTERM or Ctrl-C.
"""

import argparse
import importlib

from relay_eventing.serve import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m relay_eventing")
    parser.add_argument("service", help="the service package, e.g. intake")
    service = parser.parse_args().service
    settings = importlib.import_module(f"{service}.settings").Settings()
    app = importlib.import_module(f"{service}.main").create_app(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
