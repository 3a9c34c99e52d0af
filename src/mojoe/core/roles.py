"""Roles a member holds in a practice, and what each may do.

Permissions are named capabilities so that views, API endpoints and the admin ask the same question
("may this member book?") instead of each listing roles of its own.
"""

from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Administrator"
    PHYSICIAN = "physician", "Physician"
    NURSE = "nurse", "Nurse"
    FRONT_DESK = "front_desk", "Front desk"
    BILLING = "billing", "Billing"
    SECRETARY = "secretary", "Secretary"


ALL_ROLES = frozenset(Role.values)
_CLINICAL_AND_FRONT = frozenset(
    {Role.OWNER, Role.ADMIN, Role.PHYSICIAN, Role.NURSE, Role.FRONT_DESK, Role.SECRETARY}
)


class Capability:
    VIEW_PRACTICE = "practice.view"
    CONFIGURE_PRACTICE = "practice.configure"
    VIEW_PATIENTS = "patients.view"
    EDIT_PATIENTS = "patients.edit"
    VIEW_SCHEDULE = "schedule.view"
    MANAGE_SCHEDULE = "schedule.manage"
    MANAGE_WAITLIST = "waitlist.manage"
    WORK_TASKS = "tasks.work"


GRANTS: dict[str, frozenset[str]] = {
    Capability.VIEW_PRACTICE: ALL_ROLES,
    Capability.CONFIGURE_PRACTICE: frozenset({Role.OWNER, Role.ADMIN}),
    Capability.VIEW_PATIENTS: ALL_ROLES,
    Capability.EDIT_PATIENTS: _CLINICAL_AND_FRONT | {Role.BILLING},
    Capability.VIEW_SCHEDULE: ALL_ROLES,
    Capability.MANAGE_SCHEDULE: _CLINICAL_AND_FRONT,
    Capability.MANAGE_WAITLIST: _CLINICAL_AND_FRONT,
    Capability.WORK_TASKS: ALL_ROLES,
}


def role_can(role: str, capability: str) -> bool:
    return role in GRANTS[capability]
