"""Tasks: routing and due times, the safety alert that creates one, the task views, one task's page with
its notes, reassigning, starting and completing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.errors import Conflict, InvalidInput, NotFound
from mojoe.inbox.models import Task, TaskNote
from mojoe.inbox.services import task_assign, task_complete, task_create, task_note_add, task_start
from mojoe.inbox.tests.helpers import count_of, overdue, row_ids, screened, signed_in

pytestmark = pytest.mark.django_db


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
    stranger = testing.make_patient(outsider_practice)
    with pytest.raises(NotFound):
        task_create(actor=assistant, kind="refill", summary="x", patient=stranger)
    assert not Task.objects.exists()


def test_an_emergency_creates_an_immediate_nurse_task_and_a_911_reply(assistant, clinic):
    result = screened(
        actor=assistant, text="my husband is having crushing chest pain right now", patient=clinic.patient
    )
    assert result.urgency == "emergency"
    assert "911" in result.reply
    task = Task.objects.get()
    assert (task.team, task.priority, task.kind) == ("nurse", "stat", "emergency")
    assert task.due_at <= timezone.now()
    assert "crushing chest pain" in task.details


def test_a_routine_message_creates_no_task(assistant, clinic):
    result = screened(actor=assistant, text="the EKG results from my checkup, are they in?")
    assert result.urgency == "routine"
    assert not Task.objects.exists()


def test_the_task_list_puts_emergencies_first_and_completes(assistant, clinic, colleague, outsider):
    task_create(actor=assistant, kind="records", summary="Send records to Dr Moss")
    screened(actor=assistant, text="I took a whole bottle of my sleeping pills", patient=clinic.patient)
    client = signed_in(colleague)
    html = client.get("/tasks/").content.decode()
    assert html.index("Emergency reported") < html.index("Send records to Dr Moss")
    emergency = Task.objects.get(kind="emergency")
    assert f'data-task="{emergency.pk}" class="task-urgent"' in html
    assert client.post(f"/tasks/{emergency.pk}/complete").status_code == 302
    emergency.refresh_from_db()
    assert emergency.status == "completed" and emergency.completed_by == colleague
    with pytest.raises(Conflict):
        task_complete(actor=assistant, task=emergency)
    # Another practice sees none of it.
    assert "Send records" not in signed_in(outsider).get("/tasks/").content.decode()
    assert signed_in(outsider).post(f"/tasks/{emergency.pk}/complete").status_code == 404


@pytest.fixture
def work(assistant, clinic, colleague, nurse):
    """Open tasks: one the front desk has, one for any nurse, an overdue billing one, and a finished one."""
    mine = task_create(
        actor=assistant, kind="referral", summary="Referral to cardiology", patient=clinic.patient
    )
    task_assign(actor=testing.make_actor(colleague, clinic.practice), task=mine, user=colleague)
    nurses = task_create(actor=assistant, kind="refill", summary="Refill metformin", patient=clinic.patient)
    late = overdue(task_create(actor=assistant, kind="billing", summary="Explain the statement"))
    done = task_create(actor=assistant, kind="records", summary="Old records request")
    task_complete(actor=assistant, task=done)
    return {"mine": mine, "nurses": nurses, "late": late, "done": done}


def test_mine_my_team_overdue_and_all_open(clinic, colleague, nurse, owner, work):
    expected = {
        colleague: {
            "mine": {"mine"},
            "team": {"mine"},
            "overdue": {"late"},
            "open": {"mine", "nurses", "late"},
        },
        nurse: {"mine": set(), "team": {"nurses"}, "overdue": {"late"}, "open": {"mine", "nurses", "late"}},
        # Owners' team is everyone's.
        owner: {
            "mine": set(),
            "team": {"mine", "nurses", "late"},
            "overdue": {"late"},
            "open": {"mine", "nurses", "late"},
        },
    }
    for person, views in expected.items():
        client = signed_in(person)
        first = client.get("/tasks/").content.decode()
        for view, names in views.items():
            html = client.get(f"/tasks/?show={view}").content.decode()
            assert set(row_ids(html, "data-task")) == {str(work[n].pk) for n in names}, (person, view)
            assert count_of(first, view) == len(names), (person, view)
    # The team filter narrows any view, and the overdue one says so.
    html = signed_in(colleague).get("/tasks/?show=open&team=billing").content.decode()
    assert row_ids(html, "data-task") == [str(work["late"].pk)]
    assert "Overdue" in html
    assert signed_in(colleague).get("/tasks/?show=later").status_code == 422
    assert signed_in(colleague).get("/tasks/?team=janitors").status_code == 422


def test_a_task_page_links_everything_and_its_reading_is_audited(assistant, clinic, colleague):
    from mojoe.inbox.tests.helpers import chat

    conversation = chat(clinic.practice, "hello", patient=clinic.patient)
    task = task_create(
        actor=assistant,
        kind="results",
        summary="Lab results",
        patient=clinic.patient,
        conversation=conversation,
    )
    response = signed_in(colleague).get(f"/tasks/{task.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/patients/{clinic.patient.pk}" in html and f"/conversations/{conversation.pk}" in html
    assert AuditEvent.objects.filter(
        action="read", object_id=str(task.pk), patient=clinic.patient, actor=colleague
    ).exists()


def test_notes_are_kept_in_order_and_audited(assistant, clinic, colleague, nurse, work):
    task = work["nurses"]
    client = signed_in(nurse)
    assert (
        client.post(f"/tasks/{task.pk}/notes", {"body": "Called the pharmacy, waiting."}).status_code == 302
    )
    signed_in(colleague).post(f"/tasks/{task.pk}/notes", {"body": "Patient called back."})
    notes = list(TaskNote.objects.filter(task=task))
    assert [(n.author, n.body) for n in notes] == [
        (nurse, "Called the pharmacy, waiting."),
        (colleague, "Patient called back."),
    ]
    assert AuditEvent.objects.filter(
        action="create", object_id=str(notes[0].pk), patient=clinic.patient, actor=nurse
    ).exists()
    html = client.get(f"/tasks/{task.pk}").content.decode()
    assert html.index("Called the pharmacy") < html.index("Patient called back")
    # An empty note is refused with the reason, and nothing is written.
    refused = client.post(f"/tasks/{task.pk}/notes", {"body": "   "})
    assert refused.status_code == 422 and "Write the note first" in refused.content.decode()
    too_long = client.post(f"/tasks/{task.pk}/notes", {"body": "x" * 4001})
    assert too_long.status_code == 422 and "x" * 4001 in too_long.content.decode()  # what was typed is kept
    assert TaskNote.objects.filter(task=task).count() == 2


def test_reassign_to_a_person_or_a_team(clinic, colleague, nurse, billing_clerk, work):
    task = work["nurses"]
    client = signed_in(colleague)
    assert (
        client.post(f"/tasks/{task.pk}/assign", {"assignee": str(nurse.pk), "team": "nurse"}).status_code
        == 302
    )
    task.refresh_from_db()
    assert (task.assigned_to, task.team, task.status) == (nurse, "nurse", "requested")
    event = AuditEvent.objects.filter(action="update", object_id=str(task.pk)).latest("at")
    assert event.detail["assigned_to"] == "nurse" and event.actor == colleague
    # Taking it for yourself accepts it.
    signed_in(nurse).post(f"/tasks/{task.pk}/assign", {"assignee": str(nurse.pk), "team": "nurse"})
    task.refresh_from_db()
    assert task.status == "accepted"
    # To a team: nobody in particular, and back to requested for whoever picks it up.
    client.post(f"/tasks/{task.pk}/assign", {"assignee": "", "team": "billing"})
    task.refresh_from_db()
    assert (task.assigned_to, task.team, task.status) == (None, "billing", "requested")
    assert str(task.pk) in signed_in(billing_clerk).get("/tasks/?show=team").content.decode()


def test_reassigning_is_refused_clearly_and_changes_nothing(clinic, colleague, outsider, work):
    task = work["nurses"]
    client = signed_in(colleague)
    stranger = client.post(f"/tasks/{task.pk}/assign", {"assignee": str(outsider.pk), "team": "nurse"})
    assert stranger.status_code == 422
    assert "Only an active staff member of this practice" in stranger.content.decode()
    bad_team = client.post(f"/tasks/{task.pk}/assign", {"assignee": "", "team": "janitors"})
    assert bad_team.status_code == 422 and "Team must be one of" in bad_team.content.decode()
    assert client.post(f"/tasks/{task.pk}/assign", {"assignee": "nobody"}).status_code == 422
    assert client.post(f"/tasks/{task.pk}/assign", {}).status_code == 422
    finished = client.post(f"/tasks/{work['done'].pk}/assign", {"assignee": str(colleague.pk)})
    assert finished.status_code == 409 and "already completed" in finished.content.decode()
    task.refresh_from_db()
    assert (task.assigned_to, task.team) == (None, "nurse")
    assert not AuditEvent.objects.filter(action="update", object_id=str(task.pk)).exists()


def test_starting_a_task_takes_it_and_nobody_else_can_start_it(clinic, colleague, nurse, work):
    task = work["nurses"]
    assert signed_in(nurse).post(f"/tasks/{task.pk}/start").status_code == 302
    task.refresh_from_db()
    assert (task.status, task.assigned_to) == ("in-progress", nurse)
    again = signed_in(colleague).post(f"/tasks/{task.pk}/start")
    assert again.status_code == 409 and "already in progress" in again.content.decode()
    theirs = work["mine"]  # the front desk's
    refused = signed_in(nurse).post(f"/tasks/{theirs.pk}/start")
    assert refused.status_code == 409 and "has this task" in refused.content.decode()
    with pytest.raises(Conflict):
        task_start(actor=testing.make_actor(colleague, clinic.practice), task=work["done"])


def test_services_refuse_another_practices_task(clinic, outsider, outsider_practice, work):
    stranger = testing.make_actor(outsider, outsider_practice)
    for call in (
        lambda: task_note_add(actor=stranger, task=work["nurses"], body="hi"),
        lambda: task_assign(actor=stranger, task=work["nurses"], team="billing"),
        lambda: task_start(actor=stranger, task=work["nurses"]),
        lambda: task_complete(actor=stranger, task=work["nurses"]),
    ):
        with pytest.raises(NotFound):
            call()


def test_without_permission(clinic, outsider, work):
    task = work["nurses"]
    anonymous = Client()
    for path in ("/tasks/", f"/tasks/{task.pk}"):
        assert anonymous.get(path).status_code == 302
    for action in ("complete", "start", "assign", "notes"):
        assert anonymous.post(f"/tasks/{task.pk}/{action}").status_code == 302
    outside = signed_in(outsider)
    assert outside.get(f"/tasks/{task.pk}").status_code == 404
    for action, data in (
        ("complete", {}),
        ("start", {}),
        ("assign", {"assignee": str(outsider.pk)}),
        ("notes", {"body": "hello"}),
    ):
        assert outside.post(f"/tasks/{task.pk}/{action}", data).status_code == 404, action
    task.refresh_from_db()
    assert (task.status, task.assigned_to) == ("requested", None)
    assert not TaskNote.objects.exists()
    listing = outside.get("/tasks/?scope=all").content.decode()
    assert "Refill metformin" not in listing and clinic.patient.full_name not in listing
