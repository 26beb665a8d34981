"""Northmere as data controller: its own privacy notice, naming its (fictional) data protection
officer. Eastbrook keeps the service's standard notice, so the demo shows both."""

from app.interfaces import data_protection


def seed(northmere) -> None:
    data_protection.set_privacy_notice(northmere, NORTHMERE_NOTICE, northmere.version)


NORTHMERE_NOTICE = """# Who is responsible for your information
Northmere Borough Council is the data controller for the information held in SEND Triads about its schools' \
peer review of SEND. The company that runs SEND Triads processes it for us and only as we instruct.

# What we hold and why
Your name, work e-mail address and role, and what your school records about its SEND provision: \
self-evaluations, action plans, triad meetings, quality-assurance visits and the celebration of learning. \
We use it to run the peer review and to decide where to offer support. Our lawful basis is public task.

Do not enter a child's name or anything that could identify a child.

# Who can see it
Staff at your school, your triad's coach school, the cohort's quality assurers and the Council's SEND team. \
We share anonymised figures, never names, with the programme network.

# How long we keep it
Six years after the end of the cohort's academic year. Then free text, files and plans are deleted and only \
anonymised ratings stay.

# Your rights
Ask for a copy of your information, or for it to be corrected or erased: write to Priya Okafor, Data \
Protection Officer, dpo@northmere.example. You can also complain to the Information Commissioner's Office.
"""
