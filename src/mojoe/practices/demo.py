"""The demo practice, Riverside Family Medicine: staff, hours, 300 synthetic patients and seven weeks of visits.

Everything here is made up (the tables are in demo_data.py). Telephone numbers come from the 555-01xx range that
is reserved for fiction, e-mail addresses from example.com and example.org. The patients come from a random
generator with a fixed seed, so every install has the same people; the visits are laid out around today
(four weeks back, three ahead), so the schedule always has a past and a future.

The staff share one password, generated on the first run and kept in the data directory, so that the login
can be printed again on every later run; there is no fixed password in the code.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mojoe.core.models import User
from mojoe.core.roles import Role
from mojoe.core.validators import validate_npi
from mojoe.patients.models import ContactChannel, Patient, Sex, fold
from mojoe.practices.demo_data import (
    CANCELLATION_REASONS,
    CITIES,
    FAMILY_EN,
    FAMILY_ES,
    FAQ,
    FEMALE_EN,
    FEMALE_ES,
    HOURS,
    LOCATIONS,
    MALE_EN,
    MALE_ES,
    NICKNAMES,
    OFFICE_FACTS,
    PATIENT_AREA_CODES,
    PRACTICE,
    PROVIDERS,
    STAFF,
    STREETS,
    TYPES,
)
from mojoe.practices.models import ApiToken, FaqEntry, Location, Membership, OfficeFacts, Practice, Provider
from mojoe.scheduling import engine
from mojoe.scheduling.models import (
    RELEASED_STATUSES,
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    ExceptionKind,
    Holiday,
    SourceChannel,
)
from mojoe.scheduling.selectors import provider_calendars, slot_query_for

SLUG = "riverside"
# Where `mojoe run` listens (the same variables it reads), for the printed links.
BASE_URL = f"http://{os.environ.get('MOJOE_HOST', '127.0.0.1')}:{os.environ.get('MOJOE_PORT', '8000')}"
LOGIN_URL = f"{BASE_URL}/"  # the staff workspace; configuration is also in the admin
API_URL = f"{BASE_URL}/api/v1/practice"
CREDENTIALS_FILE = "demo-credentials.json"
TOKEN_NAME = "demo"
SEED = 20260401  # any fixed number: the same patients on every install
PATIENT_COUNT = 300
PAST_DAYS, FUTURE_DAYS = 28, 21


class DemoError(Exception):
    """The demo cannot be set up as asked; the message says what to do."""


@dataclass
class DemoResult:
    practice: Practice
    owner: User
    password: str | None  # None when the credentials file is missing or no longer matches (credentials only)
    token: str | None  # None with credentials_only: no new token is issued then
    created: bool


def seed_demo(*, stdout=None, credentials_only: bool = False) -> DemoResult | None:
    """Create the demo practice if it is missing, make sure its staff can sign in, and print the login.

    Idempotent: an existing demo practice is never changed, only its staff accounts are repaired (created,
    reactivated, given the demo password again) and the owner gets a new API token, the previous demo token
    being revoked. With `credentials_only`, nothing is written at all: the login is printed, and None is
    returned when there is no demo practice (an install that does not want the demo never gets one).
    """
    if credentials_only:
        return _print_existing_login(stdout)
    password = _demo_password()
    with transaction.atomic():
        practice = Practice.objects.filter(slug=SLUG).first()
        created = practice is None
        if created:
            practice = _create_practice()
        staff = _ensure_staff(practice, password, stdout)
        if created:
            rng = random.Random(SEED)
            patients = _create_patients(practice, rng)
            visits = _create_appointments(practice, patients, staff, rng, timezone.now())
            _say(
                stdout, f"{practice.name}: demo practice created ({len(patients)} patients, {visits} visits)."
            )
            _seed_text_conversation(practice, stdout)
        else:
            _say(stdout, f"{practice.name}: the demo practice is already here; its data was left as it is.")
        owner = staff["owner"]
        ApiToken.objects.filter(user=owner, practice=practice, name=TOKEN_NAME, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        _token, raw = ApiToken.issue(user=owner, practice=practice, name=TOKEN_NAME)
    result = DemoResult(practice=practice, owner=owner, password=password, token=raw, created=created)
    _print_login(stdout, result, [name for name in staff if name != "owner"])
    return result


# --- a text conversation ---------------------------------------------------------------------------------

SMS_NUMBER = "+16175550199"  # the practice's texting number, from the range reserved for fiction
TEXTS = ("Hi, I need to reschedule my appointment", "{birth_date}")


def _seed_text_conversation(practice: Practice, stdout) -> None:
    """A patient texts to reschedule and the assistant answers, so that the outbox and the conversations
    are not empty. The texts take the real path (`sms_receive`, as from Twilio's webhook) and the replies
    are delivered by the console adapter at once. Only with the console SMS provider: the demo's numbers
    are fictional and nothing may be texted to them for real.
    """
    from mojoe.messaging.models import OutboxMessage, OutboxStatus
    from mojoe.messaging.outbox import outbox_deliver
    from mojoe.messaging.sms import sms_receive

    if not Practice.objects.filter(sms_number=SMS_NUMBER).exists():
        practice.sms_number = SMS_NUMBER
        practice.save(update_fields=["sms_number", "updated_at"])
    if settings.MOJOE_SMS_PROVIDER != "console":
        return
    now = timezone.now()
    patient = (
        Patient.objects.filter(
            practice=practice,
            consent_sms=True,
            appointments__status=AppointmentStatus.BOOKED,
            appointments__start__gt=now + timedelta(days=1),
        )
        .exclude(phone_mobile="")
        .order_by("mrn")
        .first()
    )
    if patient is None:
        return
    for number, text in enumerate(TEXTS, start=1):
        body = text.format(birth_date=patient.birth_date.strftime("%m/%d/%Y"))
        sms_receive(
            practice=practice, sender=patient.phone_mobile, body=body, provider_id=f"demo-sms-{number}"
        )
    queued = OutboxMessage.objects.filter(practice=practice, status=OutboxStatus.QUEUED).order_by(
        "created_at"
    )
    for pk in queued.values_list("pk", flat=True):
        outbox_deliver(pk)
    _say(
        stdout, f"A patient texted {SMS_NUMBER} to reschedule: the answers are on the outbox page (/outbox/)."
    )


# --- output ----------------------------------------------------------------------------------------------


def _say(stdout, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _print_login(stdout, result: DemoResult, others: list[str]) -> None:
    _say(stdout, f"Sign in at {LOGIN_URL}")
    _say(stdout, f"  username: {result.owner.username}")
    _say(stdout, f"  password: {result.password}")
    if others:
        _say(stdout, f"Other staff accounts, same password: {', '.join(others)}")
    if result.token:
        _say(stdout, f"API token for {result.owner.username} (shown once; earlier demo tokens are revoked):")
        _say(stdout, f"  {result.token}")
        _say(stdout, f'  try: curl -H "Authorization: Bearer {result.token}" {API_URL}')
    else:
        _say(stdout, "API token: `mojoe demo` issues a new one.")


def _print_existing_login(stdout) -> DemoResult | None:
    practice = Practice.objects.filter(slug=SLUG).first()
    owner = (
        User.objects.filter(username="owner", memberships__practice=practice).first() if practice else None
    )
    if owner is None:
        _say(stdout, "No demo practice in this database; `mojoe demo` creates one.")
        return None
    password = _demo_password(create=False)
    if password is None or not check_password(password, owner.password):
        # Printing a password that no longer works would only send people to a failing login.
        password = None
        _say(stdout, "The demo password on file no longer matches; `mojoe demo` sets it again.")
    result = DemoResult(practice=practice, owner=owner, password=password, token=None, created=False)
    members = set(Membership.objects.filter(practice=practice).values_list("user__username", flat=True))
    _print_login(stdout, result, [name for name, *_ in STAFF[1:] if name in members])
    return result


# --- credentials and staff -------------------------------------------------------------------------------


def _demo_password(*, create: bool = True) -> str | None:
    """The install's demo password, made on first use and kept in a file only its owner may read."""
    path = Path(settings.DATA_DIR) / CREDENTIALS_FILE
    if create:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            password = secrets.token_urlsafe(12)
            with os.fdopen(fd, "w") as handle:
                json.dump({"username": "owner", "password": password}, handle)
            return password
    if not path.exists():
        return None
    os.chmod(path, 0o600)  # a copy restored from a backup may have come back readable by everyone
    try:
        return str(json.loads(path.read_text())["password"])
    except (ValueError, KeyError, TypeError):
        raise DemoError(f"{path} is not a demo credentials file; remove it and run the demo again.") from None


def _is_someone_else(user: User, practice: Practice) -> bool:
    """A real account that happens to carry a demo username (a superuser called admin): never take it over."""
    return user.is_superuser or user.is_staff or user.memberships.exclude(practice=practice).exists()


def _ensure_staff(practice: Practice, password: str, stdout) -> dict[str, User]:
    """The demo accounts, active, members with their role, signing in with the demo password."""
    hashed = ""
    matching: set[str] = set()  # stored hashes known to match: one check covers all staff sharing a hash
    staff: dict[str, User] = {}
    for username, role, first_name, last_name in STAFF:
        user = User.objects.filter(username=username).first()
        if user is not None and _is_someone_else(user, practice):
            if role == Role.OWNER:
                raise DemoError(f"An account named {username!r} already exists and is not a demo account.")
            _say(stdout, f"Left the existing account {username!r} alone: it is not a demo account.")
            continue
        if user is None:
            user = User(username=username, first_name=first_name, last_name=last_name,
                        email=f"{username}@riverside.example.org")  # fmt: skip
        if user.password not in matching and not check_password(password, user.password):
            hashed = hashed or make_password(password)
            user.password = hashed
        matching.add(user.password)
        user.is_active = True
        user.save()
        membership, _ = Membership.objects.get_or_create(
            user=user, practice=practice, defaults={"role": role}
        )
        if membership.role != role or not membership.active:
            membership.role, membership.active = role, True
            membership.save(update_fields=["role", "active", "updated_at"])
        staff[username] = user
    return staff


# --- the practice ----------------------------------------------------------------------------------------


def _npi(first_nine: str) -> str:
    """A valid NPI from its first nine digits: the check digit the validator accepts."""
    for digit in "0123456789":
        try:
            validate_npi(first_nine + digit)
        except ValidationError:
            continue
        return first_nine + digit
    raise ValueError(first_nine)


def _hhmm(value: str) -> time:
    return time.fromisoformat(value)


def _create_practice() -> Practice:
    practice = Practice(slug=SLUG, **PRACTICE)
    practice.full_clean()
    practice.save()
    locations = {}
    for key, fields in LOCATIONS.items():
        locations[key] = Location(practice=practice, **fields)
        locations[key].full_clean()
        locations[key].save()
    providers = {}
    for key, given, family, credentials, specialty, stem in PROVIDERS:
        provider = Provider(practice=practice, given_name=given, family_name=family, credentials=credentials,
                            specialty=specialty, npi=_npi(stem))  # fmt: skip
        provider.full_clean()
        provider.save()
        provider.locations.set({locations[site] for _days, site, _blocks in HOURS[key]})
        providers[key] = provider
    for spec in TYPES:
        appointment_type = AppointmentType(
            practice=practice, name=spec.name, duration_minutes=spec.duration,
            slot_interval_minutes=spec.interval, buffer_before_minutes=spec.buffer_before,
            buffer_after_minutes=spec.buffer_after, min_notice_minutes=spec.min_notice,
            horizon_days=spec.horizon, bookable_online=spec.online,
            new_patients_allowed=spec.audience != "established", color=spec.color,
        )  # fmt: skip
        appointment_type.full_clean()
        appointment_type.save()
        appointment_type.providers.set([providers[key] for key in spec.providers])
    AvailabilityRule.objects.bulk_create(
        AvailabilityRule(
            practice=practice,
            provider=providers[key],
            location=locations[site],
            weekday=day,
            start_time=_hhmm(start),
            end_time=_hhmm(end),
        )
        for key, plan in HOURS.items()
        for days, site, blocks in plan
        for day in days
        for start, end in blocks
    )
    today = timezone.now().astimezone(practice.tz).date()
    Holiday.objects.bulk_create(
        Holiday(practice=practice, date=day, name=name) for day, name in _holidays(today)
    )
    # Dr. Hartwell is at a conference on Wednesday and Thursday of next week.
    wednesday = today + timedelta(days=7 + (2 - today.weekday()) % 7)
    AvailabilityException.objects.create(
        practice=practice,
        provider=providers["hartwell"],
        kind=ExceptionKind.TIME_OFF,
        start=engine.local_to_utc(wednesday, time.min, practice.tz),
        end=engine.local_to_utc(wednesday + timedelta(days=2), time.min, practice.tz),
        reason="Medical conference (CME)",
    )
    _create_office_facts(practice)
    return practice


def _create_office_facts(practice: Practice) -> None:
    """What the assistant tells patients about the office: parking, directions, insurance, services, FAQ."""
    facts = OfficeFacts(practice=practice, **OFFICE_FACTS)
    facts.full_clean()
    facts.save()
    for position, (question, answer, question_es, answer_es) in enumerate(FAQ, start=1):
        entry = FaqEntry(practice=practice, question=question, answer=answer, question_es=question_es,
                         answer_es=answer_es, position=position)  # fmt: skip
        entry.full_clean()
        entry.save()


def _holidays(today: date) -> list[tuple[date, str]]:
    """New Year's Day, Thanksgiving and Christmas in every year the demo's schedule and horizons reach."""
    days = []
    for year in range((today - timedelta(days=PAST_DAYS)).year, (today + timedelta(days=366)).year + 1):
        november_first = date(year, 11, 1)
        thanksgiving = november_first + timedelta(days=(3 - november_first.weekday()) % 7 + 21)
        days += [(date(year, 1, 1), "New Year's Day"), (thanksgiving, "Thanksgiving"),
                 (date(year, 12, 25), "Christmas Day")]  # fmt: skip
    return days


# --- patients --------------------------------------------------------------------------------------------


def _age(rng: random.Random) -> int:
    low, high = rng.choices(((0, 17), (18, 39), (40, 64), (65, 94)), weights=(20, 30, 32, 18))[0]
    return rng.randint(low, high)


def _create_patients(practice: Practice, rng: random.Random) -> list[Patient]:
    today = timezone.now().astimezone(practice.tz).date()
    phones = [f"+1{area}55501{n:02d}" for area in PATIENT_AREA_CODES for n in range(100)]
    rng.shuffle(phones)
    emails: set[str] = set()
    patients = []
    for number in range(1, PATIENT_COUNT + 1):
        hispanic = rng.random() < 0.3
        sex = rng.choices((Sex.FEMALE, Sex.MALE, Sex.OTHER, Sex.UNKNOWN), weights=(51, 46, 2, 1))[0]
        female = sex == Sex.FEMALE or (sex != Sex.MALE and rng.random() < 0.5)
        given = rng.choice(
            (FEMALE_ES if female else MALE_ES) if hispanic else (FEMALE_EN if female else MALE_EN)
        )
        family = rng.choice(FAMILY_ES if hispanic else FAMILY_EN)
        age = _age(rng)
        birth_date = date(today.year - age, 1, 1) + timedelta(days=rng.randrange(365))
        if birth_date > today:
            birth_date = date(today.year - age - 1, 1, 1) + timedelta(days=rng.randrange(365))
        mobile = phones.pop() if rng.random() < 0.92 else ""
        home = phones.pop() if not mobile or (age >= 60 and rng.random() < 0.6) else ""
        email = ""
        if age >= 16 and rng.random() < 0.75:
            email = _unique_email(fold(given), fold(family), rng, emails)
        consent_sms = bool(mobile) and rng.random() < 0.85
        consent_email = bool(email) and rng.random() < 0.8
        consent_voice = rng.random() < 0.9
        # The channel they prefer is one they agreed to; older patients lean towards a phone call.
        agreed = [c for c, ok in ((ContactChannel.SMS, consent_sms), (ContactChannel.EMAIL, consent_email),
                                   (ContactChannel.VOICE, consent_voice)) if ok]  # fmt: skip
        if age >= 70 and consent_voice:
            agreed.insert(0, ContactChannel.VOICE)
        city, postal_code = rng.choice(CITIES)
        patients.append(
            Patient(
                practice=practice,
                mrn=f"RV{100000 + number}",
                given_name=given,
                middle_name=rng.choice(FEMALE_EN if female else MALE_EN) if rng.random() < 0.2 else "",
                family_name=family,
                preferred_name=NICKNAMES.get(given, "") if rng.random() < 0.4 else "",
                birth_date=birth_date,
                sex=sex,
                phone_mobile=mobile,
                phone_home=home,
                email=email,
                address_line1=f"{rng.randint(1, 420)} {rng.choice(STREETS)}",
                address_line2=f"Apt {rng.randint(1, 6)}{rng.choice('ABCD')}" if rng.random() < 0.25 else "",
                city=city,
                state="MA",
                postal_code=postal_code,
                preferred_language="es" if hispanic and rng.random() < 0.55 else "en",
                preferred_channel=agreed[0] if agreed else ContactChannel.NONE,
                consent_sms=consent_sms,
                consent_email=consent_email,
                consent_voice=consent_voice,
                # bulk_create skips Patient.save(), which keeps these search columns.
                search_given=fold(given)[:100],
                search_family=fold(family)[:100],
            )
        )
    return Patient.objects.bulk_create(patients)


def _unique_email(given: str, family: str, rng: random.Random, taken: set[str]) -> str:
    local = re.sub(r"[^a-z0-9.]", "", f"{given}.{family}")
    domain = rng.choice(("example.com", "example.org"))
    candidate = f"{local}@{domain}"
    while candidate in taken:
        candidate = f"{local}{rng.randint(2, 99)}@{domain}"
    taken.add(candidate)
    return candidate


# --- appointments ----------------------------------------------------------------------------------------


class _Book:
    """Who may be booked next, and the patients' times already held, while the schedule is being filled."""

    def __init__(self, patients: list[Patient], rng: random.Random):
        self.rng = rng
        self.all = [p.pk for p in patients]
        self.unseen = list(self.all)  # never booked: the ones a new-patient visit is for
        self.established: list = []  # had a visit on an earlier day
        self.seen_today: list = []
        self.held: dict = {}  # patient -> [(start, end)] of appointments that hold time
        self.visits: dict = {}  # patient -> how many appointments, whatever became of them

    def pick(self, audience: str, start: datetime, end: datetime):
        pool = {"new": self.unseen, "established": self.established}.get(audience, self.all)
        if not pool:
            return None
        # Of a few random patients, the free one booked least: visits spread over the whole panel.
        candidates = [pool[self.rng.randrange(len(pool))] for _ in range(3)]
        free = [p for p in candidates if all(end <= s or start >= e for s, e in self.held.get(p, ()))]
        return min(free, key=lambda p: self.visits.get(p, 0), default=None)

    def record(self, patient_id, start: datetime, end: datetime, status: str) -> None:
        if patient_id in self.unseen:
            self.unseen.remove(patient_id)
        self.visits[patient_id] = self.visits.get(patient_id, 0) + 1
        if status not in RELEASED_STATUSES:
            self.held.setdefault(patient_id, []).append((start, end))
        if status in (AppointmentStatus.FULFILLED, AppointmentStatus.CHECKED_IN):
            self.seen_today.append(patient_id)

    def end_of_day(self) -> None:
        # A visit makes a patient established from the next day on, so a follow-up never precedes it.
        known = set(self.established)
        self.established += [p for p in dict.fromkeys(self.seen_today) if p not in known]
        self.seen_today = []


def _fill_rate(rng: random.Random, day: date, today: date) -> float:
    """Past days were 50-65% full; the future fills less the further it is."""
    if day <= today:
        return rng.uniform(0.5, 0.65)
    return max(0.3, rng.uniform(0.55, 0.68) - 0.1 * ((day - today).days // 7))


def _create_appointments(
    practice: Practice, patients: list[Patient], staff: dict[str, User], rng: random.Random, now: datetime
) -> int:
    """Fill about 60% of the schedule from four weeks ago to three weeks ahead, from the engine's free slots.

    Rows are bulk-inserted rather than booked through the service: the service refuses past times and would
    write one transaction per visit. Every start still comes from `engine.provider_slots` over the hours,
    holidays and time off the selectors load, with the visits placed so far counted as busy, so nothing
    overlaps. Min notice is left out, as these visits were booked at various earlier times.
    """
    tz = practice.tz
    today = now.astimezone(tz).date()
    first, last = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    types = list(AppointmentType.objects.filter(practice=practice).prefetch_related("providers"))
    specs = {spec.name: spec for spec in TYPES}
    queries = {
        t.pk: replace(
            slot_query_for(practice=practice, appointment_type=t, start_date=first, end_date=last, now=now),
            now=engine.local_to_utc(first, time.min, tz),
            min_notice=timedelta(0),
            horizon=None,
        )
        for t in types
    }
    providers = list(Provider.objects.filter(practice=practice))
    calendars = provider_calendars(practice=practice, providers=providers, query=queries[types[0].pk])
    offered = {p.pk: [t for t in types if p in t.providers.all()] for p in providers}
    book = _Book(patients, rng)
    rows: list[Appointment] = []
    day = first
    while day <= last:
        # The day's busy times, with margin for buffers, keep each search small.
        opens = engine.local_to_utc(day, time.min, tz) - timedelta(hours=6)
        closes = engine.local_to_utc(day + timedelta(days=1), time.min, tz) + timedelta(hours=6)
        day_queries = {pk: replace(q, start_date=day, end_date=day) for pk, q in queries.items()}
        for calendar in calendars:
            day_calendar = replace(
                calendar, busy=[i for i in calendar.busy if i.end > opens and i.start < closes]
            )
            windows = engine.working_windows(day_calendar, day_queries[types[0].pk])
            open_minutes = sum((w.end - w.start).total_seconds() for w in windows) / 60
            target, held = open_minutes * _fill_rate(rng, day, today), 0
            # A future visit was booked before today, so no further ahead than its type's horizon allowed.
            kinds = [t for t in offered[calendar.provider_id] if t.horizon_days >= (day - today).days]
            weights = [specs[t.name].weight for t in kinds]
            for _attempt in range(80):
                if held >= target:
                    break
                kind = rng.choices(kinds, weights=weights)[0]
                slots = engine.provider_slots(day_calendar, day_queries[kind.pk])
                if not slots:
                    continue
                slot = rng.choice(slots)
                patient_id = book.pick(specs[kind.name].audience, slot.start, slot.end)
                if patient_id is None:
                    continue
                visit = _appointment(practice, kind, specs[kind.name], slot, patient_id, staff, rng, now)
                rows.append(visit)
                book.record(patient_id, visit.start, visit.end, visit.status)
                if visit.status not in RELEASED_STATUSES:
                    day_calendar.busy.append(engine.Interval(visit.busy_start, visit.busy_end))
                    held += kind.duration_minutes
        book.end_of_day()
        day += timedelta(days=1)
    Appointment.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _appointment(practice, kind, spec, slot, patient_id, staff, rng, now) -> Appointment:
    """One visit at `slot`, with the status and history a visit at that time would have by now."""
    channels = (SourceChannel.STAFF, SourceChannel.VOICE, SourceChannel.ONLINE, SourceChannel.SMS)
    channel = rng.choices(channels, weights=(45, 25, 20, 10) if spec.online else (60, 40, 0, 0))[0]
    desk = staff.get(rng.choice(("frontdesk", "secretary")))
    nurse = staff.get("nurse")
    visit = Appointment(
        practice=practice, patient_id=patient_id, provider_id=slot.provider_id,
        location_id=slot.location_id, appointment_type=kind, start=slot.start, end=slot.end,
        busy_start=slot.start - timedelta(minutes=kind.buffer_before_minutes),
        busy_end=slot.end + timedelta(minutes=kind.buffer_after_minutes),
        source_channel=channel, reason=rng.choice(spec.reasons),
        booked_by=desk if channel == SourceChannel.STAFF else None,
    )  # fmt: skip
    roll = rng.random()
    if slot.end <= now:
        if roll < 0.08:
            _cancel(visit, rng, now, desk)
        elif roll < 0.14:
            visit.status, visit.status_changed_by = AppointmentStatus.NOSHOW, desk
        else:
            visit.status, visit.status_changed_by = AppointmentStatus.FULFILLED, nurse
            visit.checked_in_at = slot.start - timedelta(minutes=rng.randint(2, 15))
            visit.completed_at = min(now, slot.end + timedelta(minutes=rng.randint(0, 20)))
    elif slot.start <= now:
        visit.status, visit.status_changed_by = AppointmentStatus.CHECKED_IN, desk
        visit.checked_in_at = slot.start - timedelta(minutes=rng.randint(2, 15))
    elif roll < 0.1:
        _cancel(visit, rng, now, desk)
    else:
        visit.status = AppointmentStatus.BOOKED
    return visit


def _cancel(visit: Appointment, rng: random.Random, now: datetime, by: User | None) -> None:
    visit.status, visit.status_changed_by, visit.cancelled_by = AppointmentStatus.CANCELLED, by, by
    visit.cancellation_reason = rng.choice(CANCELLATION_REASONS)
    visit.cancelled_at = min(now, visit.start) - timedelta(hours=rng.randint(2, 96))
