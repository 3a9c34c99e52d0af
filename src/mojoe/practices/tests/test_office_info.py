"""The practice's office facts and FAQ, and the assistant's answers to office questions from them only."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse

from mojoe.audit.models import AuditEvent
from mojoe.core import testing
from mojoe.core.errors import InvalidInput, PermissionDenied
from mojoe.core.roles import Role
from mojoe.practices import services
from mojoe.practices.models import FaqEntry, OfficeFacts
from mojoe.practices.office import (
    MAX_ANSWER_CHARS,
    format_week,
    office_hours,
    office_info_answer,
    office_info_topics,
)
from mojoe.practices.office_topics import _insurer_names, insurers_mentioned, normalize
from mojoe.scheduling.models import AvailabilityRule, Holiday

# A Friday afternoon in New York; Thanksgiving (Thu Nov 26) is six days later, Christmas five weeks.
NOW = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
THANKSGIVING = date(2026, 11, 26)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def owner_actor(owner, clinic):
    return testing.make_actor(owner, clinic.practice)


@pytest.fixture
def contact(clinic):
    """The clinic with its contact details filled in."""
    practice = clinic.practice
    practice.phone, practice.fax = "+16175550100", "+16175550101"
    practice.email, practice.website = "hello@maple.example.org", "https://maple.example.org"
    practice.address_line1, practice.city, practice.state, practice.postal_code = (
        "12 Elm Street",
        "Somerville",
        "MA",
        "02143",
    )
    practice.save()
    clinic.location.address_line1, clinic.location.city = "12 Elm Street", "Somerville"
    clinic.location.state, clinic.location.postal_code = "MA", "02143"
    clinic.location.save()
    return clinic


@pytest.fixture
def facts(contact, owner):
    """The clinic's office facts and FAQ, written through the services as the owner would."""
    actor = owner_actor(owner, contact)
    services.office_facts_update(
        actor=actor,
        parking="Free lot behind the building; two accessible spaces by the door.",
        insurances_accepted="Aetna\nBlue Cross Blue Shield of Massachusetts\nCigna\nMassHealth\nMedicare",
        services="Annual physicals\nFlu shots and vaccines\nLab draws on site",
        services_es="Chequeos anuales\nVacunas contra la gripe\nExtracción de sangre en la clínica",
        languages_spoken="English\nSpanish",
        after_hours="Call the main number and press 1 for the on-call doctor.",
    )
    services.faq_entry_save(
        actor=actor,
        data={
            "question": "Do you accept walk-ins?",
            "answer": "No walk-ins, but we keep same-day sick visits every weekday.",
            "question_es": "¿Atienden sin cita?",
            "answer_es": "No atendemos sin cita, pero guardamos consultas para el mismo día.",
        },
    )
    return contact


def ask(clinic, text: str, language: str = "en", now: datetime = NOW) -> str | None:
    return office_info_answer(practice=clinic.practice, text=text, language=language, now=now)


# --- opening hours derived from the weekly hours --------------------------------------------------------


@pytest.fixture
def two_sites(db):
    """Two providers with split blocks at the main site, one seasonal block, an inactive provider, a closed
    Sunday, and a second site open on Tuesday mornings only."""
    practice = testing.make_practice(name="Harbor Health")
    main = testing.make_location(practice, "Main Street")
    east = testing.make_location(practice, "East Side")
    closed_site = testing.make_location(practice, "Old Annex")
    closed_site.active = False
    closed_site.save()
    lee = testing.make_provider(practice, locations=[main], family_name="Lee")
    ortiz = testing.make_provider(practice, locations=[main, east], family_name="Ortiz")
    gone = testing.make_provider(practice, locations=[main], family_name="Gone", active=False)
    testing.make_hours(lee, main, weekdays=range(5), start=time(8), end=time(12))
    testing.make_hours(lee, main, weekdays=range(5), start=time(13), end=time(17))
    testing.make_hours(ortiz, main, weekdays=[0], start=time(10), end=time(13))
    testing.make_hours(ortiz, main, weekdays=[5], start=time(9), end=time(12))
    testing.make_hours(ortiz, east, weekdays=[1], start=time(9), end=time(12))
    testing.make_hours(gone, main, weekdays=[6], start=time(9), end=time(12))
    testing.make_hours(ortiz, closed_site, weekdays=[3], start=time(9), end=time(12))
    # A summer block that ended before NOW does not open the office.
    AvailabilityRule.objects.create(
        practice=practice, provider=lee, location=main, weekday=6, start_time=time(8), end_time=time(9),
        valid_from=date(2026, 6, 1), valid_until=date(2026, 8, 31),
    )  # fmt: skip
    Holiday.objects.create(practice=practice, date=THANKSGIVING, name="Thanksgiving")
    Holiday.objects.create(practice=practice, date=date(2026, 12, 25), name="Christmas Day")
    return practice


def test_hours_are_the_union_of_the_providers_blocks_per_location(two_sites, django_assert_num_queries):
    office_hours(two_sites, now=NOW)  # loads the practice's snapshot (see test_snapshot.py)
    with django_assert_num_queries(1):  # then only checks it is current
        hours = office_hours(two_sites, now=NOW)
    assert [h.name for h in hours] == ["East Side", "Main Street"]  # not the inactive Old Annex
    east, main = hours
    # Monday: 8–12 and 10–13 overlap, 13–17 touches them: one span.
    assert main.week[0] == ((time(8), time(17)),)
    assert main.week[1] == ((time(8), time(12)), (time(13), time(17)))
    assert main.week[5] == ((time(9), time(12)),)
    assert main.week[6] == ()  # the inactive provider's and the expired seasonal Sunday blocks do not count
    assert format_week(main.week) == (
        "Mon 8:00 AM–5:00 PM; Tue–Fri 8:00 AM–12:00 PM and 1:00 PM–5:00 PM; Sat 9:00 AM–12:00 PM; closed Sun"
    )
    assert format_week(main.week, "es") == (
        "lun 8:00–17:00; mar–vie 8:00–12:00 y 13:00–17:00; sáb 9:00–12:00; cerrado dom"
    )
    assert format_week(east.week) == "Tue 9:00 AM–12:00 PM; closed Mon, Wed–Sun"
    # Only the holidays of the next two weeks.
    assert [(c.day, c.name) for c in main.closures] == [(THANKSGIVING, "Thanksgiving")]


def test_a_practice_without_hours_has_none(db):
    assert office_hours(testing.make_practice(), now=NOW) == []


def test_hours_answers_per_day_and_location(two_sites):
    def answer(text, language="en", now=NOW):
        return office_info_answer(practice=two_sites, text=text, language=language, now=now)

    assert answer("what time do you open on saturday?") == (
        "On Saturday: East Side closed; Main Street 9:00 AM–12:00 PM."
    )
    assert answer("are you open on sunday") == "On Sunday we're closed."
    assert answer("¿abren el domingo?", "es") == "El domingo está cerrado."
    assert answer("are you open on thanksgiving?") == "We're closed on Thanksgiving (Thu, Nov 26)."
    thanksgiving_morning = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert answer("are you open today?", now=thanksgiving_morning) == (
        "Today (Thu, Nov 26) we're closed (Thanksgiving)."
    )
    weekly = answer("what are your hours?")
    assert weekly.startswith("East Side: Tue 9:00 AM–12:00 PM; closed Mon, Wed–Sun. Main Street: Mon 8:00 AM")
    assert weekly.endswith("Closed Thu, Nov 26 (Thanksgiving).")
    assert "Christmas" not in weekly
    spanish = answer("¿cuál es su horario?", "es")
    assert "Main Street: lun 8:00–17:00; mar–vie 8:00–12:00 y 13:00–17:00" in spanish
    assert spanish.endswith("Cerrado: jue 26 nov (Thanksgiving).")


# --- which topics a message asks about ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "topics"),
    [
        ("What are your hours?", "en", ["hours"]),
        ("what time do you open on saturday", "en", ["hours"]),
        ("How late are you open on Thursdays?", "en", ["hours"]),
        ("are you closed for the holidays?", "en", ["hours"]),
        ("where are you located", "en", ["address"]),
        ("What's your address?", "en", ["address"]),
        ("how do I get there by bus?", "en", ["directions"]),
        ("Where do I park?", "en", ["parking"]),
        ("is there parking near the entrance?", "en", ["parking"]),
        ("what's the fax number for referrals?", "en", ["fax"]),
        ("What is your phone number?", "en", ["phone"]),
        ("what's your email?", "en", ["email"]),
        ("do you have a website", "en", ["website"]),
        ("do you take Aetna?", "en", ["insurance"]),
        ("Aetna?", "en", ["insurance"]),
        ("Are you in network with Blue Cross?", "en", ["insurance"]),
        ("which insurances do you accept", "en", ["insurance"]),
        ("do you offer telehealth?", "en", ["services"]),
        ("Do you give flu shots?", "en", ["services"]),
        ("do you have spanish speaking staff?", "en", ["languages"]),
        ("what should I do after hours?", "en", ["after_hours"]),
        ("What are your hours and where do I park?", "en", ["hours", "parking"]),
        ("horario", "es", ["hours"]),
        ("¿A qué hora cierran hoy?", "es", ["hours"]),
        ("¿Cuál es la dirección?", "es", ["address"]),
        ("¿dónde están ubicados?", "es", ["address"]),
        ("¿Hay ESTACIONAMIENTO?", "es", ["parking"]),
        ("donde me estaciono", "es", ["parking"]),
        ("¿Aceptan mi seguro?", "es", ["insurance"]),
        ("¿Trabajan con MassHealth?", "es", ["insurance"]),
        ("¿el doctor está en la red de mi seguro?", "es", ["insurance"]),
        ("¿Cuál es el número de fax?", "es", ["fax"]),
        ("¿Cuál es el número de teléfono?", "es", ["phone"]),
        ("¿tienen personal que hable español?", "es", ["languages"]),
        ("¿atienden niños?", "es", ["services"]),
        ("¿qué hago fuera de horario?", "es", ["after_hours"]),
        ("¿Cómo llego?", "es", ["directions"]),
    ],
)
def test_topics_in_english_and_spanish(text, language, topics):
    assert office_info_topics(text, language) == topics


@pytest.mark.parametrize(
    "text",
    [
        "I need to book an appointment",
        "Necesito una cita para el viernes",
        "I need a refill of my lisinopril",
        "my phone number changed",
        "cambié de número de teléfono",
        "I want to change my address",
        "quiero cambiar mi dirección",
        "can you call me back",
        "I waited for hours",
        "is anything open on friday afternoon?",
        "¿tienen otro horario?",
        "can you fax my records to Dr. Lin?",
        "the link won't open",
        "my insurance changed",
        "is this visit covered by my insurance?",
        "what time is my appointment?",
        "can I get the EKG results from my checkup",
        "what are the directions for taking this medication?",
        "great service today",
        "",
    ],
)
def test_messages_about_something_else_have_no_topic(text):
    assert office_info_topics(text, "en") == []
    assert office_info_topics(text, "es") == []


def test_red_is_a_network_only_in_spanish():
    assert office_info_topics("¿Blue Cross está en su red?", "es") == ["insurance"]
    assert office_info_topics("the red line blue cross", "en") == []


def test_faq_entries_are_matched_by_shared_words(facts):
    entry = FaqEntry.objects.get(practice=facts.practice)
    topic = f"faq:{entry.pk}"
    assert office_info_topics("do you take walk ins?", practice=facts.practice)[0] == topic
    longer = "can I walk in without an appointment? do you accept walk-ins"
    assert office_info_topics(longer, practice=facts.practice)[0] == topic
    assert office_info_topics("¿atienden sin cita?", "es", practice=facts.practice)[0] == topic
    assert office_info_topics("I need an appointment", practice=facts.practice) == []
    entry.active = False
    entry.save()
    assert topic not in office_info_topics("do you accept walk-ins?", practice=facts.practice)


# --- answers from the facts only ------------------------------------------------------------------------


def test_insurers_on_the_list_and_off_it(facts):
    assert ask(facts, "do you take Aetna?") == (
        "Yes, Aetna is on our list of accepted insurance; the front desk confirms your specific plan when "
        "you book."
    )
    assert "(Blue Cross Blue Shield of Massachusetts)" in ask(facts, "are you in network with BCBS?")
    assert ask(facts, "do you accept Humana?") == (
        "Humana isn't on our list of accepted insurance, but the front desk can confirm at (617) 555-0100."
    )
    # "Medicare Advantage" is not "Medicare": not a yes, the front desk confirms.
    assert ask(facts, "do you take medicare advantage?").startswith("Medicare Advantage isn't on our list")
    listed = ask(facts, "which insurances do you accept?")
    assert listed.startswith("We accept Aetna, Blue Cross Blue Shield of Massachusetts, Cigna, MassHealth")
    assert ask(facts, "¿aceptan MassHealth?", "es") == (
        "Sí, MassHealth está en nuestra lista de seguros aceptados; la recepción confirma su plan al hacer "
        "la cita."
    )


def test_answers_in_english_and_spanish(facts):
    assert (
        ask(facts, "Where do I park?")
        == "Parking: Free lot behind the building; two accessible spaces by the door."
    )
    # No Spanish parking text: the English one, framed in Spanish.
    assert ask(facts, "¿hay estacionamiento?", "es").startswith("Estacionamiento: Free lot behind")
    assert ask(facts, "what's your fax number?") == "Our fax number is (617) 555-0101."
    assert ask(facts, "¿cuál es el número de fax?", "es") == "Nuestro número de fax es (617) 555-0101."
    assert ask(facts, "where are you located?") == "We're at 12 Elm Street, Somerville, MA 02143."
    assert ask(facts, "do you have a website?") == "Our website is https://maple.example.org."
    assert ask(facts, "what languages do you speak?") == "Our staff speak English, Spanish."
    assert ask(facts, "¿qué idiomas hablan?", "es") == "Nuestro personal habla inglés, español."
    assert ask(facts, "do you do flu shots?") == "Yes, we offer Flu shots and vaccines."
    assert ask(facts, "¿ponen vacunas contra la gripe?", "es") == "Sí, ofrecemos Vacunas contra la gripe."
    assert ask(facts, "what services do you offer?") == (
        "We offer: Annual physicals; Flu shots and vaccines; Lab draws on site."
    )
    after_hours = ask(facts, "what do I do after hours?")
    assert after_hours == (
        "When we're closed: Call the main number and press 1 for the on-call doctor. "
        "For an emergency, call 911."
    )
    assert ask(facts, "On saturday are you open?") == "On Saturday we're open 9:00 AM–5:00 PM."


def test_the_practices_own_faq_answer_comes_first(facts):
    answer = ask(facts, "Do you accept walk-ins?")
    assert answer.startswith("No walk-ins, but we keep same-day sick visits every weekday.")
    assert ask(facts, "¿atienden sin cita?", "es").startswith("No atendemos sin cita")


def test_what_is_not_filled_in_is_not_made_up(contact):
    assert ask(contact, "is there parking?") == (
        "I don't have our parking information on file. Please call us at (617) 555-0100."
    )
    assert ask(contact, "¿hay estacionamiento?", "es") == (
        "No tengo esa información (el estacionamiento). Por favor llámenos al (617) 555-0100."
    )
    assert ask(contact, "do you take Aetna? and where do I park") == (
        "I don't have our parking information or list of accepted insurance on file. "
        "Please call us at (617) 555-0100."
    )


def test_a_practice_with_nothing_filled_in_sends_patients_to_the_front_desk(db):
    practice = testing.make_practice()
    for question in ("what are your hours?", "what's your phone number?", "where are you?", "fax?"):
        answer = office_info_answer(practice=practice, text=question, now=NOW)
        assert answer.startswith("I don't have our ") and answer.endswith("Please ask our front desk.")


def test_no_topic_is_none_for_the_caller_to_handle(facts):
    assert ask(facts, "I need to book an appointment") is None
    assert ask(facts, "necesito una cita", "es") is None


def test_long_answers_stay_within_a_few_text_messages(facts):
    answer = ask(
        facts,
        "what are your hours, where are you, where do I park, what is your fax number, your phone number, "
        "your email, which insurances do you take, what services do you offer and what do I do after hours?",
    )
    assert len(answer) <= MAX_ANSWER_CHARS + 60  # the closing "call us" sentence may follow the cap
    assert answer.endswith("For more, call us at (617) 555-0100.")


def test_answering_takes_few_queries(facts, django_assert_max_num_queries, django_assert_num_queries):
    # The first answer loads the practice's snapshot: a check and one query per table it holds.
    with django_assert_max_num_queries(8):
        ask(facts, "what are your hours and where do I park?")
    # The next ones only check that it is current.
    with django_assert_num_queries(1):
        ask(facts, "what are your hours and where do I park?")


# --- the services ---------------------------------------------------------------------------------------


def test_facts_are_tidied_audited_and_only_changes_recorded(clinic, owner):
    actor = owner_actor(owner, clinic)
    facts = services.office_facts_update(actor=actor, insurances_accepted="  Aetna\r\n\r\n Cigna \n")
    assert facts.insurances_accepted == "Aetna\nCigna"
    event = AuditEvent.objects.get(object_id=str(facts.pk))
    assert event.action == "create" and event.actor == owner
    assert event.detail["changes"]["insurances_accepted"] == ["", "Aetna\nCigna"]
    services.office_facts_update(actor=actor, insurances_accepted="Aetna\nCigna")
    assert AuditEvent.objects.filter(object_id=str(facts.pk)).count() == 1
    services.office_facts_update(actor=actor, parking="Street parking only.")
    assert AuditEvent.objects.filter(object_id=str(facts.pk), action="update").exists()
    assert OfficeFacts.objects.get(practice=clinic.practice).insurances_accepted == "Aetna\nCigna"


def test_only_owners_and_administrators_change_the_facts(clinic, colleague, owner):
    front_desk = testing.make_actor(colleague, clinic.practice)
    with pytest.raises(PermissionDenied):
        services.office_facts_update(actor=front_desk, parking="Anywhere")
    with pytest.raises(PermissionDenied):
        services.faq_entry_save(actor=front_desk, data={"question": "Q?", "answer": "A."})
    with pytest.raises(InvalidInput):
        services.office_facts_update(actor=owner_actor(owner, clinic), name="Not a fact")
    with pytest.raises(services.InvalidFields) as refused:
        services.office_facts_update(actor=owner_actor(owner, clinic), parking="x" * 451)
    assert "parking" in refused.value.fields
    assert not OfficeFacts.objects.exists()


def test_faq_entries_go_last_and_are_removed_with_an_audit(clinic, owner):
    actor = owner_actor(owner, clinic)
    first = services.faq_entry_save(actor=actor, data={"question": "Do you see kids?", "answer": "Yes."})
    second = services.faq_entry_save(actor=actor, data={"question": "Is there a lab?", "answer": "Yes."})
    assert (first.position, second.position) == (1, 2)
    with pytest.raises(services.InvalidFields):
        services.faq_entry_save(actor=actor, data={"question": "do you see kids?", "answer": "Again."})
    services.faq_entry_remove(actor=actor, entry=first)
    assert list(FaqEntry.objects.all()) == [second]
    event = AuditEvent.objects.get(object_id=str(first.pk), action="delete")
    assert event.detail["question"] == "Do you see kids?"


# --- the settings page ----------------------------------------------------------------------------------


def facts_form(**changes) -> dict:
    data = dict.fromkeys(
        ("parking_es", "directions", "directions_es", "after_hours", "after_hours_es", "services_es"), ""
    )
    data.update(
        parking="Free lot behind the building.",
        services="Physicals\nFlu shots",
        insurances_accepted="Aetna\nCigna",
        languages_spoken="English\nSpanish",
    )
    data.update(changes)
    return data


def test_owner_sees_the_derived_hours_and_edits_the_facts(clinic, owner):
    client = client_for(owner)
    page = client.get(reverse("practices:office"))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'aria-current="page"' in content and ">Office info<" in content
    assert "Mon–Sun 9:00 AM–5:00 PM" in content and "lun–dom 9:00–17:00" in content

    response = client.post(reverse("practices:office"), facts_form())
    assert response.status_code == 302
    facts = OfficeFacts.objects.get(practice=clinic.practice)
    assert facts.parking == "Free lot behind the building." and facts.insurances_accepted == "Aetna\nCigna"
    assert AuditEvent.objects.filter(object_id=str(facts.pk), actor=owner).exists()

    tried = client.get(reverse("practices:office"), {"question": "do you take cigna?"})
    assert "Yes, Cigna is on our list of accepted insurance" in tried.content.decode()


def test_bad_facts_are_a_422_and_nothing_is_saved(clinic, owner):
    response = client_for(owner).post(reverse("practices:office"), facts_form(parking="x" * 451))
    assert response.status_code == 422
    assert b"at most 450 characters" in response.content
    assert not OfficeFacts.objects.exists()


def test_owner_adds_edits_and_removes_a_question(clinic, owner):
    client = client_for(owner)
    data = {"question": "Do you see kids?", "answer": "Yes, from newborns up.", "active": "on"}
    assert client.post(reverse("practices:faq-add"), data).status_code == 302
    entry = FaqEntry.objects.get(practice=clinic.practice)
    assert entry.position == 1 and entry.active

    blank = client.post(reverse("practices:faq-edit", args=[entry.pk]), {**data, "answer": ""})
    assert blank.status_code == 422
    again = client.post(reverse("practices:faq-add"), {**data, "question": "do you see KIDS?"})
    assert again.status_code == 422 and b"already in the FAQ" in again.content

    edited = {**data, "answer": "Yes, all ages.", "position": "5"}
    assert client.post(reverse("practices:faq-edit", args=[entry.pk]), edited).status_code == 302
    entry.refresh_from_db()
    assert (entry.answer, entry.position) == ("Yes, all ages.", 5)
    assert "Do you see kids?" in client.get(reverse("practices:office")).content.decode()

    assert client.post(reverse("practices:faq-remove", args=[entry.pk])).status_code == 302
    assert not FaqEntry.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(entry.pk), action="delete").exists()


@pytest.mark.parametrize("name", ["practices:office", "practices:faq-add"])
def test_front_desk_is_refused(clinic, colleague, name):
    client = client_for(colleague)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), facts_form(question="Q?", answer="A.")).status_code == 403
    assert not OfficeFacts.objects.exists() and not FaqEntry.objects.exists()


def test_front_desk_cannot_remove_a_question(facts, colleague):
    entry = FaqEntry.objects.get()
    assert client_for(colleague).post(reverse("practices:faq-remove", args=[entry.pk])).status_code == 403
    assert FaqEntry.objects.filter(pk=entry.pk).exists()


def test_outsider_cannot_see_or_change_the_clinics_questions(facts, outsider):
    entry = FaqEntry.objects.get(practice=facts.practice)
    client = client_for(outsider)
    assert client.get(reverse("practices:faq-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("practices:faq-remove", args=[entry.pk])).status_code == 404
    own_page = client.get(reverse("practices:office")).content.decode()
    assert "walk-ins" not in own_page and "Free lot behind" not in own_page
    assert FaqEntry.objects.filter(pk=entry.pk).exists()


def test_anonymous_is_sent_to_sign_in(clinic):
    response = Client().get(reverse("practices:office"))
    assert response.status_code == 302 and response["Location"].startswith("/login")


def test_administrators_may_edit_too(clinic):
    admin = testing.make_user(username="manager", practice=clinic.practice, role=Role.ADMIN)
    assert client_for(admin).post(reverse("practices:office"), facts_form()).status_code == 302


# --- the demo practice ----------------------------------------------------------------------------------


def test_the_demo_practice_answers_office_questions(db, settings, tmp_path):
    from mojoe.practices.demo import seed_demo

    settings.DATA_DIR = tmp_path
    practice = seed_demo().practice
    assert practice.faq_entries.count() == 4
    now = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)

    def answer(text, language="en"):
        return office_info_answer(practice=practice, text=text, language=language, now=now)

    assert answer("do you take cigna?").startswith("Yes, Cigna is on our list")
    assert answer("¿dónde me estaciono?", "es").startswith("Estacionamiento: Estacionamiento gratis")
    assert answer("are you accepting new patients?").startswith("Yes, all four of our clinicians")
    hours = answer("what are your hours?")
    # Dr. Hartwell's and Kevin Brandt's blocks at the main office make a long Monday and Wednesday.
    assert (
        "Riverside Main Office: Mon, Wed 8:00 AM–7:00 PM; Tue 8:00 AM–12:30 PM and 1:00 PM–5:00 PM" in hours
    )
    assert answer("do you accept walk-ins?").startswith("We don't take walk-ins")
    assert "We offer" not in answer("do you accept walk-ins?")  # the practice's answer, not also the list


# --- in a browser ---------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_saves_parking_and_tries_a_question_in_the_browser(page, contact, owner):
    from mojoe.ui.testing import sign_in
    from mojoe.ui.tests.test_accessibility import violations

    sign_in(page, "owner")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Office info").click()
    page.get_by_label("Parking", exact=True).fill("Free lot behind the building.")
    page.get_by_role("button", name="Save the office information").click()
    page.get_by_text("The office information is saved").wait_for()
    page.get_by_label("A question as a patient would write it").fill("¿Dónde me estaciono?")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_role("button", name="Ask").click()
    page.get_by_text("Estacionamiento: Free lot behind the building.").wait_for()
    assert violations(page) == []


def test_the_first_look_for_insurers_finds_a_name_exactly_where_one_of_them_is():
    accepted = ("Harvard Pilgrim (HMO)", "Tufts Health Plan: all plans")
    aliases, any_name = _insurer_names(accepted)
    texts = [f"do you take {alias}?" for alias, _ in aliases]
    texts += [f"is {alias}s ok" for alias, _ in aliases]  # a longer word: no match
    texts += ["do you take my insurance", "united states", "the blue cross on the map", "medicares", ""]
    for text in texts:
        normalized = normalize(text)
        each = any(re.search(rf"\b{re.escape(alias)}\b", normalized) for alias, _ in aliases)
        assert bool(any_name.search(normalized)) == each, text
        assert bool(insurers_mentioned(text, accepted)) == each, text
