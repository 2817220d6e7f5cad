"""Named points of the loan intake at which a test can kill the process (``kill -9`` semantics).

``checkpoint("recorded")`` does nothing unless the environment variable ``FINSUP_TEST_CRASH_AT``
names that point: the process then sends itself SIGKILL, so no ``finally``, no ``atexit`` and no
rollback of Python runs, exactly as when the machine or the OOM killer stops a worker. The crash
tests (tests/loans/test_crash_safety.py) run a real upload or ingestion in a subprocess with the
variable set, once per point, and check what the sweep leaves.

The points, in the order an upload reaches them:

- ``spooled``    the upload is in its spool file, nothing read yet
- ``loaded``     the file is read into DuckDB (clear text in memory only)
- ``staging``    the Parquet files are written in the private staging folder, not sealed
- ``sealed``     the staging folder's manifest is written: the batch is ready to record
- ``recorded``   the batch is recorded in the database, its files not yet in the store
- ``published``  the files are in the store, the company not yet evaluated, the spool not deleted
"""

from __future__ import annotations

import os
import signal

POINTS = ("spooled", "loaded", "staging", "sealed", "recorded", "published")
ENV = "FINSUP_TEST_CRASH_AT"


def checkpoint(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
