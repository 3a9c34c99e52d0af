"""Robin serves two practices (secretary at Maple Clinic, nurse at Elsewhere Health) from one inbox, and
never sees Faraway Family Medicine, where she has no membership."""

import uuid

import pytest
from django.db.models import Q
from django.test import Client

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.context import Actor, Channel
from mojoe.inbox.models import Task
from mojoe.inbox.services import task_create
from mojoe.inbox.tests.helpers import chat, row_ids, signed_in
from mojoe.ui.context import SESSION_KEY

pytestmark = pytest.mark.django_db

CHEST_PAIN = "my husband is having crushing chest pain right now"


@pytest.fixture
def three_practices(clinic, outsider_practice, faraway):
    """A patient with a conversation and tasks in each practice."""
    made = {}
    for name, practice in (
        ("maple", clinic.practice),
        ("elsewhere", outsider_practice),
        ("faraway", faraway),
    ):
        patient = (
            clinic.patient if name == "maple" else testing.make_patient(practice, given_name=name.title())
        )
        assistant = Actor.system(practice, channel=Channel.ASSISTANT)
        made[name] = {
            "patient": patient,
            "conversation": chat(practice, "I need a person", patient=patient),
            "front": task_create(
                actor=assistant, kind="referral", summary=f"Referral at {name}", patient=patient
            ),
            "nurse": task_create(
                actor=assistant, kind="refill", summary=f"Refill at {name}", patient=patient
            ),
        }
    return made


def _robin_in(client: Client, practice) -> Client:
    session = client.session
    session[SESSION_KEY] = str(practice.pk)
    session.save()
    return client


def test_all_my_practices_shows_both_practices_labelled_and_never_a_third(
    clinic, outsider_practice, robin, three_practices
):
    client = _robin_in(signed_in(robin), clinic.practice)
    own = client.get("/conversations/").content.decode()
    assert "Show all my practices" in own
    assert row_ids(own) == [str(three_practices["maple"]["conversation"].pk)]
    both = client.get("/conversations/?scope=all").content.decode()
    assert set(row_ids(both)) == {
        str(three_practices["maple"]["conversation"].pk),
        str(three_practices["elsewhere"]["conversation"].pk),
    }
    assert "<td>Maple Clinic</td>" in both and "<td>Elsewhere Health</td>" in both
    assert "Faraway" not in both and "Show only Maple Clinic" in both
    tasks = client.get("/tasks/?scope=all").content.decode()
    assert "Referral at elsewhere" in tasks and "Refill at maple" in tasks and "at faraway" not in tasks


def test_my_team_follows_the_role_in_each_practice(clinic, outsider_practice, robin, three_practices):
    client = _robin_in(signed_in(robin), clinic.practice)
    html = client.get("/tasks/?scope=all&show=team").content.decode()
    # Secretary at Maple: the front desk's referral and hand-off. Nurse at Elsewhere: the refill.
    expected = Task.objects.filter(
        Q(practice=clinic.practice, team="front_desk") | Q(practice=outsider_practice, team="nurse")
    )
    assert three_practices["maple"]["front"] in expected and three_practices["elsewhere"]["nurse"] in expected
    assert set(row_ids(html, "data-task")) == {str(t.pk) for t in expected}


def test_each_practices_reads_go_to_its_own_trail(clinic, outsider_practice, robin, three_practices):
    client = _robin_in(signed_in(robin), clinic.practice)
    client.get("/conversations/?scope=all")
    client.get("/tasks/?scope=all")
    for name, practice in (
        ("maple", clinic.practice),
        ("elsewhere", outsider_practice),
    ):
        made = three_practices[name]
        reads = AuditEvent.objects.filter(action="read", actor=robin, practice=practice)
        assert {made["conversation"].pk, made["front"].pk, made["nurse"].pk} <= {
            uuid.UUID(e.object_id) for e in reads
        }, name
        assert set(reads.values_list("patient", flat=True)) == {made["patient"].pk}
    assert not AuditEvent.objects.filter(
        actor=robin, practice=three_practices["faraway"]["patient"].practice
    ).exists()


def test_opening_an_item_of_the_other_practice_switches_to_it(
    clinic, outsider_practice, robin, three_practices
):
    client = _robin_in(signed_in(robin), clinic.practice)
    conversation = three_practices["elsewhere"]["conversation"]
    both = client.get("/conversations/?scope=all").content.decode()
    # The other practice's row is a switch-and-open form, not a plain link that would 404.
    assert f'href="/conversations/{conversation.pk}"' not in both
    assert f'name="next" value="/conversations/{conversation.pk}"' in both
    # Following an old link instead explains and offers the switch; nothing of the conversation is shown.
    landing = client.get(f"/conversations/{conversation.pk}")
    assert landing.status_code == 200
    assert "This conversation is in Elsewhere Health" in landing.content.decode()
    assert "I need a person" not in landing.content.decode()
    switched = client.post(
        "/choose-practice",
        {"practice": str(outsider_practice.pk), "next": f"/conversations/{conversation.pk}"},
    )
    assert switched.status_code == 302 and switched.url == f"/conversations/{conversation.pk}"
    opened = client.get(switched.url)
    assert opened.status_code == 200 and "I need a person" in opened.content.decode()
    assert client.session[SESSION_KEY] == str(outsider_practice.pk)
    task = three_practices["maple"]["nurse"]
    assert "This task is in Maple Clinic" in client.get(f"/tasks/{task.pk}").content.decode()


def test_a_practice_one_is_not_a_member_of_stays_invisible(clinic, robin, three_practices):
    client = _robin_in(signed_in(robin), clinic.practice)
    far = three_practices["faraway"]
    assert client.get(f"/conversations/{far['conversation'].pk}").status_code == 404
    assert client.get(f"/tasks/{far['nurse'].pk}").status_code == 404
    assert client.post("/choose-practice", {"practice": str(far["patient"].practice_id)}).status_code == 400
    # A membership that ends drops the practice from "all my practices" at once.
    robin.memberships.exclude(practice=clinic.practice).update(active=False)
    html = client.get("/conversations/?scope=all").content.decode()
    assert row_ids(html) == [str(three_practices["maple"]["conversation"].pk)]
    assert "Show all my practices" not in html
    assert client.get(f"/conversations/{three_practices['elsewhere']['conversation'].pk}").status_code == 404


def test_one_practice_people_see_no_switch(clinic, colleague, three_practices):
    html = signed_in(colleague).get("/conversations/?scope=all").content.decode()
    assert "all my practices" not in html.lower()
    assert row_ids(html) == [str(three_practices["maple"]["conversation"].pk)]
