from .comments import Answer, Channel, Comment, Outcome
from .consultations import (
    ActKind,
    Article,
    Consultation,
    ConsultationDocument,
    DocumentKind,
    Paragraph,
    State,
    Version,
)
from .rules import Form, Participants, RuleSet

__all__ = [
    "ActKind",
    "Answer",
    "Article",
    "Channel",
    "Comment",
    "Consultation",
    "ConsultationDocument",
    "DocumentKind",
    "Form",
    "Outcome",
    "Paragraph",
    "Participants",
    "RuleSet",
    "State",
    "Version",
]
