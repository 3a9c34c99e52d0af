"""The staff patient pages: search, the patient's record, registering and editing.

Views parse the request, call the patient selectors (which scope to the practice and audit every read) and
services (which hold the rules and audit every write), and render. Forms are plain HTML posts that work
without JavaScript; the search box also updates its results live through htmx.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mojoe.core.errors import Conflict, InvalidInput
from mojoe.core.roles import Capability
from mojoe.patients import selectors, services
from mojoe.patients.forms import NewPatientForm, PatientForm
from mojoe.ui.context import staff_page


@require_GET
@staff_page(Capability.VIEW_PATIENTS)
def search(request):
    """Find a patient by name, date of birth, phone or MRN; htmx asks for the results table alone."""
    query = request.GET.get("q", "").strip()
    patients, hint = [], ""
    if query:
        try:
            patients = selectors.patient_search(actor=request.actor, query=query)
        except InvalidInput as error:  # too short to search: say so instead of an error page
            hint = error.detail
    # A history restore needs the whole page back, not the fragment.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "nav": "patients",
        "query": query,
        "patients": patients,
        "hint": hint,
        "limit": selectors.MAX_RESULTS,
        "partial": partial,
    }
    return render(request, "patients/_results.html" if partial else "patients/search.html", context)


@require_GET
@staff_page(Capability.VIEW_PATIENTS)
def detail(request, patient_id):
    record = selectors.patient_record(actor=request.actor, patient_id=patient_id)
    return render(request, "patients/detail.html", {"nav": "patients", "record": record})


def _form_page(request, form, *, patient=None, status=200):
    return render(
        request, "patients/form.html", {"nav": "patients", "form": form, "patient": patient}, status=status
    )


@require_http_methods(["GET", "POST"])
@staff_page(Capability.EDIT_PATIENTS)
def edit(request, patient_id):
    # Showing the form is a read of the record; a post's audit event is the update itself.
    patient = selectors.patient_get(actor=request.actor, patient_id=patient_id, audit=request.method == "GET")
    form = PatientForm.for_patient(patient, data=request.POST if request.method == "POST" else None)
    if request.method == "GET":
        return _form_page(request, form, patient=patient)
    if form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, "Nothing was changed.")
            return redirect("patients:detail", patient_id=patient.pk)
        try:
            services.patient_update(actor=request.actor, patient=patient, **changes)
        except (InvalidInput, Conflict) as error:
            form.add_service_error(error)
            # The service set the refused values on this instance; the page header shows the stored ones.
            patient.refresh_from_db()
            return _form_page(request, form, patient=patient, status=error.status)
        messages.success(request, f"{patient.full_name}'s record is saved.")
        return redirect("patients:detail", patient_id=patient.pk)
    return _form_page(request, form, patient=patient, status=422)


@require_http_methods(["GET", "POST"])
@staff_page(Capability.EDIT_PATIENTS)
def create(request):
    if request.method == "GET":
        return _form_page(request, NewPatientForm())
    form = NewPatientForm(data=request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=422)
    try:
        patient = services.patient_create(actor=request.actor, **form.cleaned_data)
    except (InvalidInput, Conflict) as error:
        form.add_service_error(error)
        return _form_page(request, form, status=error.status)
    messages.success(request, f"{patient.full_name} is registered with MRN {patient.mrn}.")
    return redirect("patients:detail", patient_id=patient.pk)
