"""Booking and moving appointments in a conversation: the visit type, three earliest times, the pick.

The times offered come from the same slot search the staff calendar uses, and the booking goes through
`appointment_book` / `appointment_reschedule`: the assistant has no scheduling rule of its own, and a time
taken by someone else in the meantime is simply offered again with fresh choices.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from mojoe.assistant.dialogue.answers import choice, wants_other_times
from mojoe.assistant.dialogue.context import Turn
from mojoe.assistant.dialogue.identity import newcomer_fields
from mojoe.assistant.dialogue.replies import day_and_time, day_only, numbered
from mojoe.core.errors import Conflict
from mojoe.inbox.models import Priority
from mojoe.inbox.services import task_create
from mojoe.practices.models import Location, Provider
from mojoe.scheduling.models import Appointment, AppointmentType
from mojoe.scheduling.selectors import slot_search
from mojoe.scheduling.services import (
    appointment_book,
    appointment_book_new_patient,
    appointment_reschedule,
)

OFFERED = 3
# Refusals that mean "this time is no longer possible" (taken meanwhile, or too close now): offer again.
_TIME_GONE = ("slot_taken", "slot_not_bookable", "too_short_notice", "patient_conflict")
SEARCH_DAYS = 45  # how far ahead one search looks; "later" continues from the last time offered

_PART_WORDS = {
    "en": {"morning": "in the morning", "afternoon": "in the afternoon", "evening": "in the evening"},
    "es": {"morning": "en la mañana", "afternoon": "en la tarde", "evening": "en la noche"},
}


def bookable_types(turn: Turn) -> list[AppointmentType]:
    """What a patient may book themselves: online-bookable types, and for a newcomer new-patient ones."""
    types = AppointmentType.objects.filter(practice=turn.practice, active=True, bookable_online=True)
    if turn.patient is None or not turn.patient.appointments.exists():
        types = types.filter(new_patients_allowed=True)
    return [t for t in types.order_by("name") if t.providers.filter(active=True).exists()]


def _type_from_answer(turn: Turn, types: list[AppointmentType]) -> AppointmentType | None:
    picked = choice(turn.text, len(types))
    if picked is not None:
        return types[picked]
    named = turn.understanding.entities.get("appointment_type_id")
    return next((t for t in types if str(t.pk) == str(named)), None)


def _remember_preferences(turn: Turn) -> None:
    """What the patient said about when and with whom; a later message refines an earlier one."""
    when = turn.understanding.when
    data = turn.data
    if when.date:
        data["date"] = when.date.isoformat()
        data.pop("after", None)
    if when.time:
        data["time"] = when.time.strftime("%H:%M")
    if when.part_of_day:
        data["part_of_day"] = when.part_of_day
    provider = turn.understanding.entities.get("provider_id")
    if provider:
        data["provider"] = str(provider)


def booking_start(turn: Turn, *, appointment: Appointment | None = None) -> None:
    """Begin booking (or, with `appointment`, moving it): ask the type if needed, then offer times."""
    if appointment is not None:
        turn.start(
            "reschedule",
            appointment=str(appointment.pk),
            type=str(appointment.appointment_type_id),
            provider=str(appointment.provider_id),
        )
    elif turn.flow != "book":
        turn.start("book")
    _remember_preferences(turn)
    if "type" not in turn.data:
        types = bookable_types(turn)
        if not types:
            _no_times(turn, "a visit")
            return
        chosen = _type_from_answer(turn, types) if len(types) > 1 else types[0]
        if chosen is None:
            turn.data["type_choices"] = [str(t.pk) for t in types]
            turn.say("ask_type", options=numbered([t.name for t in types]))
            turn.wait_for("pick_type")
            return
        turn.data["type"] = str(chosen.pk)
    offer_times(turn)


def pick_type(turn: Turn) -> bool:
    ids = turn.data.get("type_choices", [])
    types = list(AppointmentType.objects.filter(pk__in=ids, practice=turn.practice))
    types.sort(key=lambda t: ids.index(str(t.pk)))
    chosen = _type_from_answer(turn, types)
    if chosen is None:
        return False
    turn.data["type"] = str(chosen.pk)
    _remember_preferences(turn)
    offer_times(turn)
    return True


def _search(
    turn: Turn, appointment_type, *, first_day: date, part_of_day, provider_id, after=None, days=None
):
    span = days if days is not None else min(SEARCH_DAYS, appointment_type.horizon_days)
    end = first_day + timedelta(days=span)
    slots = slot_search(
        practice=turn.practice,
        appointment_type=appointment_type,
        start_date=first_day,
        end_date=end,
        provider_id=provider_id,
        part_of_day=part_of_day,
        now=turn.now,
        limit=OFFERED + 40,
        exclude_appointment_id=turn.data.get("appointment"),
    )
    if after is not None:
        slots = [s for s in slots if s.start > after]
    return slots


def _wanted(turn: Turn, day: date | None, part: str | None, provider: Provider | None) -> str:
    lang = turn.language
    pieces = []
    if provider is not None:
        pieces.append(("with " if lang == "en" else "con ") + provider.display_name)
    if day is not None:
        pieces.append(("on " if lang == "en" else "el ") + day_only(day, lang))
    if part:
        pieces.append(_PART_WORDS[lang][part])
    return " ".join(pieces) or ("then" if lang == "en" else "entonces")


def offer_times(turn: Turn) -> None:
    """Offer the three earliest times that fit the patient's wishes, relaxing them one by one if none fits."""
    data = turn.data
    appointment_type = AppointmentType.objects.get(pk=data["type"], practice=turn.practice)
    today = turn.local_now.date()
    wanted_day = date.fromisoformat(data["date"]) if data.get("date") else None
    part = data.get("part_of_day")
    provider_id = data.get("provider")
    after = datetime.fromisoformat(data["after"]) if data.get("after") else None
    provider = (
        Provider.objects.filter(pk=provider_id, practice=turn.practice).first() if provider_id else None
    )
    first_day = max(wanted_day or today, today)
    attempts = []
    if wanted_day:
        attempts.append({"first_day": first_day, "part_of_day": part, "provider_id": provider_id, "days": 0})
    attempts += [
        {"first_day": first_day, "part_of_day": part, "provider_id": provider_id},
        {"first_day": first_day, "part_of_day": None, "provider_id": provider_id},
        {"first_day": first_day, "part_of_day": None, "provider_id": None},
    ]
    slots, relaxed = [], False
    for number, attempt in enumerate(attempts):
        slots = _search(turn, appointment_type, after=after, **attempt)
        if slots:
            relaxed = number > 0 and (wanted_day is not None or part is not None or provider_id is not None)
            break
    if not slots:
        _no_times(turn, appointment_type.name)
        return
    if data.get("time") and wanted_day:
        # "Tuesday at 2": the times nearest 2 o'clock that day first, then the rest in order.
        wanted_at = datetime.combine(wanted_day, time.fromisoformat(data["time"]), tzinfo=turn.practice.tz)
        same_day = [s for s in slots if s.start.astimezone(turn.practice.tz).date() == wanted_day]
        if same_day:
            slots = sorted(same_day, key=lambda s: abs(s.start - wanted_at))[:OFFERED]
            slots.sort(key=lambda s: s.start)
    offers = _distinct_times(slots)[:OFFERED]
    data["offers"] = [
        {"start": s.start.isoformat(), "provider": str(s.provider_id), "location": str(s.location_id)}
        for s in offers
    ]
    names = {p.pk: p.display_name for p in Provider.objects.filter(pk__in=[s.provider_id for s in offers])}
    lines = [f"{day_and_time(s.start.astimezone(turn.practice.tz), turn.language)} — {names[s.provider_id]}"
             for s in offers]  # fmt: skip
    if relaxed:
        wanted = _wanted(turn, wanted_day, part, provider)
        lead = turn.text_for("offers_lead_relaxed", wanted=wanted, type=appointment_type.name)
    else:
        lead = turn.text_for("offers_lead", type=appointment_type.name)
    turn.say("offers", lead=lead, options=numbered(lines))
    turn.wait_for("pick_slot")


def _distinct_times(slots) -> list:
    """One offer per start time (the first provider free then), so three offers are three different times."""
    seen, out = set(), []
    for slot in slots:
        if slot.start not in seen:
            seen.add(slot.start)
            out.append(slot)
    return out


def _no_times(turn: Turn, type_name: str) -> None:
    task_create(
        actor=turn.actor,
        kind="scheduling",
        priority=Priority.ROUTINE,
        patient=turn.patient,
        conversation=turn.conversation,
        summary=f"Patient could not find a time for {type_name} in chat; please call to book",
        details=turn.text,
    )
    turn.say("no_slots", type=type_name)
    turn.finish()


def _offer_matching_time(turn: Turn, offers: list[dict]) -> int | None:
    """ "the 10:30", "tuesday": the one offer whose local time (or day) the patient named."""
    when = turn.understanding.when
    tz = turn.practice.tz
    starts = [datetime.fromisoformat(o["start"]).astimezone(tz) for o in offers]
    hits = [
        i for i, start in enumerate(starts)
        if (when.time is None or start.time() == when.time) and (when.date is None or start.date() == when.date)
    ]  # fmt: skip
    if (when.time or when.date) and len(hits) == 1:
        return hits[0]
    return None


def pick_slot(turn: Turn) -> bool:
    offers = turn.data.get("offers", [])
    picked = choice(turn.text, len(offers))
    if picked is None:
        picked = _offer_matching_time(turn, offers)
    if picked is None:
        when = turn.understanding.when
        if when.date or when.part_of_day or when.time or turn.understanding.entities.get("provider_id"):
            turn.data.pop("after", None)
            _remember_preferences(turn)
            offer_times(turn)
            return True
        if wants_other_times(turn.text) and offers:
            turn.data["after"] = offers[-1]["start"]
            offer_times(turn)
            return True
        return False
    _book(turn, offers[picked])
    return True


def _book(turn: Turn, offer: dict) -> None:
    data = turn.data
    practice = turn.practice
    appointment_type = AppointmentType.objects.get(pk=data["type"], practice=practice)
    provider = Provider.objects.get(pk=offer["provider"], practice=practice)
    location = Location.objects.get(pk=offer["location"], practice=practice)
    start = datetime.fromisoformat(offer["start"])
    try:
        if data.get("appointment"):
            old = Appointment.objects.get(pk=data["appointment"], practice=practice, patient=turn.patient)
            appointment = appointment_reschedule(
                actor=turn.actor, appointment=old, start=start, provider=provider, location=location,
                reason="Moved by the patient in a conversation", now=turn.now,
            )  # fmt: skip
            key = "rescheduled"
        else:
            booking = {
                "actor": turn.actor, "provider": provider, "appointment_type": appointment_type, "start": start,
                "location": location, "source_channel": turn.source_channel, "reason": data.get("reason", ""),
                "now": turn.now,
            }  # fmt: skip
            if turn.patient is not None:
                appointment = appointment_book(patient=turn.patient, **booking)
            else:
                appointment = appointment_book_new_patient(patient_fields=newcomer_fields(turn), **booking)
                _adopt_newcomer(turn, appointment.patient)
            key = "booked"
    except Conflict as error:
        if error.code not in _TIME_GONE:
            raise
        turn.say("slot_taken")
        data.pop("after", None)
        offer_times(turn)
        return
    turn.say(key, **describe(turn, appointment))
    turn.finish()


def _adopt_newcomer(turn: Turn, patient) -> None:
    """The newcomer's record now exists: the conversation is theirs (they gave what created it)."""
    turn.conversation.patient = patient
    turn.conversation.verified_at = turn.now
    turn.state.pop("newcomer", None)


def describe(turn: Turn, appointment: Appointment) -> dict:
    location = appointment.location
    address = ", ".join(p for p in (location.address_line1, location.city) if p)
    return {
        "type": appointment.appointment_type.name,
        "provider": appointment.provider.display_name,
        "when": day_and_time(appointment.start.astimezone(turn.practice.tz), turn.language),
        "place": f"{location.name} ({address})" if address else location.name,
    }
