"""The one way to read patients: scoped to the actor's practice, and every read audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record, audit_record_reads
from mojoe.core.context import Actor
from mojoe.core.errors import InvalidInput, NotFound
from mojoe.core.roles import Capability
from mojoe.patients.models import Patient, fold
from mojoe.scheduling.models import Appointment, AppointmentStatus, WaitlistEntry, WaitlistStatus

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%m.%d.%Y", "%d.%m.%Y", "%Y%m%d")
_DIGITS = re.compile(r"\D")
MAX_RESULTS = 50


def parse_birth_date(text: str) -> date | None:
    """A date of birth typed the way people type them (1980-03-07, 3/7/1980, 03-07-1980), or None."""
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt == "%m/%d/%y" and parsed.year > date.today().year:
            parsed = parsed.replace(year=parsed.year - 100)  # "3/7/80" is 1980, not 2080
        return parsed
    return None


_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


def _phone_filter(text: str) -> Q:
    # Phones are stored in E.164; the last ten digits identify a North American number whatever the prefix.
    tail = _DIGITS.sub("", text)[-10:]
    return Q(phone_mobile__endswith=tail) | Q(phone_home__endswith=tail)


def _word_filter(word: str) -> Q:
    folded = fold(word)
    return Q(search_family__startswith=folded) | Q(search_given__startswith=folded) | Q(mrn__iexact=word)


def search_filters(text: str) -> list[Q]:
    """One filter per thing typed: dates of birth first, then phone numbers (spaces allowed), then name words."""
    filters: list[Q] = []
    rest = []
    for token in re.split(r"[,\s]+", text):
        birth_date = parse_birth_date(token) if token else None
        if birth_date:
            filters.append(Q(birth_date=birth_date))
        elif token:
            rest.append(token)
    remainder = " ".join(rest)
    for match in _PHONE.finditer(remainder):
        if len(_DIGITS.sub("", match.group())) >= 7:
            filters.append(_phone_filter(match.group()))
            remainder = remainder.replace(match.group(), " ")
    filters.extend(_word_filter(word) for word in remainder.split())
    return filters


def patient_search_queryset(*, actor: Actor, query: str) -> QuerySet[Patient]:
    actor.require(Capability.VIEW_PATIENTS)
    text = (query or "").strip()
    if len(text) < 2:
        raise InvalidInput(
            "Type at least two characters: a name, a date of birth or a phone number.", code="query_too_short"
        )
    qs = Patient.objects.filter(practice=actor.practice)
    for condition in search_filters(text):
        qs = qs.filter(condition)
    return qs.order_by("search_family", "search_given", "birth_date")


def patient_search(*, actor: Actor, query: str, limit: int = MAX_RESULTS) -> list[Patient]:
    """Patients matching every word of `query` (name prefix, date of birth, phone, MRN); audited per result."""
    results = list(patient_search_queryset(actor=actor, query=query)[: max(1, min(limit, MAX_RESULTS))])
    audit_record_reads(
        actor=actor,
        objects=results,
        patient_of=lambda p: p.pk,
        action=AuditAction.SEARCH,
        detail={"query": query},
    )
    return results


def patient_list(*, actor: Actor, limit: int = MAX_RESULTS, offset: int = 0) -> list[Patient]:
    """A page of the practice's patients by name; audited per patient shown."""
    actor.require(Capability.VIEW_PATIENTS)
    ordered = Patient.objects.filter(practice=actor.practice).order_by("search_family", "search_given", "id")
    page = list(ordered[offset : offset + max(1, min(limit, MAX_RESULTS))])
    audit_record_reads(actor=actor, objects=page, patient_of=lambda p: p.pk, action=AuditAction.READ)
    return page


def patient_get(*, actor: Actor, patient_id, audit: bool = True) -> Patient:
    """One patient of the actor's practice, or NotFound (also for another practice's id); the read is audited."""
    actor.require(Capability.VIEW_PATIENTS)
    patient = Patient.objects.filter(practice=actor.practice, pk=patient_id).first()
    if patient is None:
        raise NotFound("No such patient in this practice.", code="patient_not_found")
    if audit:
        audit_record(actor=actor, action=AuditAction.READ, obj=patient, patient=patient)
    return patient


PAST_APPOINTMENTS_SHOWN = 20


@dataclass(frozen=True)
class PatientRecord:
    """What the staff patient page shows: the patient, their visits and what they wait for."""

    patient: Patient
    upcoming: list[Appointment]
    past: list[Appointment]
    more_past: bool
    waitlist: list[WaitlistEntry]


def patient_record(*, actor: Actor, patient_id, now: datetime | None = None) -> PatientRecord:
    """One patient with upcoming and recent appointments and active waitlist entries.

    Audited as one read of the patient: the appointments and entries are part of the same record, so one
    event says what was seen without flooding the trail.
    """
    patient = patient_get(actor=actor, patient_id=patient_id)
    now = now or timezone.now()
    # Entered-in-error rows stand for bookings that never were; they would only mislead the reader.
    appointments = (
        Appointment.objects.filter(practice=actor.practice, patient=patient)
        .exclude(status=AppointmentStatus.ENTERED_IN_ERROR)
        .select_related("provider", "location", "appointment_type")
    )
    # A visit under way (started, not yet ended) is still "upcoming" for the front desk.
    past = list(appointments.filter(end__lte=now).order_by("-start")[: PAST_APPOINTMENTS_SHOWN + 1])
    waitlist = (
        WaitlistEntry.objects.filter(practice=actor.practice, patient=patient, status=WaitlistStatus.ACTIVE)
        .select_related("appointment_type", "provider")
        .order_by("earliest_date", "created_at")
    )
    return PatientRecord(
        patient=patient,
        upcoming=list(appointments.filter(end__gt=now).order_by("start")),
        past=past[:PAST_APPOINTMENTS_SHOWN],
        more_past=len(past) > PAST_APPOINTMENTS_SHOWN,
        waitlist=list(waitlist),
    )
