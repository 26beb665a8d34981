"""The self-evaluation's tables, one module per concern. Only selfeval.interfaces (and tests, the demo
and the migrations) import these."""

from selfeval.models.evaluations import AreaComment, AreaResponse, SelfEvaluation, StatementRating
from selfeval.models.evidence import EvidenceFile
from selfeval.models.frameworks import FrameworkVersion
from selfeval.models.network import NetworkCountRow, NetworkRevision
from selfeval.models.voices import VoiceInvitation, VoiceRating, VoiceResponse

__all__ = [
    "AreaComment",
    "AreaResponse",
    "EvidenceFile",
    "FrameworkVersion",
    "NetworkCountRow",
    "NetworkRevision",
    "SelfEvaluation",
    "StatementRating",
    "VoiceInvitation",
    "VoiceRating",
    "VoiceResponse",
]
