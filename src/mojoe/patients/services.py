"""Creating and changing patient records."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput
from mojoe.core.roles import Capability
from mojoe.core.validators import normalize_phone
from mojoe.patients.models import Patient

EDITABLE_FIELDS = frozenset(
    {
        "given_name",
        "middle_name",
        "family_name",
        "preferred_name",
        "birth_date",
        "sex",
        "phone_mobile",
        "phone_home",
        "email",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "preferred_language",
        "preferred_channel",
        "consent_sms",
        "consent_email",
        "consent_voice",
        "active",
        "mrn",
    }
)


def _new_mrn() -> str:
    return "M" + secrets.token_hex(4).upper()


def _clean(patient: Patient) -> None:
    """Normalize phones and run the model's validation; turn errors into one readable InvalidInput."""
    if patient.birth_date and not (date(1880, 1, 1) <= patient.birth_date <= timezone.localdate()):
        raise InvalidInput("birth_date: a date of birth must be in the past.", code="invalid_patient")
    try:
        patient.phone_mobile = normalize_phone(patient.phone_mobile)
        patient.phone_home = normalize_phone(patient.phone_home)
        patient.full_clean(exclude=["practice"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        text = "; ".join(
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in messages.items()
        )
        raise InvalidInput(text, code="invalid_patient") from None


def _save(patient: Patient, actor: Actor, action: str, detail: dict) -> Patient:
    try:
        with transaction.atomic():
            patient.save()
            audit_record(actor=actor, action=action, obj=patient, patient=patient, detail=detail)
    except IntegrityError:
        if Patient.objects.filter(practice=actor.practice, mrn=patient.mrn).exclude(pk=patient.pk).exists():
            raise Conflict(f"Another patient already has MRN {patient.mrn}.", code="mrn_taken") from None
        raise
    return patient


def patient_create(*, actor: Actor, **fields) -> Patient:
    """Register a patient in the actor's practice; an MRN is assigned when none is given."""
    actor.require(Capability.EDIT_PATIENTS)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.", code="invalid_field")
    patient = Patient(practice=actor.practice, **fields)
    if not patient.mrn:
        patient.mrn = _new_mrn()
    _clean(patient)
    return _save(patient, actor, AuditAction.CREATE, {})


def patient_update(*, actor: Actor, patient: Patient, **changes) -> Patient:
    actor.require(Capability.EDIT_PATIENTS)
    if patient.practice_id != actor.practice.pk:
        raise InvalidInput("This patient belongs to another practice.", code="wrong_practice")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(
            f"These fields cannot be changed: {', '.join(sorted(unknown))}.", code="invalid_field"
        )
    for name, value in changes.items():
        setattr(patient, name, value)
    _clean(patient)
    return _save(patient, actor, AuditAction.UPDATE, {"fields": sorted(changes)})
