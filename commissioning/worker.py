"""The Celery worker's consumer, which reconnects after the broker goes away (ADR 14).

With celery 5.7.0 and kombu 5.7.0 a worker holding a message it has not acknowledged (a task
with a countdown, such as the sweep each worker sends itself as it starts, or one running with
late acknowledgement) exits when the Redis broker goes away, instead of reconnecting:

    consumer: Connection to broker lost. Trying to re-establish the connection...
    Restoring 1 unacknowledged message(s)
    CRITICAL Unrecoverable error: AttributeError("'NoneType' object has no attribute 'hostname'")

Celery's `Consumer.on_connection_error_after_connected` first collects the connection (which
closes its transport, but leaves the default channel open when closing it fails on the dead
socket), then closes it again; closing the channel then tries to put the held message back on
the queue through a transport that is gone, and kombu raises AttributeError, which is not one of
the connection errors Celery ignores there, so the worker stops. No setting avoids it.

The message could not have been put back anyway (the broker is down): Redis keeps it among the
unacknowledged ones and gives it back after the visibility timeout, as for a killed worker.
So this consumer treats that AttributeError as the connection error it is, and the worker goes
on to reconnect, retrying the broker for as long as it takes (`broker_connection_max_retries`).
"""

from __future__ import annotations

import logging

from celery.worker.consumer import Consumer as CeleryConsumer

logger = logging.getLogger(__name__)


class Consumer(CeleryConsumer):
    """Celery's consumer, surviving kombu's failure to close a channel whose broker is gone."""

    def on_connection_error_after_connected(self, exc):
        try:
            super().on_connection_error_after_connected(exc)
        except AttributeError as error:
            logger.warning(
                "Broker connection lost; its channel could not be closed cleanly (%r). The "
                "messages this worker held go back to the queue after the visibility timeout. "
                "Reconnecting.",
                error,
            )
