"""extract_entities: phone, date of birth, name, provider, visit type, medication and pharmacy."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojoe.assistant.nlu.entities import extract_entities

HARTWELL, RAMIREZ, OKAFOR, CHEN_A, CHEN_B = (uuid.UUID(int=n) for n in range(1, 6))
PROVIDERS = [
    (HARTWELL, "Dr. Eleanor Hartwell"),
    (RAMIREZ, "Dra. Sofía Ramírez López"),
    (OKAFOR, "James Okafor, NP"),
]
TYPES = [
    ("physical", "Annual physical"),
    ("follow", "Follow-up visit"),
    ("sick", "Sick visit"),
    ("new", "New patient visit"),
    ("tele", "Telehealth visit"),
    ("proc", "Procedure"),
]


def entities(text: str, language: str = "en") -> dict:
    return extract_entities(text, language=language, providers=PROVIDERS, appointment_types=TYPES)


def test_nothing_found_gives_an_empty_dict():
    assert entities("what are your hours?") == {}
    assert extract_entities("") == {}


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("my number is 617 555 0123", "+16175550123"),
        ("call me at (617) 555-0123 thanks", "+16175550123"),
        ("cell 6175550123", "+16175550123"),
        ("+1 857.293.1142", "+18572931142"),
        ("mi número es +52 55 1234 5678", "+525512345678"),
    ],
)
def test_phone(text, phone):
    assert entities(text)["phone"] == phone


@pytest.mark.parametrize("text", ["I take 2 pills", "DOB 03/04/1980", "born 3-4-80", "room 1234"])
def test_no_phone(text):
    assert "phone" not in entities(text)


@pytest.mark.parametrize(
    ("text", "language", "dob"),
    [
        ("DOB 3/4/1980", "en", "1980-03-04"),
        ("d.o.b. 03/04/1980", "en", "1980-03-04"),
        ("born 03-04-80", "en", "1980-03-04"),
        ("my birthday is March 4 1980", "en", "1980-03-04"),
        ("date of birth: 4th of March, 1980", "en", "1980-03-04"),
        ("dob 1980-03-04", "en", "1980-03-04"),
        ("DOB 25/12/1990", "en", "1990-12-25"),
        ("Ana Lopez 03/04/1980", "en", "1980-03-04"),
        ("fecha de nacimiento 4/3/1980", "es", "1980-03-04"),
        ("nací el 4 de marzo de 1980", "es", "1980-03-04"),
        ("fecha de nacimiento 12/25/1990", "es", "1990-12-25"),
        ("born 1/2/05", "en", "2005-01-02"),
    ],
)
def test_date_of_birth(text, language, dob):
    assert entities(text, language)["date_of_birth"] == dob


@pytest.mark.parametrize(
    "text",
    ["can I come 12/10?", "DOB 13/13/1980", "born 2/30/1980", "take 1/2 tablet", "plz cxl my appt 4 dec 10"],
)
def test_no_date_of_birth(text):
    assert "date_of_birth" not in entities(text)


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("my name is Ana Lopez", "en", "Ana Lopez"),
        ("my name is ana lopez and I need an appt", "en", "Ana Lopez"),
        ("this is John", "en", "John"),
        ("Hi, this is John Smith calling about my refill", "en", "John Smith"),
        ("I'm Jane O'Neil, dob 01/02/1975", "en", "Jane O'Neil"),
        ("Name: mary-kate olsen", "en", "Mary-Kate Olsen"),
        ("soy Maria Garcia", "es", "Maria Garcia"),
        ("me llamo maría de la cruz", "es", "María de la Cruz"),
        ("Hola, mi nombre es José Luis Pérez y necesito una cita", "es", "José Luis Pérez"),
    ],
)
def test_name(text, language, name):
    assert entities(text, language)["name"] == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("this is urgent", "en"),
        ("I'm running late", "en"),
        ("I'm sick", "en"),
        ("this is about my bill", "en"),
        ("soy diabético", "es"),
        ("soy nueva paciente", "es"),
        ("this is Dr. Hartwell's patient", "en"),
        ("my name is spelled wrong in the portal", "en"),
    ],
)
def test_no_name(text, language):
    assert "name" not in entities(text, language)


@pytest.mark.parametrize(
    ("text", "language", "provider"),
    [
        ("can I see Dr. Hartwell", "en", HARTWELL),
        ("dr hartwel on friday?", "en", HARTWELL),
        ("appointment with doctor Hartwell please", "en", HARTWELL),
        ("I want to see Eleanor", "en", HARTWELL),
        ("Is Dr. Eleanor Hartwell in today?", "en", HARTWELL),
        ("con la doctora Ramirez por favor", "es", RAMIREZ),
        ("con la dra ramires", "es", RAMIREZ),
        ("cita con la Dra. López", "es", RAMIREZ),
        ("can I see Okafor instead", "en", OKAFOR),
        ("can i see okafor", "en", OKAFOR),
    ],
)
def test_provider(text, language, provider):
    found = entities(text, language)
    assert found["provider_id"] == provider
    assert found["provider_name"] == dict(PROVIDERS)[provider]


@pytest.mark.parametrize(
    "text",
    [
        "I hope to see the doctor",  # lower-case words in a capitalised message are not names
        "can I see Dr. Smith",
        "my name is Eleanor Brown",  # the patient's own name is not a provider mention
        "doctor please call me",
        "My mom Eleanor needs a refill",
    ],
)
def test_no_provider(text):
    assert "provider_id" not in entities(text)


def test_two_providers_with_the_same_name_match_neither():
    providers = [(CHEN_A, "Dr. Amy Chen"), (CHEN_B, "Dr. Bo Chen")]
    assert "provider_id" not in extract_entities("can I see Dr. Chen", providers=providers)
    assert extract_entities("can I see Dr. Bo Chen", providers=providers)["provider_id"] == CHEN_B


def test_providers_are_optional():
    assert "provider_id" not in extract_entities("can I see Dr. Hartwell")


@pytest.mark.parametrize(
    ("text", "language", "hint", "type_id"),
    [
        ("need my annual physical", "en", "physical", "physical"),
        ("time for my yearly checkup", "en", "physical", "physical"),
        ("need a follow up with Dr. Hartwell", "en", "follow_up", "follow"),
        ("f/u on my bp", "en", "follow_up", "follow"),
        ("can I get a sick visit today", "en", "sick", "sick"),
        ("I'm a new patient", "en", "new_patient", "new"),
        ("can we do a video visit", "en", "telehealth", "tele"),
        ("is telehealth an option?", "en", "telehealth", "tele"),
        ("I need a mole removal", "en", "procedure", "proc"),
        ("quiero una cita de seguimiento", "es", "follow_up", "follow"),
        ("soy paciente nueva", "es", "new_patient", "new"),
        ("¿puede ser por videollamada?", "es", "telehealth", "tele"),
        ("necesito un chequeo anual", "es", "physical", "physical"),
    ],
)
def test_appointment_type(text, language, hint, type_id):
    found = entities(text, language)
    assert found["appointment_type_hint"] == hint
    assert found["appointment_type_id"] == type_id


def test_hint_without_a_matching_type_has_no_id():
    found = extract_entities("I need my flu shot", appointment_types=TYPES)
    assert found["appointment_type_hint"] == "vaccine"
    assert "appointment_type_id" not in found


def test_physical_therapy_is_not_a_physical():
    assert "appointment_type_hint" not in entities("I need a referral for physical therapy")


@pytest.mark.parametrize(
    ("text", "language", "medication"),
    [
        ("need a refill of my lisinopril", "en", "lisinopril"),
        ("out of metformin", "en", "metformin"),
        ("refill my metforman pls", "en", "metformin"),
        ("can I get more Atorvastatin 40mg", "en", "atorvastatin"),
        ("my albuterol inhaler is empty", "en", "albuterol"),
        ("need levothyroxine refilled", "en", "levothyroxine"),
        ("refill on my Lipitor", "en", "atorvastatin"),
        ("refill sertralin", "en", "sertraline"),
        ("need a refill on my blood pressure meds", "en", "blood pressure meds"),
        ("I'm out of my inhaler", "en", "inhaler"),
        ("refill for my zzyzxamine", "en", "zzyzxamine"),
        ("need a refill on the cream dr patel gave me", "en", "cream"),
        ("se me acabó la metformina", "es", "metformin"),
        ("me quedé sin omeprazol", "es", "omeprazole"),
        ("se me acabaron las pastillas de la presión", "es", "pastillas de la presion"),
        ("necesito mi vitamina d", "es", "vitamin d"),
    ],
)
def test_medication(text, language, medication):
    assert entities(text, language)["medication"] == medication


def test_several_medications_are_all_listed():
    found = entities("please refill atorvastatin and lisinopril")
    assert found["medication"] == "atorvastatin"
    assert found["medications"] == ["atorvastatin", "lisinopril"]


@pytest.mark.parametrize(
    "text",
    [
        "I need a refill",
        "I need more time",
        "I'm out of town next week",
        "need refill for my mom",
        "can I get a refill please",
        "my morning appointment",
    ],
)
def test_no_medication(text):
    assert "medication" not in entities(text)


@pytest.mark.parametrize(
    ("text", "language", "pharmacy"),
    [
        ("send it to CVS on Main St", "en", "CVS on Main St"),
        ("send it to Walgreens please", "en", "Walgreens"),
        ("the walgreens in Cambridge, thanks", "en", "Walgreens in Cambridge"),
        ("rite aid on elm street", "en", "Rite Aid on elm street"),
        ("Brookline Pharmacy", "en", "Brookline Pharmacy"),
        ("I use Harvard Square Pharmacy", "en", "Harvard Square Pharmacy"),
        ("please use Target on Route 9", "en", "Target on Route 9"),
        ("The CVS Pharmacy on Elm", "en", "CVS on Elm"),
        ("mándela a la farmacia San Pablo", "es", "Farmacia San Pablo"),
        ("a la farmacia del pueblo por favor", "es", "farmacia del pueblo"),
        ("mándenla a la farmacia de la calle Main", "es", "farmacia de la calle Main"),
    ],
)
def test_pharmacy(text, language, pharmacy):
    assert entities(text, language)["pharmacy"] == pharmacy


@pytest.mark.parametrize(
    "text",
    [
        "send it to my pharmacy",
        "The pharmacy says they never got it",
        "la farmacia dice que no llegó",
        "I called my usual pharmacy",
        "my target weight",
        "a mi farmacia por favor",
    ],
)
def test_no_pharmacy(text):
    assert "pharmacy" not in entities(text)


def test_everything_at_once():
    text = (
        "Hi, this is Ana Lopez, DOB 3/4/1980, cell 617-555-0123. I'm out of lisinopril, "
        "please send it to CVS on Main St. Also need a follow up with Dr. Hartwell."
    )
    assert entities(text) == {
        "phone": "+16175550123",
        "date_of_birth": "1980-03-04",
        "name": "Ana Lopez",
        "provider_id": HARTWELL,
        "provider_name": "Dr. Eleanor Hartwell",
        "appointment_type_hint": "follow_up",
        "appointment_type_id": "follow",
        "medication": "lisinopril",
        "pharmacy": "CVS on Main St",
    }


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120), st.sampled_from(["en", "es"]))
def test_any_text_is_handled(text, language):
    found = extract_entities(text, language=language, providers=PROVIDERS, appointment_types=TYPES)
    assert isinstance(found, dict)
