"""The optional LLM engine against a real HTTP server that speaks the chat-completions API.

The server runs on 127.0.0.1 for each test, records every request and answers with scripted content, so these
tests exercise the real client (urllib, JSON, time-outs) without any network beyond the loopback.
"""

import runpy
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

import mojoe.settings
from mojoe.assistant.llm import combine, llm_understand, understand_message
from mojoe.assistant.llm_phrasing import keeps_facts, phrase_reply
from mojoe.assistant.nlu.engine import understand
from mojoe.assistant.nlu.schema import Understanding

UTC = ZoneInfo("UTC")
ZONE = "America/New_York"
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # Wednesday 10:00 in New York
LOCAL_NOW = NOW.astimezone(ZoneInfo(ZONE))
HARTWELL, RAMIREZ = uuid.uuid4(), uuid.uuid4()
PROVIDERS = [(HARTWELL, "Dr. Eleanor Hartwell"), (RAMIREZ, "Dr. Sofía Ramírez")]
PHYSICAL = uuid.uuid4()
TYPES = [(PHYSICAL, "Annual physical"), (uuid.uuid4(), "Sick visit")]


def understanding(intent="book", urgency="routine", when=None, **entities):
    return {
        "intent": intent,
        "urgency": urgency,
        "when": when or {"date": None, "time": None, "part_of_day": None},
        "entities": entities,
    }


def local(text):
    return understand(text, now=LOCAL_NOW, providers=PROVIDERS, appointment_types=TYPES)


def ask(text):
    return understand_message(text, now=NOW, time_zone=ZONE, providers=PROVIDERS, appointment_types=TYPES)


def same(a: Understanding, b: Understanding) -> bool:
    return a.as_json() == b.as_json() and a.language == b.language


# --- understanding ---------------------------------------------------------------------------------------

BOOKING = "could you squeeze me in with Hartwell the week after next, mornings are best"


def test_the_request_has_the_chat_completions_shape(llm_on):
    llm_on.answer(understanding())
    ask(BOOKING)
    [request] = llm_on.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sekret-key"
    assert request["headers"]["Content-Type"] == "application/json"
    body = request["json"]
    assert body["model"] == "test-model"
    assert body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    assert user["content"] == BOOKING
    # The prompt carries the local clock and the practice's own ids, so the model can resolve and pick them.
    assert "Wednesday 2026-12-02 10:00 (America/New_York)" in system["content"]
    assert str(HARTWELL) in system["content"] and "Dr. Eleanor Hartwell" in system["content"]
    assert str(PHYSICAL) in system["content"] and "Annual physical" in system["content"]
    assert all(intent in system["content"] for intent in ("reschedule", "speak_to_human", "opt_out"))


def test_without_an_api_key_no_authorization_header_is_sent(llm_server):
    llm_server.answer(understanding())
    with override_settings(MOJOE_LLM_URL=llm_server.url, MOJOE_LLM_MODEL="m", MOJOE_LLM_API_KEY=""):
        ask(BOOKING)
    assert "Authorization" not in llm_server.requests[0]["headers"]


def test_a_good_answer_is_used(llm_on):
    llm_on.answer(
        understanding(
            "book",
            "routine",
            {"date": "2026-12-14", "time": "08:15", "part_of_day": "morning"},
            provider_id=str(HARTWELL),
            provider_name="Hartwell",
            appointment_type_id=str(PHYSICAL),
            appointment_type_hint="physical",
            phone=None,
        )
    )
    result = ask(BOOKING)
    assert result.intent == "book"
    assert result.urgency == "routine"
    assert result.when.as_json() == {"date": "2026-12-14", "time": "08:15", "part_of_day": "morning"}
    # The practice's own id objects and names come back, not the strings the model echoed.
    assert result.entities == {
        "provider_id": HARTWELL,
        "provider_name": "Dr. Eleanor Hartwell",
        "appointment_type_id": PHYSICAL,
        "appointment_type_hint": "physical",
    }
    assert not same(result, local(BOOKING))


def test_entities_the_patient_gave_are_normalised(llm_on):
    text = "this is maria lopez, dob 3/14/1980, call me at (617) 555-0199 about my metformin refill"
    llm_on.answer(
        understanding(
            "refill",
            name="Maria Lopez",
            date_of_birth="1980-03-14",
            phone="(617) 555-0199",
            medication="metformin",
        )
    )
    result = ask(text)
    assert result.intent == "refill"
    assert result.entities == {
        "name": "Maria Lopez",
        "date_of_birth": "1980-03-14",
        "phone": "+16175550199",
        "medication": "metformin",
    }


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("this is not json {", id="not-json"),
        pytest.param('["book"]', id="not-an-object"),
        pytest.param(understanding("make_appointment"), id="unknown-intent"),
        pytest.param(understanding(urgency="critical"), id="unknown-urgency"),
        pytest.param({"intent": "book", "urgency": "routine", "confidence": 0.9}, id="extra-field"),
        pytest.param(understanding(provider_id=str(uuid.uuid4())), id="unknown-provider-id"),
        pytest.param(understanding(provider_name="Dr. Who"), id="provider-name-without-id"),
        pytest.param(understanding(appointment_type_id="7"), id="unknown-type-id"),
        pytest.param(understanding(when={"date": "next tuesday"}), id="date-not-iso"),
        pytest.param(understanding(when={"date": "2026-02-30"}), id="impossible-date"),
        pytest.param(understanding(when={"time": "25:00"}), id="impossible-time"),
        pytest.param(understanding(when={"part_of_day": "night"}), id="unknown-part-of-day"),
        pytest.param(understanding(phone="+1 212 555 0100"), id="phone-not-in-message"),
        pytest.param(understanding(name="John Smith"), id="name-not-in-message"),
        pytest.param(understanding(symptom="cough"), id="unknown-entity"),
    ],
)
def test_an_unusable_answer_falls_back_to_the_local_engine(llm_on, caplog, answer):
    llm_on.answer(answer)
    with caplog.at_level("WARNING", logger="mojoe.assistant.llm"):
        result = ask(BOOKING)
    assert len(llm_on.requests) == 1
    assert same(result, local(BOOKING))
    assert "LLM understanding not used" in caplog.text
    assert BOOKING not in caplog.text  # the log says why, never what the patient wrote


@pytest.mark.parametrize("status", [500, 401, 429])
def test_an_http_error_falls_back_to_the_local_engine(llm_on, caplog, status):
    llm_on.fail(status)
    with caplog.at_level("WARNING", logger="mojoe.assistant.llm"):
        result = ask(BOOKING)
    assert same(result, local(BOOKING))
    assert f"HTTP {status}" in caplog.text


def test_a_reply_that_is_not_a_chat_completion_falls_back(llm_on):
    llm_on.fail(200, body=b'{"choices": []}')
    assert same(ask(BOOKING), local(BOOKING))


def test_a_redirect_is_not_followed(llm_on, llm_server):
    # Following it would send the message and the key elsewhere; the one request made is the only one.
    llm_on.fail(307, headers={"Location": llm_server.url + "/elsewhere"})
    assert same(ask(BOOKING), local(BOOKING))
    assert len(llm_on.requests) == 1


def test_a_slow_server_beyond_the_timeout_falls_back_quickly(llm_on, caplog):
    llm_on.answer(understanding("cancel"), delay=3)
    with override_settings(MOJOE_LLM_TIMEOUT=0.3), caplog.at_level("WARNING", logger="mojoe.assistant.llm"):
        started = time.monotonic()
        result = ask(BOOKING)
        elapsed = time.monotonic() - started
    assert same(result, local(BOOKING))
    assert elapsed < 1.5
    assert "timed out" in caplog.text


def test_a_server_trickling_its_answer_past_the_timeout_falls_back(llm_on):
    # Each piece comes well within the time-out; only the whole answer is late.
    llm_on.answer(understanding("cancel"), pieces=10, gap=0.1)
    with override_settings(MOJOE_LLM_TIMEOUT=0.3):
        started = time.monotonic()
        result = ask(BOOKING)
        elapsed = time.monotonic() - started
    assert same(result, local(BOOKING))
    assert elapsed < 0.8


def test_an_unreachable_server_falls_back(llm_server):
    llm_server.httpd.server_close()  # nothing listens on the port any more
    with override_settings(MOJOE_LLM_URL=llm_server.url, MOJOE_LLM_MODEL="m", MOJOE_LLM_TIMEOUT=0.5):
        assert same(ask(BOOKING), local(BOOKING))


# --- the safety rules ------------------------------------------------------------------------------------


def test_chest_pain_stays_an_emergency_whatever_the_llm_says(llm_on):
    text = "I have crushing chest pain right now, can I book for next week?"
    llm_on.answer(understanding("book", "routine"))
    result = ask(text)
    assert result.urgency == "emergency"
    assert result.entities["safety_category"] == "cardiac"
    # The emergency reply is fixed and immediate: the LLM is not even asked.
    assert llm_on.requests == []


def test_combining_never_lowers_an_emergency():
    screened = local("I have crushing chest pain right now")
    calm = Understanding(intent="book", urgency="routine")
    assert combine(screened, calm).urgency == "emergency"


def test_combining_turns_an_llm_emergency_into_urgent():
    routine = local("traffic was murder, running 10 minutes late")
    alarmed = Understanding(intent="other", urgency="emergency")
    assert combine(routine, alarmed).urgency == "urgent"


def test_the_llm_cannot_lower_an_urgent_message(llm_on):
    text = "I think I have a UTI, burning when I pee"
    assert local(text).urgency == "urgent"
    llm_on.answer(understanding("book", "routine"))
    result = ask(text)
    assert result.intent == "book"
    assert result.urgency == "urgent"
    assert result.entities["safety_category"] == "urinary"


def test_the_llm_cannot_call_an_emergency(llm_on):
    text = "traffic was murder, running 10 minutes late"
    assert local(text).urgency == "routine"
    llm_on.answer(understanding("other", "emergency"))
    result = ask(text)
    assert result.urgency == "urgent"


def test_llm_understand_alone_never_returns_an_emergency(llm_on):
    llm_on.answer(understanding("clinical_question", "emergency"))
    result = llm_understand("traffic was murder", now=NOW, time_zone=ZONE)
    assert result is not None
    assert result.urgency == "urgent"


def test_a_carrier_keyword_wins_and_the_llm_is_not_asked(llm_on):
    llm_on.answer(understanding("other"))
    result = ask("STOP")
    assert result.intent == "opt_out"
    assert result.entities["keyword"] == "STOP"
    assert llm_on.requests == []


# --- off by default --------------------------------------------------------------------------------------


def test_off_by_default_nothing_is_sent(llm_server):
    llm_server.answer(understanding("cancel"))
    assert same(ask(BOOKING), local(BOOKING))
    assert llm_understand(BOOKING, now=NOW, time_zone=ZONE) is None
    assert (
        phrase_reply("See you Friday at 3:30 PM.", language="en", channel="sms")
        == "See you Friday at 3:30 PM."
    )
    assert llm_server.requests == []


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        understand_message("hi", now=datetime(2026, 12, 2, 10, 0), time_zone=ZONE)


# --- phrasing --------------------------------------------------------------------------------------------

REPLY = "Your appointment with Dr. Hartwell is on Friday, December 4 at 3:30 PM. Reply C to confirm."


def test_a_faithful_rewording_is_used(llm_on):
    llm_on.answer({"text": "You're booked with Dr. Hartwell on Fri, Dec 4 at 3:30pm. Reply C to confirm!"})
    assert phrase_reply(REPLY, language="en", channel="sms") == (
        "You're booked with Dr. Hartwell on Fri, Dec 4 at 3:30pm. Reply C to confirm!"
    )
    [request] = llm_on.requests
    assert request["json"]["messages"][1]["content"] == REPLY
    assert "text message" in request["json"]["messages"][0]["content"]


@pytest.mark.parametrize(
    "reworded",
    [
        pytest.param(
            "You're booked with Dr. Hartwell on Friday, December 4. Reply C to confirm.", id="drops-time"
        ),
        pytest.param(
            "You're booked on Friday, December 4 at 3:00 PM. Reply C to confirm.", id="changes-time"
        ),
        pytest.param(
            "You're booked on Thursday, December 4 at 3:30 PM. Reply C to confirm.", id="changes-day"
        ),
        pytest.param("You're booked Friday, December 4 at 3:30 AM. Reply C to confirm.", id="am-for-pm"),
        pytest.param("Booked: Friday December 4, 3:30 PM. " * 3, id="too-long"),
        pytest.param("", id="empty"),
    ],
)
def test_a_rewording_that_changes_facts_is_not_used(llm_on, reworded):
    llm_on.answer({"text": reworded})
    assert phrase_reply(REPLY, language="en", channel="sms") == REPLY
    assert len(llm_on.requests) == 1


def test_phrasing_falls_back_on_errors(llm_on):
    llm_on.fail(500)
    assert phrase_reply(REPLY, language="en", channel="sms") == REPLY
    llm_on.answer("no json here")
    assert phrase_reply(REPLY, language="en", channel="sms") == REPLY
    llm_on.answer({"reply": "wrong key"})
    assert phrase_reply(REPLY, language="en", channel="sms") == REPLY


def test_crisis_wording_is_never_sent_for_rewording(llm_on):
    crisis = "Please call or text 988 now. If you are in danger, call 911."
    assert phrase_reply(crisis, language="en", channel="sms") == crisis
    assert llm_on.requests == []


def test_phrasing_can_be_turned_off_on_its_own(llm_on):
    with override_settings(MOJOE_LLM_PHRASE=False):
        assert phrase_reply(REPLY, language="en", channel="sms") == REPLY
    assert llm_on.requests == []


@pytest.mark.parametrize(
    ("original", "reworded", "kept"),
    [
        ("Call us at (617) 555-0199.", "Give us a ring: 617-555-0199", True),
        ("Call us at (617) 555-0199.", "Give us a ring: 617-555-0198", False),
        ("See you at 3:30 PM", "See you at 15:30", True),
        ("See you at 3 p.m. tomorrow", "See you tomorrow at 3pm", False),  # reordered
        ("Monday at 9 AM or Tuesday at 2 PM", "Monday at 2 PM or Tuesday at 9 AM", False),
        ("We have two openings", "We have 2 openings", True),
        ("We have two openings", "We have three openings", False),
        ("Fill in the form: https://mojoe.example/f/AbC9", "Form: https://mojoe.example/f/AbC9.", True),
        ("Fill in the form: https://mojoe.example/f/AbC9", "Form: https://mojoe.example/f/abc9", False),
        ("Su cita es el martes a las 10:00.", "Le esperamos el martes a las 10:00.", True),
        ("Su cita es el martes a las 10:00.", "Le esperamos el miércoles a las 10:00.", False),
        ("Your visit is in May.", "Your visit is in May, see you then.", True),
        ("You may call us.", "Feel free to call us.", True),  # "may" the verb is not a date
        ("Your visit is on May 4.", "Your visit is on May 5.", False),
        ("We'll call you today.", "We'll call you soon.", False),
    ],
)
def test_the_facts_guard(original, reworded, kept):
    assert keeps_facts(original, reworded) is kept


# --- settings --------------------------------------------------------------------------------------------


def load_settings(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("MOJOE_DATA_DIR", str(tmp_path))
    for name in (
        "MOJOE_LLM_URL",
        "MOJOE_LLM_MODEL",
        "MOJOE_LLM_API_KEY",
        "MOJOE_LLM_TIMEOUT",
        "MOJOE_LLM_PHRASE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # A fresh run of the file in its own namespace: Django's loaded settings are untouched.
    return runpy.run_path(str(Path(mojoe.settings.__file__)))


def test_the_llm_is_off_by_default(monkeypatch, tmp_path):
    loaded = load_settings(monkeypatch, tmp_path)
    assert loaded["MOJOE_LLM_URL"] == ""
    assert loaded["MOJOE_LLM_TIMEOUT"] == 8
    assert loaded["MOJOE_LLM_PHRASE"] is True


def test_llm_settings_are_read(monkeypatch, tmp_path):
    loaded = load_settings(
        monkeypatch,
        tmp_path,
        MOJOE_LLM_URL="http://127.0.0.1:11434/v1/",
        MOJOE_LLM_MODEL="llama3.1",
        MOJOE_LLM_API_KEY="k",
        MOJOE_LLM_TIMEOUT="2.5",
        MOJOE_LLM_PHRASE="false",
    )
    assert loaded["MOJOE_LLM_URL"] == "http://127.0.0.1:11434/v1"
    assert (loaded["MOJOE_LLM_MODEL"], loaded["MOJOE_LLM_API_KEY"]) == ("llama3.1", "k")
    assert loaded["MOJOE_LLM_TIMEOUT"] == 2.5
    assert loaded["MOJOE_LLM_PHRASE"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOJOE_LLM_URL": "ftp://example.org/v1", "MOJOE_LLM_MODEL": "m"}, "must be an http(s) URL"),
        ({"MOJOE_LLM_URL": "127.0.0.1:11434/v1", "MOJOE_LLM_MODEL": "m"}, "must be an http(s) URL"),
        ({"MOJOE_LLM_URL": "http:///v1", "MOJOE_LLM_MODEL": "m"}, "must be an http(s) URL"),
        ({"MOJOE_LLM_URL": "http://127.0.0.1:11434/v1"}, "MOJOE_LLM_MODEL is empty"),
        ({"MOJOE_LLM_TIMEOUT": "0"}, "must be a positive number"),
        ({"MOJOE_LLM_TIMEOUT": "-1"}, "must be a positive number"),
        ({"MOJOE_LLM_TIMEOUT": "nan"}, "must be a positive number"),
        ({"MOJOE_LLM_TIMEOUT": "soon"}, "is not a number of seconds"),
        ({"MOJOE_LLM_PHRASE": "perhaps"}, "is not a boolean"),
    ],
)
def test_bad_llm_settings_stop_the_start(monkeypatch, tmp_path, env, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(monkeypatch, tmp_path, **env)
