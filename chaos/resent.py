"""How many records producers sent again after broker losses, read from the services' logs.

Counters would be lost with every service the fault schedule kills; the log line each re-send
writes (`relay_eventing.recovery`) is not.
"""

import re
from pathlib import Path

RESENT = re.compile(r"sending (\d+) records of (\S+) again")


def resent_in_logs(logs: Path) -> dict[str, int]:
    """Records queued again, per producing service (its log file's name)."""
    counts: dict[str, int] = {}
    for path in sorted(logs.glob("*.log")):
        text = path.read_text(encoding="utf-8", errors="replace")
        counts[path.stem] = sum(int(match.group(1)) for match in RESENT.finditer(text))
    return {service: count for service, count in counts.items() if count}
