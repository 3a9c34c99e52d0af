"""The local engine end to end: the held-out figures, the safety screen in charge, and `mojoe nlu`."""

import json
import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mojoe.assistant.nlu.dates import resolve_when
from mojoe.assistant.nlu.engine import understand
from mojoe.assistant.nlu.entities import extract_entities
from mojoe.assistant.nlu.evaluate import REFERENCE_NOW, evaluate

NOW = REFERENCE_NOW


@pytest.fixture(scope="module")
def held_out():
    return evaluate("test")


def test_emergencies_are_never_missed_on_held_out_messages(held_out):
    assert held_out.emergencies >= 40
    assert held_out.missed_emergencies == []


def test_false_emergency_alarms_stay_rare(held_out):
    assert held_out.false_alarm_rate <= 0.02, held_out.false_alarm_texts


def test_intent_accuracy_does_not_regress(held_out):
    # The target is 92%; this guards the level reached (docs/assistant.md has the current figure).
    assert held_out.intent_accuracy >= 0.84


def test_dates_are_resolved(held_out):
    assert held_out.date_accuracy >= 0.90


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("STOP", "opt_out"),
        ("stop.", "opt_out"),
        ("BAJA", "opt_out"),
        ("I need to cancel my appointment tomorrow", "cancel"),
        ("can I get an appointment next monday morning?", "book"),
        ("necesito una cita para el martes por la tarde", "book"),
        ("I need a refill of my lisinopril at the CVS on Main St", "refill"),
    ],
)
def test_common_messages(text, intent):
    assert understand(text, now=NOW).intent == intent


def test_dates_and_details_are_read_only_when_asked_for_and_then_once(monkeypatch):
    from mojoe.assistant.nlu import engine

    reads = []

    def counted(read):
        def reading(text, **kwargs):
            reads.append((read.__name__, text))
            return read(text, **kwargs)

        return reading

    monkeypatch.setattr(engine, "resolve_when", counted(resolve_when))
    monkeypatch.setattr(engine, "extract_entities", counted(extract_entities))
    office = understand("where do I park?", now=NOW)
    assert office.intent == "office_info" and reads == []  # nobody asked: nothing read
    text = "can I see Dr. Hayes next monday at 3pm?"
    booking = understand(text, now=NOW, providers=[(7, "Dr. Eleanor Hayes")])
    assert reads == []
    assert booking.when == resolve_when(text, now=NOW)
    assert booking.as_json()["when"]["time"] == "15:00"
    assert booking.entities["provider_id"] == 7
    assert booking.as_json()["entities"]["provider_name"] == "Dr. Eleanor Hayes"
    assert reads == [("resolve_when", text), ("extract_entities", text)]  # each read once, then kept
    # What understanding adds to the details comes with them.
    assert understand("STOP", now=NOW).entities == {"keyword": "STOP"}


def test_an_emergency_is_an_emergency_whatever_else_is_asked():
    result = understand("I want to book for next week but right now I have crushing chest pain", now=NOW)
    assert result.urgency == "emergency"
    assert result.entities["safety_category"]


def test_a_hard_negative_is_routine():
    assert understand("the EKG results from my checkup", now=NOW).urgency != "emergency"


def test_when_and_entities_come_along():
    result = understand(
        "can I see dr hartwel tomorrow afternoon? my number is 617-555-0142",
        now=NOW,
        providers=[("p1", "Eleanor Hartwell, MD")],
    )
    assert result.when.as_json() == {"date": "2026-12-03", "time": None, "part_of_day": "afternoon"}
    assert result.entities["phone"] == "+16175550142"
    assert result.entities["provider_id"] == "p1"


def test_the_command_reads_and_writes_json_lines(tmp_path):
    lines = "\n".join(
        [
            json.dumps({"text": "Can I come in tomorrow at 2pm?"}),
            "not json",
            json.dumps({"text": "STOP"}),
            json.dumps({"text": "the pulse ox says 84 and she's struggling"}),
            json.dumps({"text": "my husband is slumped over in the car and won't answer"}),
        ]
    )
    env = {**os.environ, "MOJOE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "mojoe.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "mojoe.cli", "nlu", "--now", "2026-12-02T10:00", "--tz", "America/New_York"],
        input=lines,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == 5
    assert answers[0]["intent"] == "book"
    assert answers[0]["when"]["date"] == "2026-12-03"
    assert answers[0]["when"]["time"] == "14:00"
    assert set(answers[0]) == {"intent", "urgency", "when", "entities"}
    assert "error" in answers[1]
    assert answers[2]["intent"] == "opt_out"
    # The screen's emergency (a red flag here), then what only the learned net suspects.
    assert (
        answers[3]["urgency"] == "emergency" and answers[3]["entities"]["safety_category"] == "oxygen level"
    )
    assert answers[4]["urgency"] == "urgent" and answers[4]["entities"]["possible_emergency"] == "learned net"


def test_the_command_refuses_a_bad_time_zone(tmp_path):
    env = {**os.environ, "MOJOE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "mojoe.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "mojoe.cli", "nlu", "--tz", "Mars/Base"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0
    assert "is not a time zone" in done.stderr


def test_now_defaults_to_the_current_time():
    result = understand("today please", now=datetime.now(ZoneInfo("America/New_York")))
    assert result.when.date is not None


def test_the_web_server_prepares_the_assistant_as_it_starts(monkeypatch):
    """The first message after a start does not wait for the models and the screen's tables (mojoe.wsgi)."""
    import importlib
    import threading

    from mojoe.assistant import red_flags, safety
    from mojoe.assistant.nlu import classifier, emergency_net

    monkeypatch.setattr(classifier, "_models", None)
    monkeypatch.setattr(emergency_net, "_net", None)
    monkeypatch.setattr(safety, "_ANY_OF", {})
    monkeypatch.delitem(red_flags._ANY_STATE_OR_READING.__dict__, "_quick", raising=False)
    import mojoe.wsgi

    importlib.reload(mojoe.wsgi)
    warming = next(thread for thread in threading.enumerate() if thread.name == "assistant-warm-up")
    warming.join(timeout=120)
    assert not warming.is_alive()
    assert classifier._models is not None and emergency_net._net is not None
    looks = [look for pair in safety._ANY_OF.values() for look in pair]
    assert looks and all("_quick" in look.__dict__ for look in looks)  # RE2's tables made
    assert "_quick" in red_flags._ANY_STATE_OR_READING.__dict__
