"""The outbox page: what Mojoe sent (or, in the embedded default, would have sent) for this practice.

With the console SMS provider (the default: no Twilio account) the page also lets an owner or administrator
text the practice as a patient would: the text goes through the same path as Twilio's webhook (stored once,
answered by the assistant, replies queued in the outbox and delivered by the console adapter), so the whole
SMS channel can be tried without a phone.
"""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mojoe.core.errors import MojoeError
from mojoe.core.roles import Capability, Role
from mojoe.core.validators import normalize_phone
from mojoe.messaging.attachments import MAX_BYTES, IncomingAttachment
from mojoe.messaging.models import Conversation, ConversationChannel, OutboxMessage
from mojoe.messaging.services import MAX_MESSAGE_LENGTH
from mojoe.messaging.sms import sms_receive
from mojoe.ui.context import staff_page

PAGE_SIZE = 50


class PatientTextForm(forms.Form):
    """A text as a patient would send it to the practice's number."""

    from_number = forms.CharField(
        label="From (the patient's mobile number)",
        max_length=32,
        help_text="A demo patient's number is recognised as theirs; any other starts as someone new.",
    )
    body = forms.CharField(
        label="Message",
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Hi, I need to reschedule my appointment"}),
    )
    picture = forms.FileField(
        label="Picture (optional)",
        required=False,
        help_text="Sent with the text as an MMS would be: a picture or PDF is kept for staff to look at.",
    )

    def clean_from_number(self) -> str:
        number = normalize_phone(self.cleaned_data["from_number"])
        if not number:
            raise ValidationError("Give the number the text comes from.")
        return number

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("picture"):
            raise ValidationError("Write a message, attach a picture, or both.")
        return data

    def attachments(self) -> list[IncomingAttachment]:
        picture = self.cleaned_data.get("picture")
        if not picture:
            return []
        # One byte past the limit is enough to refuse it (messaging.attachments keeps nothing larger).
        content = picture.read(MAX_BYTES + 1)
        return [
            IncomingAttachment(
                content_type=picture.content_type or "", content=content, filename=picture.name
            )
        ]


def _texting_enabled() -> bool:
    # With a real provider, replies would go to real phones: then patients text the practice's number.
    return settings.MOJOE_SMS_PROVIDER == "console"


def _render(request, form, *, status: int = 200):
    rows = OutboxMessage.objects.filter(practice=request.practice).order_by("-created_at")
    if request.actor.role != Role.OWNER:
        # A message meant for one role (an owner invitation) is a working credential; others do not see it.
        rows = rows.filter(audience_role__in=["", request.actor.role])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"nav": "outbox", "page": page, "tz": request.practice.tz, "text_form": form}
    return render(request, "messaging/outbox.html", context, status=status)


def _initial_number(practice) -> str:
    """The number of the practice's latest text conversation: trying the demo continues where it stopped."""
    latest = (
        Conversation.objects.filter(practice=practice, channel=ConversationChannel.SMS)
        .order_by("-last_message_at")
        .values_list("address", flat=True)
        .first()
    )
    return latest or ""


@require_GET
@staff_page(Capability.CONFIGURE_PRACTICE)
def outbox(request):
    """Newest first, with full bodies (invitation links must be usable from here when email goes nowhere),
    each with its delivery: status, tries, the last error and the provider's id."""
    form = None
    if _texting_enabled():
        form = PatientTextForm(initial={"from_number": _initial_number(request.practice)})
    return _render(request, form)


@require_POST
@staff_page(Capability.CONFIGURE_PRACTICE)
def outbox_text(request):
    """POST /outbox/text: the "Text the practice as a patient" form (console SMS provider only).

    No signature here: a signed-in owner or administrator is acting, and nothing leaves the server.
    """
    if not _texting_enabled():
        raise Http404("Texting the practice from this page is only for the console SMS provider.")
    form = PatientTextForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, status=400)
    number = form.cleaned_data["from_number"]
    try:
        replies = sms_receive(
            practice=request.practice,
            sender=number,
            body=form.cleaned_data["body"],
            provider_id=f"console-in-{uuid.uuid4().hex}",
            attachments=form.attachments(),
        )
    except MojoeError as error:
        form.add_error("body", error.detail)
        return _render(request, form, status=error.status)
    if replies:
        flash.success(
            request, f"Text from {number} received; the assistant's answer is at the top of the list."
        )
    else:
        flash.success(
            request,
            f"Text from {number} received; no automatic answer (staff have the conversation, or the number opted out).",
        )
    return redirect("messaging:outbox")
