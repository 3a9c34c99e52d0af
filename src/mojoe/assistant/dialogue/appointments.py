"""A verified patient's existing appointments: tell the next ones, confirm, cancel, or move one."""

from __future__ import annotations

from mojoe.assistant.dialogue.answers import choice, yes_or_no
from mojoe.assistant.dialogue.booking import booking_start, describe
from mojoe.assistant.dialogue.context import Turn
from mojoe.assistant.dialogue.replies import numbered
from mojoe.audit.models import AuditAction
from mojoe.audit.services import audit_record_reads
from mojoe.scheduling.models import Appointment, AppointmentStatus
from mojoe.scheduling.services import appointment_cancel, appointment_confirm

SHOWN = 5


def upcoming(turn: Turn) -> list[Appointment]:
    """The patient's booked appointments from now on, earliest first (what they may ask about or change)."""
    return list(
        Appointment.objects.filter(
            practice=turn.practice,
            patient=turn.patient,
            status=AppointmentStatus.BOOKED,
            start__gte=turn.now,
        )
        .select_related("appointment_type", "provider", "location")
        .order_by("start")[:SHOWN]
    )


def _disclosed(turn: Turn, appointments: list[Appointment]) -> None:
    # Telling a verified patient their own appointments is a read of patient data: it is on the trail.
    audit_record_reads(
        actor=turn.actor,
        objects=appointments,
        action=AuditAction.READ,
        detail={"disclosed_to": "patient", "channel": turn.conversation.channel},
    )


def _line(turn: Turn, appointment: Appointment) -> str:
    facts = describe(turn, appointment)
    return f"{facts['type']}, {facts['when']} — {facts['provider']}"


def appointments_start(turn: Turn, flow: str) -> None:
    """Cancel, reschedule, confirm or tell: pick the appointment (the one named by date, or the only one)."""
    turn.start(flow)
    found = upcoming(turn)
    if not found:
        turn.say("no_upcoming")
        turn.start("offer_book")
        turn.wait_for("offer_book")
        return
    _disclosed(turn, found)
    if flow == "appointment_info":
        turn.say("upcoming", options=numbered([_line(turn, a) for a in found]))
        turn.finish()
        return
    day = turn.understanding.when.date
    on_day = [a for a in found if a.start.astimezone(turn.practice.tz).date() == day] if day else []
    if len(on_day) == 1:
        found = on_day
    # A confirmation usually answers a reminder about the next visit.
    if len(found) == 1 or flow == "confirm":
        _chosen(turn, found[0])
        return
    turn.data["choices"] = [str(a.pk) for a in found]
    turn.say("which_appointment", options=numbered([_line(turn, a) for a in found]))
    turn.wait_for("pick_appointment")


def pick_appointment(turn: Turn) -> bool:
    ids = turn.data.get("choices", [])
    picked = choice(turn.text, len(ids))
    if picked is None:
        return False
    appointment = Appointment.objects.filter(
        pk=ids[picked], practice=turn.practice, patient=turn.patient
    ).first()
    if appointment is None:
        return False
    _chosen(turn, appointment)
    return True


def _chosen(turn: Turn, appointment: Appointment) -> None:
    facts = describe(turn, appointment)
    if turn.flow == "confirm":
        appointment_confirm(actor=turn.actor, appointment=appointment)
        turn.say("confirmed", **facts)
        turn.finish()
    elif turn.flow == "reschedule":
        turn.say("reschedule_lead", **facts)
        booking_start(turn, appointment=appointment)
    else:
        turn.data["appointment"] = str(appointment.pk)
        turn.say("confirm_cancel", **facts)
        turn.wait_for("confirm_cancel")


def confirm_cancel(turn: Turn) -> bool:
    answer = yes_or_no(turn.text)
    if answer is None and turn.understanding.intent == "cancel":
        answer = True  # "cancel it" answers "Cancel your visit…?"
    if answer is None:
        return False
    if not answer:
        turn.say("kept")
        turn.finish()
        return True
    appointment = Appointment.objects.get(pk=turn.data["appointment"], practice=turn.practice)
    facts = describe(turn, appointment)
    appointment_cancel(actor=turn.actor, appointment=appointment, reason="Cancelled by the patient")
    turn.say("cancelled", **facts)
    # Offer the same kind of visit with the same provider when they want another time.
    turn.start("offer_book", type=str(appointment.appointment_type_id), provider=str(appointment.provider_id))
    turn.wait_for("offer_book")
    return True


def offer_book(turn: Turn) -> bool:
    """The answer to "Would you like to book one / another time?"."""
    answer = yes_or_no(turn.text)
    when = turn.understanding.when
    if answer is None and (when.date or when.part_of_day or turn.understanding.intent == "book"):
        answer = True
    if answer is None:
        return False
    if not answer:
        turn.say("no_problem")
        turn.finish()
        return True
    kept = {key: turn.data[key] for key in ("type", "provider") if key in turn.data}
    turn.start("book", **kept)
    booking_start(turn)
    return True
