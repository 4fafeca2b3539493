"""Side effects leave a change through the outbox: a row written in the change's own transaction,
delivered through Celery by task name, retried while the broker is away, run once (ADR 16).

The bottom of the layers: it imports no app of the portal, and every app's `notifications`
module enqueues through `notifications.outbox` instead of importing its own tasks.
"""
