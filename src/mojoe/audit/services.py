"""Recording audit events. Call inside the transaction of the write being audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from mojoe.audit.models import AuditEvent
from mojoe.core.context import Actor


def _actor_label(actor: Actor) -> str:
    if actor.user is None:
        return f"mojoe:{actor.channel}"
    return actor.user.get_username()


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    patient: Any = None,
    detail: dict | None = None,
) -> AuditEvent:
    """One event: `actor` did `action` on `obj`, which concerns `patient`."""
    return AuditEvent.objects.create(
        practice=actor.practice,
        actor=actor.user,
        actor_label=_actor_label(actor),
        patient_id=getattr(patient, "pk", patient),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        at=timezone.now(),
        client_ip=actor.client_ip,
        channel=actor.channel,
        detail=detail or {},
    )


def audit_record_reads(
    *,
    actor: Actor,
    objects: Iterable[models.Model],
    patient_of=lambda o: o.patient_id,
    action: str = "read",
    detail: dict | None = None,
) -> int:
    """One read event per object shown (a search result, a day's appointments), in one insert."""
    now = timezone.now()
    label = _actor_label(actor)
    events = [
        AuditEvent(
            practice=actor.practice,
            actor=actor.user,
            actor_label=label,
            patient_id=patient_of(obj),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            at=now,
            client_ip=actor.client_ip,
            channel=actor.channel,
            detail=detail or {},
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
