"""Reading the inbox: who works which team, which practices a person's inbox spans, and the filtered lists.

The lists here return querysets; the views audit what they show (one read per row with a patient) with the
actor of the row's practice, so that each practice's trail holds the reads of its own patients.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from mojoe.core.context import Actor, Channel
from mojoe.core.roles import Capability, Role, role_can
from mojoe.inbox.models import OPEN_STATUSES, Priority, Task, Team
from mojoe.messaging.models import Conversation, ConversationStatus, Message, MessageDirection
from mojoe.practices.models import Membership

# The team each role works in. Owners and administrators are not listed: their team is everyone's.
TEAMS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.NURSE: (Team.NURSE,),
    Role.BILLING: (Team.BILLING,),
    Role.FRONT_DESK: (Team.FRONT_DESK,),
    Role.SECRETARY: (Team.FRONT_DESK,),
    Role.PHYSICIAN: (Team.PHYSICIAN,),
}
URGENT_PRIORITIES = (Priority.URGENT, Priority.ASAP, Priority.STAT)


def teams_for_role(role: str | None) -> tuple[str, ...] | None:
    """The teams whose work a role sees as its own; None means every team (owners, administrators)."""
    if role in (Role.OWNER, Role.ADMIN):
        return None
    return TEAMS_BY_ROLE.get(role or "", ())


def inbox_memberships(user) -> list[Membership]:
    """The user's active memberships whose role works the inbox, by practice name."""
    memberships = (
        Membership.objects.filter(user=user, active=True, user__is_active=True)
        .select_related("practice")
        .order_by("practice__name")
    )
    return [m for m in memberships if role_can(m.role, Capability.WORK_TASKS)]


def assignable_users(practice) -> list:
    """Who may be given a task or a conversation of `practice`: its active members who work the inbox."""
    memberships = (
        Membership.objects.filter(practice=practice, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return [m.user for m in memberships if role_can(m.role, Capability.WORK_TASKS)]


@dataclass
class InboxScope:
    """The practices one inbox page shows: the current one, or every practice the person works the inbox of.

    `actors` holds, per practice id, the actor reads of that practice's rows are audited with (the person's
    role there, not in the current practice).
    """

    user: object
    memberships: list[Membership]
    all_practices: bool
    several: bool = False  # whether the person works the inbox of more than one practice
    actors: dict = field(default_factory=dict)

    @classmethod
    def for_request(cls, request, *, all_practices: bool) -> InboxScope:
        current = request.actor
        everywhere = inbox_memberships(request.user)
        several = len(everywhere) > 1
        # With one practice, "all of them" is just this one.
        memberships = everywhere if all_practices and several else [request.membership]
        scope = cls(
            user=request.user, memberships=memberships, all_practices=len(memberships) > 1, several=several
        )
        for m in memberships:
            scope.actors[m.practice_id] = Actor(
                practice=m.practice,
                user=request.user,
                role=m.role,
                channel=Channel.WEB,
                client_ip=current.client_ip,
            )
        return scope

    @property
    def practice_ids(self) -> list:
        return [m.practice_id for m in self.memberships]

    def my_team_q(self) -> Q:
        """Tasks of each practice that belong to the person's team there (all of them where they own or
        administer the practice)."""
        q = Q(pk__in=[])
        for m in self.memberships:
            teams = teams_for_role(m.role)
            here = Q(practice_id=m.practice_id)
            q |= here if teams is None else here & Q(team__in=teams)
        return q


# --- conversations -----------------------------------------------------------------------------------------

# What the conversation list can show; the first is the default.
CONVERSATION_FILTERS = {
    "attention": "Needs attention",
    "mine": "Assigned to me",
    "team": "My team",
    "urgent": "Urgent",
    "all": "All",
}
# Rank 0: an emergency nobody has yet, or whose alert is still open. 1: urgent. 2: waiting for a person.
EMERGENCY, URGENT, WAITING, OTHER = 0, 1, 2, 3


def _open_task_exists(**filters) -> Exists:
    return Exists(
        Task.objects.filter(conversation=OuterRef("pk"), status__in=OPEN_STATUSES, **filters).values("pk")
    )


def conversations_for(scope: InboxScope) -> QuerySet[Conversation]:
    """Open conversations (with at least one message) of the scope's practices, annotated with `rank`,
    `has_urgent` (an open urgent/asap/stat task is linked), `in_team` and `last_body` (the patient's latest message)."""
    team_exists = Q(pk__in=[])
    for m in scope.memberships:
        teams = teams_for_role(m.role)
        here = Q(practice_id=m.practice_id)
        team_exists |= here if teams is None else here & _open_task_exists(team__in=teams)
    # What the patient last wrote is what staff triage from; the assistant's answer to it says less.
    last = (
        Message.objects.filter(conversation=OuterRef("pk"), direction=MessageDirection.INBOUND)
        .order_by("-created_at")
        .values("body")[:1]
    )
    unassigned = Q(assigned_to__isnull=True)
    return (
        Conversation.objects.filter(practice_id__in=scope.practice_ids, last_message_at__isnull=False)
        .exclude(status=ConversationStatus.CLOSED)
        .select_related("patient", "assigned_to", "practice")
        .annotate(has_urgent=_open_task_exists(priority__in=URGENT_PRIORITIES), last_body=Subquery(last))
        .annotate(
            rank=Case(
                When(Q(flagged=True) & (unassigned | Q(has_urgent=True)), then=Value(EMERGENCY)),
                When(Q(flagged=True) | Q(has_urgent=True), then=Value(URGENT)),
                When(Q(status=ConversationStatus.HANDED_OFF) & unassigned, then=Value(WAITING)),
                default=Value(OTHER),
                output_field=IntegerField(),
            ),
            in_team=Case(When(team_exists, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
    )


def conversation_filter_q(name: str, *, user) -> Q:
    """The condition of one of CONVERSATION_FILTERS on `conversations_for`'s annotations."""
    return {
        "attention": Q(rank__in=(EMERGENCY, WAITING)),
        "mine": Q(assigned_to=user),
        "team": Q(in_team=1),
        "urgent": Q(flagged=True) | Q(has_urgent=True),
        "all": Q(),
    }[name]


def conversation_counts(queryset: QuerySet[Conversation], *, user) -> dict[str, int]:
    """How many conversations each filter would show, in one query."""
    return queryset.aggregate(
        **{name: Count("pk", filter=conversation_filter_q(name, user=user)) for name in CONVERSATION_FILTERS}
    )


def channel_counts(queryset: QuerySet[Conversation]) -> dict[str, int]:
    return dict(queryset.order_by().values_list("channel").annotate(n=Count("pk")))


# --- tasks ------------------------------------------------------------------------------------------------

TASK_VIEWS = {
    "open": "All open",
    "mine": "Mine",
    "team": "My team's",
    "overdue": "Overdue",
}
_PRIORITY_RANK = Case(
    *(
        When(priority=p, then=Value(rank))
        for rank, p in enumerate([Priority.STAT, Priority.ASAP, Priority.URGENT])
    ),
    default=Value(9),
    output_field=IntegerField(),
)


def tasks_for(scope: InboxScope) -> QuerySet[Task]:
    """Open tasks of the scope's practices, the most urgent first, then by due time."""
    return (
        Task.objects.filter(practice_id__in=scope.practice_ids, status__in=OPEN_STATUSES)
        .select_related("patient", "assigned_to", "practice", "appointment", "conversation")
        .annotate(rank=_PRIORITY_RANK)
        .order_by("rank", "due_at")
    )


def task_view_q(name: str, *, scope: InboxScope, now: datetime) -> Q:
    return {
        "open": Q(),
        "mine": Q(assigned_to=scope.user),
        "team": scope.my_team_q(),
        "overdue": Q(due_at__lt=now),
    }[name]


def task_counts(queryset: QuerySet[Task], *, scope: InboxScope, now: datetime) -> dict[str, int]:
    return queryset.aggregate(
        **{name: Count("pk", filter=task_view_q(name, scope=scope, now=now)) for name in TASK_VIEWS}
    )
