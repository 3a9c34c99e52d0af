"""Configuring a practice: its details, locations, providers, office facts and FAQ, and who works there in
which role.

Every function takes the acting party first, checks that its role may configure the practice, keeps every
object inside the actor's practice, and writes its audit event in the same transaction as the change.

Membership rules live here (the admin's forms check some of them too, for the admin only); invitations,
which follow the same rules, are in `invitations.py`:
- only an owner may make someone an owner, or change or end an owner's membership;
- a practice always keeps at least one active owner.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction

from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record
from mojoe.core.context import Actor
from mojoe.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from mojoe.core.roles import Capability, Role
from mojoe.core.validators import normalize_phone
from mojoe.practices.models import (
    FaqEntry,
    Location,
    Membership,
    OfficeFacts,
    Practice,
    Provider,
)

PRACTICE_FIELDS = frozenset(
    {
        "name",
        "time_zone",
        "phone",
        "sms_number",
        "fax",
        "email",
        "website",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "country",
    }
)
LOCATION_FIELDS = frozenset(
    {"name", "phone", "address_line1", "address_line2", "city", "state", "postal_code", "active"}
)
PROVIDER_FIELDS = frozenset({"given_name", "family_name", "credentials", "specialty", "npi", "active"})
PHONE_FIELDS = frozenset({"phone", "sms_number", "fax"})


class InvalidFields(InvalidInput):
    """Invalid input with the message for each field, so that a form can show each one beside its field.

    `fields` maps a field name (or "" for the whole form) to its messages; `detail` joins them all.
    """

    def __init__(self, fields: dict[str, list[str]], *, code: str = "invalid", model=None):
        self.fields = fields
        parts = []
        for name, messages in fields.items():
            label = _label(model, name)
            parts += [f"{label}: {message}" if label else message for message in messages]
        super().__init__(" ".join(parts), code=code)

    @classmethod
    def from_validation_error(cls, error: ValidationError, model=None) -> InvalidFields:
        if not hasattr(error, "error_dict"):
            return cls({"": list(error.messages)})
        return cls(
            {
                ("" if name == NON_FIELD_ERRORS else name): list(ValidationError(messages).messages)
                for name, messages in error.error_dict.items()
            },
            model=model,
        )


def _label(model, name: str) -> str:
    """The field's name as people read it ("Duration minutes"), for messages that reach an API or a log."""
    if not name:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize() if model else name
    except FieldDoesNotExist:
        return name


def replace_many(obj, relation: str, chosen, changes: dict, *, created: bool) -> None:
    """Set a many-to-many relation and note a change in `changes` as [ids before, ids after]."""
    manager = getattr(obj, relation)
    before = set() if created else set(manager.values_list("pk", flat=True))
    after = {item.pk for item in chosen}
    if before != after:
        manager.set(chosen)
        changes[relation] = [sorted(map(str, before)), sorted(map(str, after))]


def record_save(actor: Actor, obj, changes: dict, *, created: bool) -> None:
    """The audit event of a configuration save; an edit that changed nothing records nothing."""
    if created or changes:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=obj,
            detail={"changes": changes},
        )


def full_clean_or_invalid(obj: models.Model, **kwargs) -> None:
    """The model's own validators and constraints, as InvalidFields instead of ValidationError."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        raise InvalidFields.from_validation_error(error, type(obj)) from None


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def apply_changes(obj: models.Model, data: dict, allowed: frozenset[str]) -> dict[str, list]:
    """Set `data` on `obj` and return what changed as {field: [old, new]}, for the audit trail."""
    unknown = set(data) - allowed
    if unknown:
        raise InvalidInput(f"These fields cannot be set here: {', '.join(sorted(unknown))}.")
    changes = {}
    for name, value in data.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
        setattr(obj, name, value)
    return changes


def require_configure(actor: Actor) -> None:
    actor.require(Capability.CONFIGURE_PRACTICE)


def same_practice(actor: Actor, objects, *, field: str, label: str) -> list:
    """`objects` (rows that point to a practice), refused if any belongs to another practice."""
    objects = list(objects)
    strangers = [obj for obj in objects if obj.practice_id != actor.practice.pk]
    if strangers:
        raise InvalidFields({field: [f"Choose {label} of this practice only."]}, code="other_practice")
    return objects


def _normalize_phones(data: dict) -> dict:
    data = dict(data)
    errors = {}
    for name in PHONE_FIELDS & set(data):
        try:
            data[name] = normalize_phone(data[name] or "")
        except ValidationError as error:
            errors[name] = list(error.messages)
    if errors:
        raise InvalidFields(errors)
    return data


def locked_in_practice(model, actor: Actor, obj):
    """The row again, locked, from the database: the edit starts from what is stored, not from a form."""
    found = model.objects.select_for_update().filter(pk=obj.pk, practice=actor.practice).first()
    if found is None:
        raise NotFound(f"No such {model._meta.verbose_name} in this practice.")
    return found


# --- the practice, its locations and providers ---------------------------------------------------------


def practice_update(*, actor: Actor, data: dict) -> Practice:
    """Change the practice's details (name, time zone, contact, address). The slug stays: links use it."""
    require_configure(actor)
    data = _normalize_phones(data)
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=actor.practice.pk)
        changes = apply_changes(practice, data, PRACTICE_FIELDS)
        full_clean_or_invalid(practice)
        if changes:
            practice.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=practice, detail={"changes": changes})
    return practice


def location_save(*, actor: Actor, location: Location | None = None, data: dict) -> Location:
    """Create a location (`location` None) or change one."""
    require_configure(actor)
    data = _normalize_phones(data)
    name = (data.get("name") or "").strip()
    with transaction.atomic():
        current = locked_in_practice(Location, actor, location) if location is not None else None
        obj = current or Location(practice=actor.practice)
        if name and (
            Location.objects.filter(practice=actor.practice, name__iexact=name).exclude(pk=obj.pk).exists()
        ):
            raise InvalidFields({"name": [f"There is already a location named {name!r}."]}, code="duplicate")
        changes = apply_changes(obj, data, LOCATION_FIELDS)
        full_clean_or_invalid(obj)
        if current is None or changes:
            obj.save()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE if current is None else AuditAction.UPDATE,
                obj=obj,
                detail={"changes": changes},
            )
    return obj


def provider_save(*, actor: Actor, provider: Provider | None = None, data: dict, locations=None) -> Provider:
    """Create a provider (`provider` None) or change one; `locations`, if given, replaces where they work."""
    require_configure(actor)
    chosen = (
        same_practice(actor, locations, field="locations", label="locations")
        if locations is not None
        else None
    )
    npi = (data.get("npi") or "").strip()
    with transaction.atomic():
        current = locked_in_practice(Provider, actor, provider) if provider is not None else None
        obj = current or Provider(practice=actor.practice)
        if npi and Provider.objects.filter(practice=actor.practice, npi=npi).exclude(pk=obj.pk).exists():
            raise InvalidFields(
                {"npi": ["Another provider of this practice has this NPI."]}, code="duplicate"
            )
        changes = apply_changes(obj, {**data, "npi": npi} if "npi" in data else data, PROVIDER_FIELDS)
        full_clean_or_invalid(obj)
        if current is None or changes:
            obj.save()
        if chosen is not None:
            replace_many(obj, "locations", chosen, changes, created=current is None)
        record_save(actor, obj, changes, created=current is None)
    return obj


# --- office facts and the FAQ ---------------------------------------------------------------------------

OFFICE_FACT_FIELDS = frozenset(
    {
        "parking",
        "parking_es",
        "directions",
        "directions_es",
        "insurances_accepted",
        "services",
        "services_es",
        "languages_spoken",
        "after_hours",
        "after_hours_es",
    }
)
# Lists are kept one item per line; the answers read them line by line.
OFFICE_LIST_FIELDS = frozenset({"insurances_accepted", "services", "services_es", "languages_spoken"})
FAQ_FIELDS = frozenset({"question", "answer", "question_es", "answer_es", "position", "active"})
FAQ_TEXT_FIELDS = frozenset({"question", "answer", "question_es", "answer_es"})


def _tidy_text(value, *, one_per_line: bool) -> str:
    """Text as patients will read it: no trailing spaces or Windows line ends; in lists, no empty lines."""
    lines = [line.rstrip() for line in str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if one_per_line:
        lines = [line.strip() for line in lines if line.strip()]
    return "\n".join(lines).strip()


def _too_long(obj: models.Model, names) -> dict[str, list[str]]:
    """Text fields over their `max_length`, which the database does not enforce for TextField."""
    errors = {}
    for name in names:
        limit = obj._meta.get_field(name).max_length
        value = getattr(obj, name) or ""
        if limit and len(value) > limit:
            errors[name] = [f"Keep this to {limit} characters or fewer (it has {len(value)})."]
    return errors


def office_facts_update(*, actor: Actor, **fields) -> OfficeFacts:
    """Change what patients are told about the office (parking, directions, insurance, services…).

    Only the fields given change; the practice's facts are created on first use.
    """
    require_configure(actor)
    unknown = set(fields) - OFFICE_FACT_FIELDS
    if unknown:
        raise InvalidInput(f"These fields cannot be set here: {', '.join(sorted(unknown))}.")
    data = {
        name: _tidy_text(value, one_per_line=name in OFFICE_LIST_FIELDS) for name, value in fields.items()
    }
    with transaction.atomic():
        facts, created = OfficeFacts.objects.select_for_update().get_or_create(practice=actor.practice)
        changes = apply_changes(facts, data, OFFICE_FACT_FIELDS)
        errors = _too_long(facts, OFFICE_FACT_FIELDS)
        if errors:
            raise InvalidFields(errors, model=OfficeFacts)
        full_clean_or_invalid(facts)
        if changes:
            facts.save()
        record_save(actor, facts, changes, created=created)
    return facts


def faq_entry_save(*, actor: Actor, entry: FaqEntry | None = None, data: dict) -> FaqEntry:
    """Add a question and its answer to the practice's FAQ (`entry` None), or change one.

    A new entry without a position goes last. Two active entries may not ask the same question.
    """
    require_configure(actor)
    data = {
        name: _tidy_text(value, one_per_line=False) if name in FAQ_TEXT_FIELDS else value
        for name, value in data.items()
    }
    with transaction.atomic():
        current = locked_in_practice(FaqEntry, actor, entry) if entry is not None else None
        obj = current or FaqEntry(practice=actor.practice)
        if data.get("position") is None:
            data.pop("position", None)
            if current is None:
                last = FaqEntry.objects.filter(practice=actor.practice).aggregate(last=models.Max("position"))
                obj.position = (last["last"] or 0) + 1
        question = data.get("question", obj.question)
        same = FaqEntry.objects.filter(practice=actor.practice, active=True, question__iexact=question)
        if question and data.get("active", obj.active) and same.exclude(pk=obj.pk).exists():
            raise InvalidFields({"question": ["This question is already in the FAQ."]}, code="duplicate")
        changes = apply_changes(obj, data, FAQ_FIELDS)
        errors = _too_long(obj, ("answer", "answer_es"))
        if errors:
            raise InvalidFields(errors, model=FaqEntry)
        full_clean_or_invalid(obj)
        if current is None or changes:
            obj.save()
        record_save(actor, obj, changes, created=current is None)
    return obj


def faq_entry_remove(*, actor: Actor, entry: FaqEntry) -> None:
    """Take a question out of the FAQ for good (make it inactive to keep it)."""
    require_configure(actor)
    with transaction.atomic():
        current = locked_in_practice(FaqEntry, actor, entry)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=current,
            detail={"question": current.question, "answer": current.answer},
        )
        current.delete()


# --- memberships -------------------------------------------------------------------------------------


def _may_grant_owner(actor: Actor) -> bool:
    return actor.user is None or actor.role == Role.OWNER


def check_role(role: str) -> None:
    if role not in Role.values:
        raise InvalidFields({"role": ["Choose one of the roles in the list."]}, code="invalid_role")


def require_owner_for(actor: Actor, message: str) -> None:
    if not _may_grant_owner(actor):
        raise PermissionDenied(message, code="owner_required")


def _other_active_owners(membership: Membership) -> int:
    # Locking the owners' rows makes two owners who demote each other at once wait for one another.
    return (
        Membership.objects.select_for_update()
        .filter(practice_id=membership.practice_id, role=Role.OWNER, active=True)
        .exclude(pk=membership.pk)
        .count()
    )


def _keep_an_owner(membership: Membership) -> None:
    if membership.role == Role.OWNER and membership.active and _other_active_owners(membership) == 0:
        raise Conflict(
            f"{membership.user} is the last active owner of this practice. Make someone else an owner first.",
            code="last_owner",
        )


def _membership(actor: Actor, membership: Membership) -> Membership:
    found = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership.pk, practice=actor.practice)
        .first()
    )
    if found is None:
        raise NotFound("No such member in this practice.", code="membership_not_found")
    return found


def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    """Give a member another role. Owners are made, changed and unmade only by owners."""
    require_configure(actor)
    check_role(role)
    with transaction.atomic():
        current = _membership(actor, membership)
        if role == current.role:
            return current
        if Role.OWNER in (role, current.role):
            require_owner_for(actor, "Only an owner can make someone an owner or change an owner's role.")
        if current.role == Role.OWNER:
            _keep_an_owner(current)
        old = current.role
        current.role = role
        current.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            detail={"user": current.user.get_username(), "changes": {"role": [old, role]}},
        )
    return current


def membership_set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    """End a member's access to this practice (at once: the session checks it on every request), or restore it."""
    require_configure(actor)
    with transaction.atomic():
        current = _membership(actor, membership)
        if current.active == active:
            return current
        if current.role == Role.OWNER:
            require_owner_for(actor, "Only an owner can end or restore an owner's access.")
        if not active:
            _keep_an_owner(current)
        current.active = active
        current.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.STATUS,
            obj=current,
            detail={"user": current.user.get_username(), "active": active},
        )
    return current
