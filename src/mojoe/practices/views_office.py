"""The office information page: what the assistant tells patients about the office, and the practice's FAQ.

The opening hours shown here are not edited here: they come from the providers' weekly hours and the
holidays, so the page shows them as the assistant will say them, with links to where they are changed. A
"try a question" box runs the assistant's own answer function on the saved facts.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mojoe.core.roles import Capability
from mojoe.core.tenancy import get_in_practice
from mojoe.practices import services
from mojoe.practices.forms import FaqEntryForm, OfficeFactsForm
from mojoe.practices.models import FaqEntry, OfficeFacts
from mojoe.practices.office import format_closures, format_week, office_hours, office_info_answer
from mojoe.practices.views import form_page, posted
from mojoe.ui.context import staff_page

CONFIGURE = Capability.CONFIGURE_PRACTICE
# A question typed to try the assistant: long enough for any real question, not a way to post an essay.
TRIAL_MAX_LENGTH = 500


def _hours_preview(practice, now) -> dict:
    hours = office_hours(practice, now=now)
    return {
        "locations": [
            {"name": h.name, "en": format_week(h.week, "en"), "es": format_week(h.week, "es")} for h in hours
        ],
        "closures": format_closures(hours[0].closures, "en") if hours else "",
    }


def _trial(request, practice, now) -> dict | None:
    """The assistant's answer to the question typed in the "try a question" box, if one was."""
    question = request.GET.get("question", "").strip()[:TRIAL_MAX_LENGTH]
    if not question or request.method != "GET":
        return None
    language = "es" if request.GET.get("language") == "es" else "en"
    answer = office_info_answer(practice=practice, text=question, language=language, now=now)
    return {"question": question, "language": language, "answer": answer}


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def office(request):
    practice = request.practice
    facts = OfficeFacts.objects.filter(practice=practice).first()
    form = OfficeFactsForm(posted(request), instance=facts)
    now = timezone.now()
    return form_page(
        request,
        form=form,
        save=lambda data: services.office_facts_update(actor=request.actor, **data),
        done="The office information is saved; the assistant answers from it now.",
        success_url=reverse("practices:office"),
        template="practices/office.html",
        context={
            "title": "Office information",
            "section": "office",
            "hours": _hours_preview(practice, now),
            "faq": FaqEntry.objects.filter(practice=practice).order_by("position", "created_at"),
            "trial": _trial(request, practice, now),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_page(CONFIGURE)
def faq_edit(request, entry_id=None):
    entry = get_in_practice(FaqEntry, request.actor, entry_id, label="question") if entry_id else None
    form = FaqEntryForm(posted(request), instance=entry)
    return form_page(
        request,
        form=form,
        save=lambda data: services.faq_entry_save(actor=request.actor, entry=entry, data=data),
        done="The question is saved.",
        success_url=reverse("practices:office") + "#faq",
        context={
            "title": "Edit a question" if entry else "New question",
            "section": "office",
            "back": reverse("practices:office") + "#faq",
        },
    )


@require_POST
@staff_page(CONFIGURE)
def faq_remove(request, entry_id):
    entry = get_in_practice(FaqEntry, request.actor, entry_id, label="question")
    services.faq_entry_remove(actor=request.actor, entry=entry)
    messages.success(request, f"“{entry.question}” is removed from the FAQ.")
    return redirect(reverse("practices:office") + "#faq")
