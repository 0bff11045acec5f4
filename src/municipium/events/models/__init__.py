from .events import (
    Event,
    EventKind,
    EventMove,
    EventSession,
    EventState,
    EventTranslation,
)
from .registrations import Registration, RegistrationStatus

__all__ = [
    "Event",
    "EventKind",
    "EventMove",
    "EventSession",
    "EventState",
    "EventTranslation",
    "Registration",
    "RegistrationStatus",
]
