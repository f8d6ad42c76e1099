"""The embedded database's idle-transaction sweep skips a running transaction instead of
waiting for it, and still reaps one left open past its lifetime."""

import threading

from secantus.transactions import TransactionRegistry, TxnState

from relay_devstack.secantus import _sweep_idle


def registry_at(clock: list[float]) -> TransactionRegistry:
    return TransactionRegistry(lifetime_seconds=60.0, time_func=lambda: clock[0])


def test_a_running_transaction_is_skipped_without_waiting() -> None:
    clock = [0.0]
    registry = registry_at(clock)
    running, _ = registry.for_statement(b"running", None, 1, start=True)
    assert running is not None
    clock[0] = 1_000.0  # long past its lifetime, but a statement holds its lock right now
    holding, release = threading.Event(), threading.Event()

    def statement() -> None:
        with running.mutex:
            holding.set()
            release.wait(10)

    worker = threading.Thread(target=statement)
    worker.start()
    holding.wait(10)
    try:
        swept = _sweep_idle(registry)
    finally:
        release.set()
        worker.join(10)
    assert swept == 0
    assert running.state is TxnState.IN_PROGRESS


def test_a_transaction_idle_past_its_lifetime_is_reaped() -> None:
    clock = [0.0]
    registry = registry_at(clock)
    idle, _ = registry.for_statement(b"idle", None, 1, start=True)
    clock[0] = 30.0
    fresh, _ = registry.for_statement(b"fresh", None, 1, start=True)
    assert idle is not None
    assert fresh is not None
    clock[0] = 61.0
    assert _sweep_idle(registry) == 1
    assert idle.state is TxnState.ABORTED
    assert fresh.state is TxnState.IN_PROGRESS
