"""`mojoe nlu`: understand JSON lines `{"text": ...}` from standard input, one JSON line out per line in.

    echo '{"text": "can I come in tomorrow afternoon?"}' | mojoe nlu --now 2026-12-02T10:00 --tz America/New_York

A line that cannot be read is answered with `{"error": "..."}` so that answers stay in step with input.
"emergency" is the safety screen's (rules, then red flags: the 911 answer); a message only the learned net
suspects is "urgent" with `"possible_emergency": "learned net"` among its entities, as the assistant treats it.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from mojoe.assistant.nlu.engine import understand
from mojoe.assistant.red_flags import suspected_emergency
from mojoe.practices.demo_data import PRACTICE as DEMO_PRACTICE


class Command(BaseCommand):
    help = "Understand patient messages: JSON lines {'text': ...} on standard input, one JSON line out each."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="The current time, ISO 8601 (default: now).")
        parser.add_argument(
            "--tz", default=DEMO_PRACTICE["time_zone"], help="Time zone (default: the demo's)."
        )
        parser.add_argument("--practice", default="riverside", help="Match provider names of this practice.")

    def handle(self, *args, now=None, tz=None, practice=None, **options):
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"--tz {tz!r} is not a time zone such as America/New_York.") from None
        if now:
            try:
                current = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(
                    f"--now {now!r} is not an ISO 8601 time such as 2026-12-02T10:00."
                ) from None
            current = current.astimezone(zone) if current.tzinfo else current.replace(tzinfo=zone)
        else:
            current = timezone.now().astimezone(zone)
        providers, types = _known_names(practice)
        out = self.stdout
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                out.write(json.dumps({"error": 'Each line must be a JSON object like {"text": "..."}.'}))
                continue
            result = understand(text, now=current, providers=providers, appointment_types=types)
            answer = result.as_json()
            # What the assistant also does below the screen: the learned net's "possible emergency" (an ASAP
            # nurse task and the call-911-if answer), shown as an entity and at least "urgent".
            reason = None if result.urgency == "emergency" else suspected_emergency(text)
            if reason is not None:
                answer["urgency"] = "urgent"
                answer["entities"]["possible_emergency"] = reason
            out.write(json.dumps(answer, ensure_ascii=False, default=str))


def _known_names(slug: str):
    """The practice's providers and appointment types, to recognise them by name; none without a database."""
    from mojoe.practices.models import Provider
    from mojoe.scheduling.models import AppointmentType

    try:
        providers = [
            (p.pk, p.display_name) for p in Provider.objects.filter(practice__slug=slug, active=True)
        ]
        types = [(t.pk, t.name) for t in AppointmentType.objects.filter(practice__slug=slug, active=True)]
    except DatabaseError:
        return [], []
    return providers, types
