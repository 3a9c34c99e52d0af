"""Patients: search, register, read, update. Every read and write is audited by the services."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status
from pydantic import EmailStr

from mojoe.core.errors import InvalidInput
from mojoe.core.schemas import ErrorOut, Items
from mojoe.patients import selectors, services
from mojoe.patients.models import ContactChannel, Sex

router = Router(tags=["patients"])


class PatientOut(Schema):
    id: UUID
    mrn: str
    given_name: str
    middle_name: str
    family_name: str
    preferred_name: str
    birth_date: date
    sex: str
    phone_mobile: str
    phone_home: str
    email: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str
    preferred_language: str
    preferred_channel: str
    consent_sms: bool
    consent_email: bool
    consent_voice: bool
    active: bool


class PatientIn(Schema):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    middle_name: str = Field("", max_length=100)
    preferred_name: str = Field("", max_length=100)
    mrn: str = Field("", max_length=32)
    sex: Sex = Sex.UNKNOWN
    phone_mobile: str = Field("", max_length=30)
    phone_home: str = Field("", max_length=30)
    email: EmailStr | None = None
    address_line1: str = Field("", max_length=200)
    address_line2: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    state: str = Field("", max_length=50)
    postal_code: str = Field("", max_length=20)
    preferred_language: str = Field("en", min_length=2, max_length=10)
    preferred_channel: ContactChannel = ContactChannel.SMS
    consent_sms: bool = False
    consent_email: bool = False
    consent_voice: bool = False


class PatientPatch(Schema):
    given_name: str | None = Field(None, min_length=1, max_length=100)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    birth_date: date | None = None
    middle_name: str | None = Field(None, max_length=100)
    preferred_name: str | None = Field(None, max_length=100)
    mrn: str | None = Field(None, min_length=1, max_length=32)
    sex: Sex | None = None
    phone_mobile: str | None = Field(None, max_length=30)
    phone_home: str | None = Field(None, max_length=30)
    email: EmailStr | None = None
    address_line1: str | None = Field(None, max_length=200)
    address_line2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    state: str | None = Field(None, max_length=50)
    postal_code: str | None = Field(None, max_length=20)
    preferred_language: str | None = Field(None, min_length=2, max_length=10)
    preferred_channel: ContactChannel | None = None
    consent_sms: bool | None = None
    consent_email: bool | None = None
    consent_voice: bool | None = None
    active: bool | None = None


REQUIRED_ON_PATCH = frozenset(
    {
        "given_name",
        "family_name",
        "birth_date",
        "mrn",
        "sex",
        "preferred_language",
        "preferred_channel",
        "consent_sms",
        "consent_email",
        "consent_voice",
        "active",
    }
)


def _fields(payload: Schema, *, exclude_unset: bool) -> dict:
    data = payload.dict(exclude_unset=exclude_unset)
    if "email" in data:
        data["email"] = data["email"] or ""
    return data


class PatientFilters(Schema):
    q: str = Field(
        "", max_length=200, description="Name, date of birth, phone or MRN; every word must match."
    )
    limit: int = Field(selectors.MAX_RESULTS, ge=1, le=selectors.MAX_RESULTS)
    offset: int = Field(0, ge=0)


@router.get("/patients", response={200: Items[PatientOut], 422: ErrorOut}, summary="Search or list patients")
def patient_list(request, filters: Query[PatientFilters]):
    """`q` matches every word against name prefixes, date of birth (1980-03-07, 3/7/1980), phone and MRN.

    Without `q`, patients are listed by name, `limit` at a time from `offset`.
    """
    actor = request.actor
    if filters.q.strip():
        return {"items": selectors.patient_search(actor=actor, query=filters.q, limit=filters.limit)}
    return {"items": selectors.patient_list(actor=actor, limit=filters.limit, offset=filters.offset)}


@router.post("/patients", response={201: PatientOut, 409: ErrorOut, 422: ErrorOut})
def patient_create(request, payload: PatientIn):
    return Status(201, services.patient_create(actor=request.actor, **_fields(payload, exclude_unset=False)))


@router.get("/patients/{patient_id}", response={200: PatientOut, 404: ErrorOut})
def patient_detail(request, patient_id: UUID):
    return selectors.patient_get(actor=request.actor, patient_id=patient_id)


@router.patch(
    "/patients/{patient_id}", response={200: PatientOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
)
def patient_update(request, patient_id: UUID, payload: PatientPatch):
    patient = selectors.patient_get(actor=request.actor, patient_id=patient_id, audit=False)
    changes = _fields(payload, exclude_unset=True)
    required = sorted(name for name in REQUIRED_ON_PATCH if name in changes and changes[name] is None)
    if required:
        raise InvalidInput(
            f"{', '.join(required)} cannot be empty; leave a field out to keep it.", code="invalid"
        )
    # null clears an optional text field
    changes = {name: "" if value is None else value for name, value in changes.items()}
    return services.patient_update(actor=request.actor, patient=patient, **changes)
