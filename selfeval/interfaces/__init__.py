"""Typed access to self-evaluation data, one module per concern. Other packages (triads,
dashboards) use only this package: `from selfeval import interfaces as selfeval; selfeval.start(...)`."""

from selfeval.interfaces.analysis import (
    CohortRow,
    EvaluationAreaRow,
    EvidenceCount,
    StatementRow,
    cohort_overview,
    evaluation_area_rows,
    evidence_counts,
    statement_rows,
)
from selfeval.interfaces.evaluations import (
    AreaAnswers,
    add_comment,
    area_problems,
    area_response,
    area_status,
    find_self_evaluation,
    get_self_evaluation,
    incomplete_areas,
    list_comments,
    list_for_school,
    previous_self_evaluation,
    reopen,
    save_area,
    school_name_for,
    school_ratings,
    start,
    submit,
    variant_of,
)
from selfeval.interfaces.evidence import (
    add_area_evidence,
    add_evidence,
    area_of_evidence,
    delete_evidence,
    get_evidence,
    list_area_evidence,
    list_evidence,
)
from selfeval.interfaces.frameworks import (
    DuplicateFramework,
    current_framework,
    framework_of,
    get_framework_version,
    list_frameworks,
    load_bundled_frameworks,
    load_framework,
)
from selfeval.interfaces.network import (
    NetworkCount,
    network_area_changes,
    network_area_levels,
    network_fingerprint,
    network_las,
    network_statement_ratings,
    network_totals,
    network_years,
)
from selfeval.interfaces.summary import (
    ProfileRow,
    area_judgements,
    areas_for_development,
    confirm_summary,
    export_sheets,
    previous_of,
    profile_rows,
    suggested_lists,
)
from selfeval.interfaces.voices import (
    close_voice_invitation,
    create_voice_invitation,
    divergent_statements,
    evaluation_for_voice,
    get_voice_invitation,
    list_voice_invitations,
    open_voice_invitation,
    record_voice,
    statements_for,
    views_by_statement,
    voice_responses,
)
from selfeval.types import AreaStatus, SelfEvaluationStatus, VoiceKind  # what callers pass in and get back

__all__ = [
    "AreaAnswers", "AreaStatus", "CohortRow", "DuplicateFramework", "EvaluationAreaRow", "EvidenceCount",
    "NetworkCount", "ProfileRow", "SelfEvaluationStatus", "StatementRow", "VoiceKind",
    "add_area_evidence", "add_comment", "add_evidence", "area_judgements", "area_of_evidence",
    "area_problems", "area_response", "area_status", "areas_for_development", "close_voice_invitation",
    "cohort_overview", "confirm_summary", "create_voice_invitation", "current_framework",
    "delete_evidence", "divergent_statements", "evaluation_area_rows", "evaluation_for_voice",
    "evidence_counts", "export_sheets",
    "find_self_evaluation", "framework_of", "get_evidence", "get_framework_version", "get_self_evaluation",
    "get_voice_invitation", "incomplete_areas", "list_area_evidence", "list_comments", "list_evidence",
    "list_for_school", "list_frameworks", "list_voice_invitations", "load_bundled_frameworks",
    "load_framework", "network_area_changes", "network_area_levels", "network_fingerprint", "network_las",
    "network_statement_ratings", "network_totals", "network_years", "open_voice_invitation",
    "previous_of", "previous_self_evaluation", "profile_rows", "record_voice", "reopen", "save_area",
    "school_name_for", "school_ratings", "start", "statement_rows", "statements_for", "submit",
    "suggested_lists", "variant_of", "views_by_statement", "voice_responses",
]
