"""Answering patients' questions about the office (hours, address, parking, insurance…) from the practice's
own facts only.

The opening hours are not typed twice: they are the union of the active providers' weekly hours at each
location, with the practice's holidays. Everything else comes from the practice's details (address, phone,
fax, email, website), its `OfficeFacts` and its FAQ, which the owners edit in the settings. When a fact is
missing the answer says so and gives the practice's phone: nothing is made up.

Topic detection is in `office_topics.py` (its word lists in `office_words.py`) and the hours in
`office_hours.py`; this module loads the facts and writes the answer.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cached_property

import phonenumbers
from django.conf import settings

from mojoe.practices.models import Location, Practice
from mojoe.practices.office_hours import (
    DAY_NAMES,
    Closure,
    LocationHours,
    Span,
    format_closures,
    format_date,
    format_spans,
    format_week,
    language_code,
    office_hours,
)
from mojoe.practices.office_topics import (
    FAQ_PREFIX,
    accepted_line_for,
    accepted_lines,
    days_asked,
    find_topics,
    holiday_named,
    insurers_mentioned,
    normalize,
    services_named,
    split_lines,
)
from mojoe.practices.office_words import LANGUAGE_NAMES
from mojoe.practices.snapshot import PracticeSnapshot, practice_snapshot

__all__ = [
    "Closure",
    "LocationHours",
    "Span",
    "format_closures",
    "format_week",
    "office_hours",
    "office_info_answer",
    "office_info_topics",
]

# Three SMS segments of plain text are 3 × 153 characters. The dashes of the times and Spanish accents make a
# message Unicode (67 characters a segment), which phones join back into one message; either way the cap keeps
# an answer to a few screens, and what does not fit is left for a phone call.
MAX_ANSWER_CHARS = 459
MAX_LIST_CHARS = 260


def format_phone(e164: str) -> str:
    """(617) 555-0100 for a number of the default region, +44 20… for others; as stored if unreadable."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    local = phonenumbers.region_code_for_number(number) == settings.MOJOE_DEFAULT_PHONE_REGION
    style = phonenumbers.PhoneNumberFormat.NATIONAL if local else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def practice_phone(practice: Practice) -> tuple[str, str] | None:
    """(E.164, as people write it) for the practice's number, else its first office's, else None: the number
    the patient pages show to call."""
    e164 = practice.phone or (
        practice.locations.filter(active=True).exclude(phone="").values_list("phone", flat=True).first()
    )
    return (e164, format_phone(e164)) if e164 else None


def _address(obj) -> str:
    city_line = " ".join(
        part for part in (f"{obj.city}," if obj.city else "", obj.state, obj.postal_code) if part
    )
    parts = [obj.address_line1, obj.address_line2, city_line.rstrip(",")]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def _join_list(items: list[str], language: str, separator: str = ", ", limit: int = MAX_LIST_CHARS) -> str:
    """Items joined, cut (with "and more") before `limit` characters."""
    shown: list[str] = []
    for item in items:
        if shown and len(separator.join([*shown, item])) > limit:
            return (
                separator.join(shown)
                + separator
                + ("y más" if language_code(language) == "es" else "and more")
            )
        shown.append(item)
    return separator.join(shown)


# --- answers --------------------------------------------------------------------------------------------

# What each topic is called when the practice has not filled it in.
MISSING_LABELS = {
    "en": {
        "hours": "opening hours",
        "after_hours": "after-hours instructions",
        "address": "address",
        "directions": "directions",
        "parking": "parking information",
        "phone": "phone number",
        "fax": "fax number",
        "email": "email address",
        "website": "website",
        "insurance": "list of accepted insurance",
        "services": "list of services",
        "languages": "languages spoken",
    },
    "es": {
        "hours": "el horario",
        "after_hours": "qué hacer fuera de horario",
        "address": "la dirección",
        "directions": "cómo llegar",
        "parking": "el estacionamiento",
        "phone": "el teléfono",
        "fax": "el fax",
        "email": "el correo electrónico",
        "website": "el sitio web",
        "insurance": "los seguros aceptados",
        "services": "los servicios",
        "languages": "los idiomas",
    },
}

PHRASES = {
    "en": {
        "hours": "Our hours: {week}.",
        "hours_at": "{name}: {week}.",
        "closures": "Closed {closures}.",
        "day_open": "{day} we're open {spans}.",
        "day_open_at": "{name} {spans}",
        "day_closed_at": "{name} closed",
        "day_list": "{day}: {places}.",
        "day_closed": "{day} we're closed.",
        "day_holiday": "{day} we're closed ({name}).",
        "holiday": "We're closed on {name} ({date}).",
        "today": "Today",
        "tomorrow": "Tomorrow",
        "on_day": "On {day}",
        "address": "We're at {address}.",
        "addresses": "Our offices: {addresses}.",
        "directions": "Directions: {text}",
        "parking": "Parking: {text}",
        "phone": "Our phone number is {phone}.",
        "phone_at": "{name}: {phone}.",
        "fax": "Our fax number is {fax}.",
        "email": "Our email address is {email}.",
        "website": "Our website is {website}.",
        "insurance_yes": "Yes, {name} is on our list of accepted insurance{line}; the front desk confirms "
        "your specific plan when you book.",
        "insurance_no": "{name} isn't on our list of accepted insurance, but the front desk can confirm{at}.",
        "at_phone": " at {phone}",
        "insurance_list": "We accept {plans}. The front desk can confirm your specific plan.",
        "services": "We offer: {services}.",
        "services_yes": "Yes, we offer {services}.",
        "languages": "Our staff speak {languages}.",
        "after_hours": "When we're closed: {text}",
        "emergency": "For an emergency, call 911.",
        "missing": "I don't have our {topics} on file. {reach}",
        "reach_phone": "Please call us at {phone}.",
        "reach_desk": "Please ask our front desk.",
        "more": "For more, call us at {phone}.",
        "and": " or ",
    },
    "es": {
        "hours": "Nuestro horario: {week}.",
        "hours_at": "{name}: {week}.",
        "closures": "Cerrado: {closures}.",
        "day_open": "{day} abrimos {spans}.",
        "day_open_at": "{name} {spans}",
        "day_closed_at": "{name} cerrado",
        "day_list": "{day}: {places}.",
        "day_closed": "{day} está cerrado.",
        "day_holiday": "{day} está cerrado ({name}).",
        "holiday": "Cerramos el día de {name} ({date}).",
        "today": "Hoy",
        "tomorrow": "Mañana",
        "on_day": "El {day}",
        "address": "Estamos en {address}.",
        "addresses": "Nuestras oficinas: {addresses}.",
        "directions": "Cómo llegar: {text}",
        "parking": "Estacionamiento: {text}",
        "phone": "Nuestro teléfono es {phone}.",
        "phone_at": "{name}: {phone}.",
        "fax": "Nuestro número de fax es {fax}.",
        "email": "Nuestro correo electrónico es {email}.",
        "website": "Nuestro sitio web es {website}.",
        "insurance_yes": "Sí, {name} está en nuestra lista de seguros aceptados{line}; la recepción "
        "confirma su plan al hacer la cita.",
        "insurance_no": "{name} no está en nuestra lista de seguros aceptados, pero la recepción puede "
        "confirmarlo{at}.",
        "at_phone": " al {phone}",
        "insurance_list": "Aceptamos {plans}. La recepción puede confirmar su plan.",
        "services": "Ofrecemos: {services}.",
        "services_yes": "Sí, ofrecemos {services}.",
        "languages": "Nuestro personal habla {languages}.",
        "after_hours": "Cuando estamos cerrados: {text}",
        "emergency": "En una emergencia, llame al 911.",
        "missing": "No tengo esa información ({topics}). {reach}",
        "reach_phone": "Por favor llámenos al {phone}.",
        "reach_desk": "Por favor pregunte en la recepción.",
        "more": "Para más información, llámenos al {phone}.",
        "and": ", ",
    },
}


class _Answerer:
    """Everything one answer needs, loaded once and only when a topic needs it."""

    def __init__(
        self, *, practice: Practice, text: str, language: str, now: datetime, snapshot: PracticeSnapshot
    ):
        self.practice = practice
        self.text = text
        self.language = language_code(language)
        self.now = now
        self.snapshot = snapshot
        self.facts = snapshot.facts
        self.faq = {str(entry.pk): entry for entry in snapshot.faq}
        self.phrases = PHRASES[self.language]

    def say(self, key: str, **values) -> str:
        return self.phrases[key].format(**values)

    @property
    def locations(self) -> tuple[Location, ...]:
        return self.snapshot.locations

    @cached_property
    def phone(self) -> str:
        """The practice's number as people write it, else its first office's; "" when there is none."""
        e164 = self.practice.phone or next((loc.phone for loc in self.locations if loc.phone), "")
        return format_phone(e164) if e164 else ""

    def reach(self) -> str:
        return self.say("reach_phone", phone=self.phone) if self.phone else self.say("reach_desk")

    def fact(self, name: str) -> str:
        """A free-text fact in the answer's language, the English text when the Spanish one is empty."""
        spanish = getattr(self.facts, f"{name}_es", "") if self.language == "es" else ""
        return (spanish or getattr(self.facts, name, "") or "").strip()

    # Each answer returns its sentence, or None when the practice has not filled the fact in.

    def hours(self) -> str | None:
        hours = office_hours(self.practice, now=self.now, snapshot=self.snapshot)
        if not hours:
            return None
        today = self.now.astimezone(self.practice.tz).date()
        named = self._named_holidays(today)
        if named:
            return " ".join(named)
        relative, weekdays = days_asked(self.text)
        if relative or weekdays:
            return self._days(hours, today, relative, weekdays)
        if len(hours) == 1:
            sentences = [self.say("hours", week=format_week(hours[0].week, self.language))]
        else:
            sentences = [
                self.say("hours_at", name=h.name, week=format_week(h.week, self.language)) for h in hours
            ]
        if hours[0].closures:
            sentences.append(self.say("closures", closures=format_closures(hours[0].closures, self.language)))
        return " ".join(sentences)

    def _named_holidays(self, today: date) -> list[str]:
        """ "Are you open on Thanksgiving?" answered from the holidays of the coming year, if it is one."""
        last = today + timedelta(days=366)
        coming = [(day, name) for day, name in self.snapshot.holidays if today <= day <= last]
        wanted = set(holiday_named(self.text, {name for _day, name in coming}))
        sentences, said = [], set()
        for day, name in coming:
            if name in wanted and name not in said:
                said.add(name)
                sentences.append(self.say("holiday", name=name, date=format_date(day, self.language)))
        return sentences

    def _days(self, hours: list[LocationHours], today: date, relative: list[str], weekdays: list[int]) -> str:
        closures = {closure.day: closure.name for closure in hours[0].closures}
        asked: list[tuple[str, date]] = []
        for word in relative:
            day = today + timedelta(days=0 if word == "today" else 1)
            label = self.say(word)
            asked.append((f"{label} ({format_date(day, self.language)})" if day in closures else label, day))
        for weekday in weekdays:
            day = today + timedelta(days=(weekday - today.weekday()) % 7)
            if all(day != other for _label, other in asked):
                asked.append((self.say("on_day", day=DAY_NAMES[self.language][weekday]), day))
        sentences = []
        for label, day in asked:
            if day in closures:
                sentences.append(self.say("day_holiday", day=label, name=closures[day]))
                continue
            open_at = [(h.name, h.week[day.weekday()]) for h in hours if h.week[day.weekday()]]
            if not open_at:
                sentences.append(self.say("day_closed", day=label))
            elif len(hours) == 1:
                sentences.append(
                    self.say("day_open", day=label, spans=format_spans(open_at[0][1], self.language))
                )
            else:
                places = [
                    self.say(
                        "day_open_at", name=h.name, spans=format_spans(h.week[day.weekday()], self.language)
                    )
                    if h.week[day.weekday()]
                    else self.say("day_closed_at", name=h.name)
                    for h in hours
                ]
                sentences.append(self.say("day_list", day=label, places="; ".join(places)))
        return " ".join(sentences)

    def address(self) -> str | None:
        located = [(loc.name, _address(loc)) for loc in self.locations if loc.address_line1]
        if len(located) > 1:
            return self.say("addresses", addresses="; ".join(f"{name}, {addr}" for name, addr in located))
        address = located[0][1] if located else _address(self.practice) if self.practice.address_line1 else ""
        return self.say("address", address=address) if address else None

    def directions(self) -> str | None:
        text = self.fact("directions")
        return self.say("directions", text=text) if text else None

    def parking(self) -> str | None:
        text = self.fact("parking")
        return self.say("parking", text=text) if text else None

    def phone_number(self) -> str | None:
        if not self.phone:
            return None
        sentences = [self.say("phone", phone=self.phone)]
        main = self.practice.phone
        others = [loc for loc in self.locations if loc.phone and loc.phone != main]
        if main and others:
            sentences += [
                self.say("phone_at", name=loc.name, phone=format_phone(loc.phone)) for loc in others
            ]
        return " ".join(sentences)

    def fax(self) -> str | None:
        return self.say("fax", fax=format_phone(self.practice.fax)) if self.practice.fax else None

    def email(self) -> str | None:
        return self.say("email", email=self.practice.email) if self.practice.email else None

    def website(self) -> str | None:
        return self.say("website", website=self.practice.website) if self.practice.website else None

    def insurance(self) -> str | None:
        accepted = accepted_lines(self.facts)
        mentions = insurers_mentioned(self.text, accepted)
        if not accepted:
            return None
        if not mentions:
            return self.say("insurance_list", plans=_join_list(accepted, self.language))
        sentences = []
        for mention in mentions:
            line = accepted_line_for(mention, accepted)
            if line:
                # The practice's own line when it says more than the name ("Aetna (PPO and HMO)").
                detail = f" ({line})" if normalize(line) != normalize(mention.name) else ""
                sentences.append(self.say("insurance_yes", name=mention.name, line=detail))
            else:
                at = self.say("at_phone", phone=self.phone) if self.phone else ""
                sentences.append(self.say("insurance_no", name=mention.name, at=at))
        return " ".join(sentences)

    def services(self) -> str | None:
        english = split_lines(self.facts.services)
        if not english:
            return None
        spanish = split_lines(self.facts.services_es)
        # The Spanish list is a translation line by line; one of another length cannot be matched to it.
        translated = len(spanish) == len(english)
        shown = spanish if self.language == "es" and translated else english
        named = set(services_named(self.text, english))
        if translated:
            named |= set(services_named(self.text, spanish))
        if named:
            return self.say("services_yes", services="; ".join(shown[index] for index in sorted(named)))
        # Service names often hold commas ("Chronic care: diabetes, asthma"): semicolons keep them apart.
        return self.say("services", services=_join_list(shown, self.language, separator="; "))

    def languages(self) -> str | None:
        spoken = split_lines(self.facts.languages_spoken)
        if not spoken:
            return None
        column = 1 if self.language == "es" else 0
        names = [LANGUAGE_NAMES.get(normalize(name), (name, name))[column] for name in spoken]
        return self.say("languages", languages=_join_list(names, self.language))

    def after_hours(self) -> str | None:
        text = self.fact("after_hours")
        if not text:
            return None
        answer = self.say("after_hours", text=text)
        return answer if "911" in text else f"{answer} {self.say('emergency')}"

    def faq_answer(self, entry_id: str) -> str | None:
        entry = self.faq.get(entry_id)
        if entry is None:
            return None
        return ((entry.answer_es if self.language == "es" else "") or entry.answer).strip()

    def answer(self, topic: str) -> str | None:
        if topic.startswith(FAQ_PREFIX):
            return self.faq_answer(topic.removeprefix(FAQ_PREFIX))
        answers = {
            "hours": self.hours,
            "after_hours": self.after_hours,
            "address": self.address,
            "directions": self.directions,
            "parking": self.parking,
            "phone": self.phone_number,
            "fax": self.fax,
            "email": self.email,
            "website": self.website,
            "insurance": self.insurance,
            "services": self.services,
            "languages": self.languages,
        }
        return answers[topic]()

    def compose(self, topics: list[str]) -> str:
        """The answers of `topics` in order, then one sentence for the ones the practice has not filled in;
        what would pass MAX_ANSWER_CHARS is left for a phone call."""
        parts: list[str] = []
        missing: list[str] = []
        left_out = False
        for topic in topics:
            part = self.answer(topic)
            if part is None:
                if not topic.startswith(FAQ_PREFIX):
                    missing.append(MISSING_LABELS[self.language][topic])
                continue
            if parts and len(" ".join([*parts, part])) > MAX_ANSWER_CHARS:
                left_out = True
                continue
            parts.append(part)
        if missing:
            parts.append(self.say("missing", topics=self.phrases["and"].join(missing), reach=self.reach()))
        elif left_out and self.phone:
            parts.append(self.say("more", phone=self.phone))
        return " ".join(parts)


def office_info_topics(
    text: str,
    language: str = "en",
    *,
    practice: Practice | None = None,
    snapshot: PracticeSnapshot | None = None,
) -> list[str]:
    """Which office topics `text` asks about: "hours", "after_hours", "address", "directions", "parking",
    "phone", "fax", "email", "website", "insurance", "services", "languages", and "faq:<id>" for the
    practice's own FAQ entries (first, best match first). Empty when it asks about none.

    Without `practice` only the built-in topics are looked for; with it, its FAQ, insurers and services
    too, from its snapshot (`snapshot` when the caller has it already).
    """
    if practice is None:
        return find_topics(text, language_code(language))
    snapshot = snapshot or practice_snapshot(practice)
    return find_topics(text, language_code(language), faq=snapshot.faq, facts=snapshot.facts)


def office_info_answer(
    *,
    practice: Practice,
    text: str,
    language: str = "en",
    now: datetime,
    snapshot: PracticeSnapshot | None = None,
    topics: list[str] | None = None,
) -> str | None:
    """A short answer in `language` ("en" or "es") to a patient's question about the office, from the
    practice's facts only, or None when `text` asks about no office topic (the caller decides what to do).
    `topics` are `office_info_topics(text, …)` when the caller has them already.

    A topic the practice has not filled in is answered with the practice's phone number; an insurer that is
    not on the accepted list is "not on our list, the front desk can confirm", never a plain no.
    """
    snapshot = snapshot or practice_snapshot(practice)
    if topics is None:
        topics = find_topics(text, language_code(language), faq=snapshot.faq, facts=snapshot.facts)
    if not topics:
        return None
    answerer = _Answerer(practice=practice, text=text, language=language, now=now, snapshot=snapshot)
    return answerer.compose(topics)
