"""The portal's Celery app for a worker subprocess of the fault tests, with one fault
switched on by the environment in each pool process:

- PARITRANA_TEST_FAULT=hang-after-writing: a save writes its rows, touches the file
  named by PARITRANA_TEST_FLAG, then hangs inside its transaction (to be killed -9);
- PARITRANA_TEST_FAULT=abort-on-check: reading a file aborts the process (SIGABRT),
  as the spreadsheet reader did on a crafted workbook;
- PARITRANA_TEST_FAULT=hang-in-recompute: a ranking recompute job touches the flag
  file, then hangs before computing (to be killed -9).
"""

import os
import time
from pathlib import Path
from typing import Any

from celery.signals import worker_process_init

from paritrana.celery import app

__all__ = ["app"]


def _hang_after_writing(real: Any) -> Any:
    def commit_plan(*args: Any, **kwargs: Any) -> Any:
        counts = real(*args, **kwargs)
        Path(os.environ["PARITRANA_TEST_FLAG"]).touch()
        time.sleep(600)
        return counts

    return commit_plan


def _abort(*args: Any, **kwargs: Any) -> Any:
    os.abort()


def _hang_before_computing(*args: Any, **kwargs: Any) -> Any:
    Path(os.environ["PARITRANA_TEST_FLAG"]).touch()
    time.sleep(600)


@worker_process_init.connect
def switch_fault_on(**kwargs: Any) -> None:
    from participants.importers import batches

    fault = os.environ.get("PARITRANA_TEST_FAULT", "")
    if fault == "hang-after-writing":
        batches.commit_plan = _hang_after_writing(batches.commit_plan)
    elif fault == "abort-on-check":
        batches.plan_batch = _abort
    elif fault == "hang-in-recompute":
        from scoring.services import recompute

        recompute.compute_run = _hang_before_computing
