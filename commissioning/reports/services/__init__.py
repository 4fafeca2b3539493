"""Writes for report runs, one module per part of a run's life: asking for one and downloading
its file (`asking`), building it on a worker (`building`), the sweeper and the monthly schedule
(`sweeping`), and the one way a run changes status (`moves`). Callers import from here."""

from .asking import report_run_download, report_run_request
from .building import _Heartbeat, report_run_execute
from .moves import (
    HEARTBEAT_EVERY,
    MAX_ATTEMPTS,
    MSG_BUILD_FAILED,
    MSG_CHOOSE_BOROUGH,
    MSG_CHOOSE_KIND,
    MSG_CHOOSE_SCOPE,
    MSG_CHOOSE_STRAND,
    MSG_GAVE_UP,
    MSG_NOT_ANALYST,
    MSG_NOT_READY,
    MSG_OWN_BOROUGH_ONLY,
    MSG_PERIOD_ORDER,
    MSG_RESENT,
    MSG_TOO_LONG,
    MSG_WORKER_STOPPED,
    TRANSIENT_ERRORS,
    RunTakenOver,
    stale_after,
)
from .sweeping import MONTHLY_KINDS, previous_month, report_runs_monthly, report_runs_sweep

__all__ = [
    "HEARTBEAT_EVERY",
    "MAX_ATTEMPTS",
    "MONTHLY_KINDS",
    "MSG_BUILD_FAILED",
    "MSG_CHOOSE_BOROUGH",
    "MSG_CHOOSE_KIND",
    "MSG_CHOOSE_SCOPE",
    "MSG_CHOOSE_STRAND",
    "MSG_GAVE_UP",
    "MSG_NOT_ANALYST",
    "MSG_NOT_READY",
    "MSG_OWN_BOROUGH_ONLY",
    "MSG_PERIOD_ORDER",
    "MSG_RESENT",
    "MSG_TOO_LONG",
    "MSG_WORKER_STOPPED",
    "TRANSIENT_ERRORS",
    "RunTakenOver",
    "_Heartbeat",
    "previous_month",
    "report_run_download",
    "report_run_execute",
    "report_run_request",
    "report_runs_monthly",
    "report_runs_sweep",
    "stale_after",
]
