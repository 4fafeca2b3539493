"""The one beat schedule, in code: every periodic job, when it runs."""

from celery.schedules import crontab


def beat_schedule(*, sweep_every_minutes: int) -> dict:
    """CELERY_BEAT_SCHEDULE; the report sweeper runs every `sweep_every_minutes`."""
    return {
        "check-evidence-expiry": {
            "task": "providers.tasks.check_evidence_expiry",
            "schedule": crontab(hour=6, minute=0),
        },
        "close-expired-requests": {
            "task": "placements.tasks.close_expired_requests",
            "schedule": crontab(hour=0, minute=15),
        },
        "render-missing-agreement-pdfs": {
            "task": "placements.tasks.render_missing_agreement_pdfs",
            "schedule": crontab(minute="*/5"),
        },
        "remind-returns-due": {
            "task": "outcomes.tasks.remind_returns_due",
            "schedule": crontab(hour=7, minute=0),
        },
        "flag-overdue-returns": {
            "task": "outcomes.tasks.flag_overdue_returns",
            "schedule": crontab(hour=0, minute=30),
        },
        "publish-outcome-records": {
            "task": "outcomes.tasks.publish_outcome_records",
            "schedule": crontab(hour=2, minute=0),
        },
        "sweep-stale-report-runs": {
            "task": "commissioning.reports.tasks.sweep_stale_runs",
            "schedule": crontab(minute=f"*/{sweep_every_minutes}"),
        },
        "monthly-consortium-reports": {
            "task": "commissioning.reports.tasks.monthly_reports",
            "schedule": crontab(day_of_month=1, hour=5, minute=0),
        },
        "anonymise-due-children": {
            "task": "commissioning.dataprotection.tasks.anonymise_due_children",
            "schedule": crontab(hour=3, minute=30),
        },
        "relay-outbox": {
            "task": "notifications.tasks.relay_pending",
            "schedule": crontab(minute="*"),
        },
    }
