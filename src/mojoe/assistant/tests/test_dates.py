"""resolve_when: the dates, times and parts of day patients write, in English and Spanish.

Most cases are resolved against Wednesday 2026-12-02 10:00 in New York (the corpus's reference moment).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojoe.assistant.nlu.dates import date_resolution_accuracy, fold, resolve_when
from mojoe.assistant.nlu.schema import PARTS_OF_DAY

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=NEW_YORK)  # a Wednesday

# (text, language, date, time, part_of_day)
CASES = [
    # relative days
    ("today", "en", "2026-12-02", None, None),
    ("Can I come in today?", "en", "2026-12-02", None, None),
    ("tomorrow", "en", "2026-12-03", None, None),
    ("tmrw", "en", "2026-12-03", None, None),
    ("tmr at 3", "en", "2026-12-03", "15:00", None),
    ("tomorow morning", "en", "2026-12-03", None, "morning"),
    ("2moro afternoon pls", "en", "2026-12-03", None, "afternoon"),
    ("day after tomorrow", "en", "2026-12-04", None, None),
    ("the day after tomorrow at 10am", "en", "2026-12-04", "10:00", None),
    ("yesterday", "en", "2026-12-01", None, None),
    # weekdays
    ("next Monday", "en", "2026-12-07", None, None),
    ("next friday", "en", "2026-12-11", None, None),
    ("next wednesday", "en", "2026-12-09", None, None),
    ("this Friday", "en", "2026-12-04", None, None),
    ("this wednesday", "en", "2026-12-02", None, None),
    ("this monday", "en", "2026-12-07", None, None),
    ("monday", "en", "2026-12-07", None, None),
    ("mon", "en", "2026-12-07", None, None),
    ("wed", "en", "2026-12-09", None, None),
    ("Wednesday", "en", "2026-12-09", None, None),
    ("today, wednesday", "en", "2026-12-02", None, None),
    ("thurs at 2:30", "en", "2026-12-03", "14:30", None),
    ("fri morning", "en", "2026-12-04", None, "morning"),
    ("wensday afternoon", "en", "2026-12-09", None, "afternoon"),
    ("thrusday", "en", "2026-12-03", None, None),
    ("can i come in on tuesdya", "en", "2026-12-08", None, None),
    ("this coming Monday", "en", "2026-12-07", None, None),
    ("last Tuesday", "en", "2026-12-01", None, None),
    ("last friday", "en", "2026-11-27", None, None),
    ("Tuesday next week", "en", "2026-12-08", None, None),
    ("next week on thursday", "en", "2026-12-10", None, None),
    ("Friday the 11th", "en", "2026-12-11", None, None),
    # explicit dates
    ("Dec 10 at 2pm", "en", "2026-12-10", "14:00", None),
    ("December 10th", "en", "2026-12-10", None, None),
    ("on the 10th of December", "en", "2026-12-10", None, None),
    ("the tenth of december", "en", "2026-12-10", None, None),
    ("12/10", "en", "2026-12-10", None, None),
    ("12/10/2026", "en", "2026-12-10", None, None),
    ("2026-12-10", "en", "2026-12-10", None, None),
    ("the 15th", "en", "2026-12-15", None, None),
    ("on the 1st", "en", "2027-01-01", None, None),
    ("the 31st", "en", "2026-12-31", None, None),
    ("Jan 3", "en", "2027-01-03", None, None),
    ("January 3rd at 9am", "en", "2027-01-03", "09:00", None),
    ("Nov 20", "en", "2027-11-20", None, None),
    ("in January", "en", "2027-01-01", None, None),
    # spans
    ("in 2 weeks", "en", "2026-12-16", None, None),
    ("in a week", "en", "2026-12-09", None, None),
    ("in 3 days", "en", "2026-12-05", None, None),
    ("in a couple of weeks", "en", "2026-12-16", None, None),
    ("in a month", "en", "2027-01-02", None, None),
    ("two weeks from now", "en", "2026-12-16", None, None),
    ("3 days ago", "en", "2026-11-29", None, None),
    ("fever since Monday", "en", "2026-11-30", None, None),
    ("coughing since Nov 20", "en", "2026-11-20", None, None),
    ("tengo fiebre desde el lunes", "es", "2026-11-30", None, None),
    ("me duele desde hace 3 días", "es", "2026-11-29", None, None),
    ("next week", "en", "2026-12-07", None, None),
    ("sometime nxt wk", "en", "2026-12-07", None, None),
    ("the week after next", "en", "2026-12-14", None, None),
    ("this week", "en", None, None, None),
    ("next month", "en", "2027-01-01", None, None),
    ("this weekend", "en", "2026-12-05", None, None),
    # times
    ("2pm", "en", None, "14:00", None),
    ("2 pm", "en", None, "14:00", None),
    ("2p", "en", None, "14:00", None),
    ("2:30", "en", None, "14:30", None),
    ("14:00", "en", None, "14:00", None),
    ("at 9", "en", None, "09:00", None),
    ("at 12", "en", None, "12:00", None),
    ("at 7", "en", None, "07:00", None),
    ("at 6", "en", None, "18:00", None),
    ("noon", "en", None, "12:00", None),
    ("10:30am", "en", None, "10:30", None),
    ("8:15 p.m.", "en", None, "20:15", None),
    ("12am", "en", None, "00:00", None),
    ("at 9 in the evening", "en", None, "21:00", "evening"),
    ("tonight at 8", "en", "2026-12-02", "20:00", None),
    ("tomorrow morning at 11", "en", "2026-12-03", "11:00", None),
    ("between 2 and 4 on Friday", "en", "2026-12-04", "14:00", None),
    ("10-11am", "en", None, "10:00", None),
    ("11-1pm", "en", None, "11:00", None),
    ("half past 2", "en", None, "14:30", None),
    ("quarter to 4", "en", None, "15:45", None),
    ("3 o'clock", "en", None, "15:00", None),
    ("around 11 tomorrow", "en", "2026-12-03", "11:00", None),
    ("at three tomorrow", "en", "2026-12-03", "15:00", None),
    ("lunchtime on friday", "en", "2026-12-04", "12:00", None),
    ("after 3", "en", None, "15:00", None),
    ("call me after 5", "en", None, None, "evening"),
    ("any day after 4 works", "en", None, None, "evening"),
    ("can we push my 2pm to 4pm?", "en", None, "16:00", None),
    ("around 10 something came up", "en", None, "10:00", None),
    ("tmrw am", "en", "2026-12-03", None, "morning"),
    ("need a same day appt", "en", "2026-12-02", None, None),
    ("burning the midnight oil, any evening slots?", "en", None, None, "evening"),
    ("too tired in the mornings, can we do an afternoon appointment", "en", None, None, "afternoon"),
    ("they need it by the 15th, can you do the 14th at noon?", "en", "2026-12-14", "12:00", None),
    ("I have an appointment for tomorrow, can I move it to Friday?", "en", "2026-12-04", None, None),
    # parts of day
    ("morning", "en", None, None, "morning"),
    ("in the afternoon", "en", None, None, "afternoon"),
    ("evening works best", "en", None, None, "evening"),
    ("tonight", "en", "2026-12-02", None, "evening"),
    ("this morning", "en", "2026-12-02", None, "morning"),
    ("after work", "en", None, None, "evening"),
    ("after lunch", "en", None, None, "afternoon"),
    ("in the am", "en", None, None, "morning"),
    ("before 10", "en", None, None, "morning"),
    ("before noon", "en", None, None, "morning"),
    ("before 3", "en", None, None, None),
    ("first thing tomorrow", "en", "2026-12-03", None, "morning"),
    ("Good morning! Can I book Friday?", "en", "2026-12-04", None, None),
    # choosing between candidates
    ("I can't do Tuesday, how about Thursday?", "en", "2026-12-03", None, None),
    ("move my tuesday appt to thursday", "en", "2026-12-03", None, None),
    ("not at 9, at 11 instead", "en", None, "11:00", None),
    ("tomorrow or friday", "en", "2026-12-03", None, None),
    # Spanish
    ("mañana", "es", "2026-12-03", None, None),
    ("manana a las 10", "es", "2026-12-03", "10:00", None),
    ("mañana por la mañana", "es", "2026-12-03", None, "morning"),
    ("por la mañana", "es", None, None, "morning"),
    ("en la mañana", "es", None, None, "morning"),
    ("pasado mañana", "es", "2026-12-04", None, None),
    ("hoy", "es", "2026-12-02", None, None),
    ("hoy en la tarde", "es", "2026-12-02", None, "afternoon"),
    ("el lunes", "es", "2026-12-07", None, None),
    ("el próximo martes", "es", "2026-12-08", None, None),
    ("el martes que viene", "es", "2026-12-08", None, None),
    ("el proximo viernes", "es", "2026-12-11", None, None),
    ("el viernes que viene", "es", "2026-12-11", None, None),
    ("this coming friday", "en", "2026-12-04", None, None),
    ("este viernes", "es", "2026-12-04", None, None),
    ("el viernes de la semana que viene", "es", "2026-12-11", None, None),
    ("miercoles", "es", "2026-12-09", None, None),
    ("el mie en la tarde", "es", "2026-12-09", None, "afternoon"),
    ("el 15", "es", "2026-12-15", None, None),
    ("el día 20", "es", "2026-12-20", None, None),
    ("el lunes 14", "es", "2026-12-14", None, None),
    ("10 de diciembre", "es", "2026-12-10", None, None),
    ("el diez de diciembre", "es", "2026-12-10", None, None),
    ("el 3 de enero", "es", "2027-01-03", None, None),
    ("12/10", "es", "2027-10-12", None, None),
    ("25/12", "es", "2026-12-25", None, None),
    ("a las 3", "es", None, "15:00", None),
    ("a las 10 de la mañana", "es", None, "10:00", "morning"),
    ("a las 8 de la noche", "es", None, "20:00", "evening"),
    ("a la una", "es", None, "13:00", None),
    ("a las 4 y media", "es", None, "16:30", None),
    ("el jueves a mediodía", "es", "2026-12-03", "12:00", None),
    ("por la tarde", "es", None, None, "afternoon"),
    ("x la tarde", "es", None, None, "afternoon"),
    ("por la noche", "es", None, None, "evening"),
    ("esta noche", "es", "2026-12-02", None, "evening"),
    ("mañana temprano", "es", "2026-12-03", None, "morning"),
    ("la semana que viene", "es", "2026-12-07", None, None),
    ("la próxima semana", "es", "2026-12-07", None, None),
    ("la semana q viene el jueves", "es", "2026-12-10", None, None),
    ("dentro de 2 semanas", "es", "2026-12-16", None, None),
    ("en 3 días", "es", "2026-12-05", None, None),
    ("ayer", "es", "2026-12-01", None, None),
    ("el lunes pasado", "es", "2026-11-30", None, None),
    ("después de las 4", "es", None, None, "evening"),
    ("antes de las 11", "es", None, None, "morning"),
    ("no puedo el lunes, mejor el miércoles", "es", "2026-12-09", None, None),
    ("el 22 a las 8 de la mañana", "es", "2026-12-22", "08:00", "morning"),
    ("necesito cancelar la cita de mañana", "es", "2026-12-03", None, None),
    ("¿me la pueden pasar para la tarde?", "es", None, None, "afternoon"),
    ("trabaja de lunes a viernes, mejor un sábado", "es", "2026-12-05", None, None),
    ("Buenos días, ¿tienen algo el viernes?", "es", "2026-12-04", None, None),
]


@pytest.mark.parametrize(("text", "language", "expected_date", "expected_time", "part"), CASES)
def test_resolves(text, language, expected_date, expected_time, part):
    got = resolve_when(text, now=NOW, language=language).as_json()
    assert got == {"date": expected_date, "time": expected_time, "part_of_day": part}


NOTHING = [
    ("my number is 617 555 0123", "en"),
    ("call me back at 617-555-0123", "en"),
    ("cell (857) 293-1142", "en"),
    ("I take 2 pills", "en"),
    ("I take 1/2 tablet of metoprolol", "en"),
    ("10 mg twice a day", "en"),
    ("born 3/4/1980", "en"),
    ("DOB 03/04/1980", "en"),
    ("my birthday is March 4 1980", "en"),
    ("my pain is 8/10", "en"),
    ("I've been sick for 3 days", "en"),
    ("I have 2 kids", "en"),
    ("what are your hours?", "en"),
    ("please call at once", "en"),
    ("type 2 diabetes, need a refill", "en"),
    ("I sat in the waiting room for 45 min", "en"),
    ("the office on the 2nd floor", "en"),
    ("is the line open 24/7?", "en"),
    ("member id 123456789", "en"),
    ("my 3 year old has a fever", "en"),
    ("at one point it hurt a lot", "en"),
    ("I may need a refill", "en"),
    ("tengo 45 años", "es"),
    ("mi número es 555-123-4567", "es"),
    ("tomo 2 pastillas", "es"),
    ("tengo diabetes tipo 2", "es"),
    ("fecha de nacimiento 4/3/1980", "es"),
]


@pytest.mark.parametrize(("text", "language"), NOTHING)
def test_numbers_that_are_not_dates_or_times(text, language):
    assert resolve_when(text, now=NOW, language=language).as_json() == {
        "date": None,
        "time": None,
        "part_of_day": None,
    }


@pytest.mark.parametrize(
    ("now", "text", "expected_date", "expected_time", "part"),
    [
        # the night the clocks go back, and the night they go forward
        (datetime(2026, 10, 31, 10, 0, tzinfo=NEW_YORK), "tomorrow at 2pm", "2026-11-01", "14:00", None),
        (datetime(2026, 10, 31, 23, 30, tzinfo=NEW_YORK), "next sunday at 9", "2026-11-08", "09:00", None),
        (datetime(2027, 3, 13, 21, 0, tzinfo=NEW_YORK), "tomorrow morning", "2027-03-14", None, "morning"),
        (datetime(2027, 3, 14, 1, 30, tzinfo=NEW_YORK), "today at 3", "2027-03-14", "15:00", None),
        # month and year rollovers
        (datetime(2026, 11, 5, 9, 0, tzinfo=NEW_YORK), "the 31st", "2026-12-31", None, None),
        (datetime(2027, 1, 31, 9, 0, tzinfo=NEW_YORK), "the 30th", "2027-03-30", None, None),
        (datetime(2026, 12, 30, 9, 0, tzinfo=NEW_YORK), "next week", "2027-01-04", None, None),
        (datetime(2026, 12, 30, 9, 0, tzinfo=NEW_YORK), "in a week", "2027-01-06", None, None),
        (datetime(2026, 12, 30, 9, 0, tzinfo=NEW_YORK), "the 2nd", "2027-01-02", None, None),
        (datetime(2026, 12, 31, 9, 0, tzinfo=NEW_YORK), "tomorrow", "2027-01-01", None, None),
        (datetime(2026, 12, 31, 9, 0, tzinfo=NEW_YORK), "el lunes", "2027-01-04", None, None),
        (datetime(2027, 2, 27, 9, 0, tzinfo=NEW_YORK), "Feb 29", "2028-02-29", None, None),
        (datetime(2026, 12, 2, 10, 0, tzinfo=NEW_YORK), "in 5 weeks", "2027-01-06", None, None),
        (datetime(2027, 1, 31, 9, 0, tzinfo=NEW_YORK), "in a month", "2027-02-28", None, None),
    ],
)
def test_rollovers_and_clock_changes(now, text, expected_date, expected_time, part):
    got = resolve_when(text, now=now).as_json()
    assert got == {"date": expected_date, "time": expected_time, "part_of_day": part}


def test_today_is_the_day_in_nows_own_time_zone():
    instant = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 21:00 on Dec 2 in New York
    assert resolve_when("today", now=instant).date.isoformat() == "2026-12-03"
    assert resolve_when("today", now=instant.astimezone(NEW_YORK)).date.isoformat() == "2026-12-02"


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        resolve_when("tomorrow", now=datetime(2026, 12, 2, 10, 0))


def test_empty_text_gives_an_empty_when():
    assert resolve_when("", now=NOW).as_json() == {"date": None, "time": None, "part_of_day": None}


def test_accuracy_counts_exact_matches_of_labelled_rows_only():
    rows = [
        {"text": "tomorrow at 2pm", "when": {"date": "2026-12-03", "time": "14:00", "part_of_day": None}},
        {
            "text": "por la tarde",
            "lang": "es",
            "when": {"date": None, "time": None, "part_of_day": "afternoon"},
        },
        {"text": "next friday", "when": {"date": "2026-12-04"}},  # labelled the other way: a miss
        {"text": "what are your hours?"},  # no label: not counted
    ]
    assert date_resolution_accuracy(rows, NOW) == pytest.approx(2 / 3)
    assert date_resolution_accuracy([], NOW) == 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), st.sampled_from(["en", "es"]))
def test_any_text_resolves_without_error(text, language):
    when = resolve_when(text, now=NOW, language=language)
    assert when.part_of_day in (None, "morning", "afternoon", "evening")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "at",
                "3",
                "pm",
                "the",
                "15th",
                "mañana",
                "por",
                "la",
                "12/10",
                "next",
                "friday",
                "in",
                "2",
                "weeks",
                "de",
                "diciembre",
                "el",
                "a",
                "las",
                ":",
                "30",
                "/",
                "-",
                "tonight",
                "before",
                "noon",
                "since",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_word_salad_of_date_words_resolves_without_error(text):
    for language in ("es", "en"):
        when = resolve_when(text, now=NOW, language=language)
        # Whatever the words, the answer keeps the contract's shape: a real date, a clock time, a known part.
        assert when.date is None or isinstance(when.date, date)
        assert when.time is None or isinstance(when.time, time)
        assert when.part_of_day in (None, *PARTS_OF_DAY)


def test_folding_plain_ascii_gives_what_folding_each_character_gives():
    """Plain ASCII takes a short cut; a non-ASCII character after each one makes `fold` take the long way."""
    every = "".join(chr(code) for code in range(128))
    assert fold(every) == "".join(fold(char + "é")[0] for char in every)
    assert fold("Dr. O`Neil ÑANDÚ") == "dr. o'neil nandu"
