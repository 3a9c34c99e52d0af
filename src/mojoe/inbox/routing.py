"""Which team gets which kind of task: Mojoe's defaults, and each practice's own rules over them."""

from __future__ import annotations

from django.db import transaction

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import InvalidInput
from mojoe.core.roles import Capability
from mojoe.inbox.models import TASK_KINDS, RoutingRule, Team

# Where each kind of request goes when the practice has no rule for it; anything else goes to the front desk.
DEFAULT_TEAM = {
    "emergency": Team.NURSE,
    "clinical_question": Team.NURSE,
    "refill": Team.NURSE,
    "results": Team.NURSE,
    "billing": Team.BILLING,
    "insurance": Team.BILLING,
    "records": Team.RECORDS,
    "referral": Team.FRONT_DESK,
}
# Emergencies always reach the nurses (the safety screen names the team itself); a rule must not suggest
# otherwise, so the settings page does not offer one.
FIXED_KINDS = frozenset({"emergency"})
ROUTABLE_KINDS = {kind: label for kind, label in TASK_KINDS.items() if kind not in FIXED_KINDS}
# A clinical question may need a clinician's judgement the same day; only a clinical team may get it.
CLINICAL_ONLY = {"clinical_question": (Team.NURSE, Team.PHYSICIAN)}


def default_team(kind: str) -> str:
    return DEFAULT_TEAM.get(kind, Team.FRONT_DESK)


def routing_team_for(*, practice, kind: str) -> str:
    """The team a new task of `kind` goes to in `practice`: its rule, else Mojoe's default."""
    rule = RoutingRule.objects.filter(practice=practice, kind=kind).values_list("team", flat=True).first()
    return rule or default_team(kind)


def routing_rules_get(*, practice) -> dict[str, str]:
    """The practice's rules as {kind: team} (kinds without a rule are absent)."""
    return dict(RoutingRule.objects.filter(practice=practice).values_list("kind", "team"))


def routing_rules_save(*, actor: Actor, teams: dict[str, str]) -> dict[str, str]:
    """Set the practice's rules: {kind: team}, where an empty team means "Mojoe's default" (no rule).

    All or nothing: an unknown kind or team refuses the whole change. Each rule added, changed or removed is
    audited; the rules in force afterwards are returned.
    """
    actor.require(Capability.CONFIGURE_PRACTICE)
    for kind, team in teams.items():
        if kind not in ROUTABLE_KINDS:
            raise InvalidInput(f"Tasks of kind “{kind}” cannot be routed here.", code="invalid_kind")
        if team and team not in Team.values:
            raise InvalidInput(
                f"Choose one of the teams for {ROUTABLE_KINDS[kind].lower()}.", code="invalid_team"
            )
        if team and kind in CLINICAL_ONLY and team not in CLINICAL_ONLY[kind]:
            raise InvalidInput(
                f"{ROUTABLE_KINDS[kind]} must go to the nurses or the physicians.",
                code="clinical_team_required",
            )
    with transaction.atomic():
        current = {r.kind: r for r in RoutingRule.objects.select_for_update().filter(practice=actor.practice)}
        for kind, team in teams.items():
            rule = current.get(kind)
            # A rule that says what the default says is no rule: the default may improve later.
            wanted = team if team and team != default_team(kind) else ""
            if rule is not None and not wanted:
                audit_record(actor=actor, action=AuditAction.DELETE, obj=rule, detail={"kind": kind})
                rule.delete()
            elif rule is None and wanted:
                rule = RoutingRule.objects.create(practice=actor.practice, kind=kind, team=wanted)
                audit_record(
                    actor=actor, action=AuditAction.CREATE, obj=rule, detail={"kind": kind, "team": wanted}
                )
            elif rule is not None and rule.team != wanted:
                previous, rule.team = rule.team, wanted
                rule.save(update_fields=["team", "updated_at"])
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=rule,
                    detail={"kind": kind, "team": wanted, "from": previous},
                )
    return routing_rules_get(practice=actor.practice)
