"""Tasks: routing and due times, the safety alert that creates one, and the task list page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mojoe.assistant.services import safety_escalate
from mojoe.audit.models import AuditEvent
from mojoe.core.context import Actor, Channel
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.inbox.models import Task
from mojoe.inbox.services import task_complete, task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant(clinic):
    return Actor.system(clinic.practice, channel=Channel.ASSISTANT)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_tasks_go_to_the_right_team_and_are_due_by_priority(assistant, clinic):
    refill = task_create(actor=assistant, kind="refill", summary="Lisinopril refill", patient=clinic.patient)
    bill = task_create(actor=assistant, kind="billing", summary="Question about a bill", priority="urgent")
    other = task_create(actor=assistant, kind="referral", summary="Referral to cardiology")
    assert (refill.team, bill.team, other.team) == ("nurse", "billing", "front_desk")
    assert refill.due_at - refill.created_at > timedelta(hours=23)
    assert bill.due_at - bill.created_at < timedelta(hours=5)
    assert AuditEvent.objects.filter(
        object_id=str(refill.pk), patient=clinic.patient, action="create"
    ).exists()


def test_bad_tasks_are_refused(assistant, clinic, outsider_practice):
    with pytest.raises(InvalidInput):
        task_create(actor=assistant, kind="refill", summary="  ")
    with pytest.raises(InvalidInput):
        task_create(actor=assistant, kind="refill", summary="x", priority="whenever")
    from mojoe.core import testing

    stranger = testing.make_patient(outsider_practice)
    with pytest.raises(NotFound):
        task_create(actor=assistant, kind="refill", summary="x", patient=stranger)
    assert not Task.objects.exists()


def test_an_emergency_creates_an_immediate_nurse_task_and_a_911_reply(assistant, clinic):
    result = safety_escalate(
        actor=assistant, text="my husband is having crushing chest pain right now", patient=clinic.patient
    )
    assert result.urgency == "emergency"
    assert "911" in result.reply
    task = Task.objects.get()
    assert (task.team, task.priority, task.kind) == ("nurse", "stat", "emergency")
    assert task.due_at <= timezone.now()
    assert "crushing chest pain" in task.details


def test_a_routine_message_creates_no_task(assistant, clinic):
    result = safety_escalate(actor=assistant, text="the EKG results from my checkup, are they in?")
    assert result.urgency == "routine"
    assert not Task.objects.exists()


def test_the_task_list_puts_emergencies_first_and_completes(assistant, clinic, colleague, outsider):
    task_create(actor=assistant, kind="records", summary="Send records to Dr Moss")
    safety_escalate(
        actor=assistant, text="I took a whole bottle of my sleeping pills", patient=clinic.patient
    )
    client = signed_in(colleague)
    html = client.get("/tasks/").content.decode()
    assert html.index("Emergency reported") < html.index("Send records to Dr Moss")
    emergency = Task.objects.get(kind="emergency")
    assert client.post(f"/tasks/{emergency.pk}/complete").status_code == 302
    emergency.refresh_from_db()
    assert emergency.status == "completed" and emergency.completed_by == colleague
    with pytest.raises(Conflict):
        task_complete(actor=assistant, task=emergency)
    # Another practice sees none of it.
    assert "Send records" not in signed_in(outsider).get("/tasks/").content.decode()
    assert signed_in(outsider).post(f"/tasks/{emergency.pk}/complete").status_code == 404


def test_the_task_list_needs_sign_in(client, clinic):
    assert client.get("/tasks/").status_code == 302
