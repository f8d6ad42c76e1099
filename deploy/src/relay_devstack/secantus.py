"""SecantusDB's server, with its transaction registry's idle sweep kept off the lock convoy.

SecantusDB 0.7.0b3 sweeps for idle transactions on every transactional statement, holding the
registry's lock while it takes each transaction's own lock in turn, so it waits there for any
statement or commit (an fsync) that is running. Every other transactional statement then
waits for that lock: under the dozens of concurrent transactions of the chaos run the server
answered about 20 commands a second with its CPU mostly idle (py-spy: 40 of 75 threads waiting
in `for_statement`, one in `_prune_locked`). A transaction whose lock is held is running a
statement, so it is not idle: the sweep here skips it instead of waiting for it, which is what
the sweep is for (reaping transactions a client left open past their lifetime).

Only the embedded development server is patched; production runs MongoDB.
"""

import sys

from secantus import transactions
from secantus.cli import main
from secantus.transactions import TransactionRegistry, TxnState


def _sweep_idle(self: TransactionRegistry) -> int:
    cutoff = self._time() - self._lifetime
    reaped = 0
    for txn in list(self._txns.values()):
        mutex = txn.mutex
        if not mutex.acquire(blocking=False):
            continue
        try:
            if txn.state is TxnState.IN_PROGRESS and txn.last_use < cutoff:
                self._rollback_quietly(txn)
                txn.state = TxnState.ABORTED
                reaped += 1
        finally:
            mutex.release()
    return reaped


def run() -> None:
    transactions.TransactionRegistry._prune_locked = _sweep_idle
    sys.exit(main())


if __name__ == "__main__":
    run()
