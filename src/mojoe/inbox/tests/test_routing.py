"""Routing rules: a practice chooses the team for each kind of task; task_create follows them."""

import pytest
from django.test import Client

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.context import Actor, Channel
from mojoe.core.errors import InvalidInput, PermissionDenied
from mojoe.inbox.models import RoutingRule
from mojoe.inbox.routing import routing_rules_save
from mojoe.inbox.services import task_create
from mojoe.inbox.tests.helpers import screened, signed_in

pytestmark = pytest.mark.django_db


def test_task_create_follows_the_practices_rule_and_an_explicit_team_still_wins(
    assistant, clinic, owner, outsider_practice
):
    routing_rules_save(actor=testing.make_actor(owner, clinic.practice), teams={"refill": "front_desk"})
    assert task_create(actor=assistant, kind="refill", summary="Refill").team == "front_desk"
    assert task_create(actor=assistant, kind="refill", summary="Refill", team="physician").team == "physician"
    # Another practice keeps the default.
    elsewhere = Actor.system(outsider_practice, channel=Channel.ASSISTANT)
    assert task_create(actor=elsewhere, kind="refill", summary="Refill").team == "nurse"
    # Even a rule slipped in for emergencies or clinical questions does not move the safety screen's alerts.
    RoutingRule.objects.create(practice=clinic.practice, kind="emergency", team="billing")
    RoutingRule.objects.create(practice=clinic.practice, kind="clinical_question", team="billing")
    screened(actor=assistant, text="my husband is having crushing chest pain right now")
    screened(actor=assistant, text="burning when I pee since yesterday")
    alerts = clinic.practice.tasks.filter(kind__in=["emergency", "clinical_question"])
    assert sorted(alerts.values_list("team", flat=True)) == ["nurse", "nurse"]


def test_owners_edit_the_rules_on_the_settings_page(assistant, clinic, owner):
    client = signed_in(owner)
    page = client.get("/settings/routing/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Default (Nurses)" in html and 'aria-current="page">Task routing' in html
    assert 'name="emergency"' not in html  # always the nurses
    response = client.post(
        "/settings/routing/", {"refill": "front_desk", "billing": "", "records": "front_desk"}
    )
    assert response.status_code == 302
    assert dict(RoutingRule.objects.values_list("kind", "team")) == {
        "refill": "front_desk",
        "records": "front_desk",
    }
    assert (
        AuditEvent.objects.filter(action="create", object_type="inbox.routingrule", actor=owner).count() == 2
    )
    assert task_create(actor=assistant, kind="records", summary="Send records").team == "front_desk"
    # Choosing the default again removes the rule (audited); choosing what the default says adds none.
    client.post("/settings/routing/", {"refill": "", "records": "front_desk", "billing": "billing"})
    assert dict(RoutingRule.objects.values_list("kind", "team")) == {"records": "front_desk"}
    assert AuditEvent.objects.filter(action="delete", object_type="inbox.routingrule").count() == 1
    client.post("/settings/routing/", {"records": "physician"})
    assert AuditEvent.objects.get(action="update", object_type="inbox.routingrule").detail == {
        "kind": "records",
        "team": "physician",
        "from": "front_desk",
    }
    assert 'value="physician" selected' in client.get("/settings/routing/").content.decode()


def test_a_bad_choice_saves_nothing_and_says_why(clinic, owner):
    client = signed_in(owner)
    response = client.post("/settings/routing/", {"refill": "front_desk", "billing": "accountants"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose one of the teams for billing questions" in html
    assert not RoutingRule.objects.exists()
    with pytest.raises(InvalidInput):
        routing_rules_save(actor=testing.make_actor(owner, clinic.practice), teams={"emergency": "billing"})
    with pytest.raises(InvalidInput):
        routing_rules_save(actor=testing.make_actor(owner, clinic.practice), teams={"gardening": "nurse"})
    clinical = client.post("/settings/routing/", {"clinical_question": "billing"})
    assert (
        clinical.status_code == 422 and "must go to the nurses or the physicians" in clinical.content.decode()
    )
    assert 'value="billing" selected' in clinical.content.decode()  # what was chosen stays on the page
    client.post("/settings/routing/", {"clinical_question": "physician"})
    assert RoutingRule.objects.get().team == "physician"


def test_without_permission(clinic, colleague, outsider, owner):
    RoutingRule.objects.create(practice=clinic.practice, kind="refill", team="front_desk")
    assert Client().get("/settings/routing/").status_code == 302
    assert Client().post("/settings/routing/", {"refill": ""}).status_code == 302
    # The front desk works tasks but does not decide where they go.
    front = signed_in(colleague)
    assert front.get("/settings/routing/").status_code == 403
    assert front.post("/settings/routing/", {"refill": ""}).status_code == 403
    with pytest.raises(PermissionDenied):
        routing_rules_save(actor=testing.make_actor(colleague, clinic.practice), teams={"refill": ""})
    # Another practice's owner edits their own practice's rules only.
    signed_in(outsider).post("/settings/routing/", {"refill": ""})
    assert RoutingRule.objects.get(practice=clinic.practice).team == "front_desk"
    assert 'value="front_desk" selected' not in signed_in(outsider).get("/settings/routing/").content.decode()
