"""Domain errors raised by services; `kernel.refusals` maps them to what pages and the API
answer."""

# The refusal of every service that records why: a rejection, a suspension, a cancellation.
MSG_REASON_REQUIRED = "Enter a reason"


class DomainError(Exception):
    """A request the domain refuses; `message` is shown to the user as it is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """The object is not in a state that allows this action."""

    status_code = 409


class NotAllowed(DomainError):
    """The actor's roles do not allow this action."""

    status_code = 403


class Duplicate(DomainError):
    """A value another row already has where it must be unique (a setting's URN): the request is
    well formed, the data it meets refuses it."""

    status_code = 409
