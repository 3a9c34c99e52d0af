"""Settings → Routing: which team gets each kind of task in this practice (owners and administrators)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mojoe.core.errors import MojoeError
from mojoe.core.roles import Capability
from mojoe.inbox.models import Team
from mojoe.inbox.routing import ROUTABLE_KINDS, default_team, routing_rules_get, routing_rules_save
from mojoe.ui.context import staff_page


def _render(request, chosen: dict[str, str], *, error: MojoeError | None = None):
    labels = dict(Team.choices)
    rows = [
        {
            "kind": kind,
            "label": label,
            "chosen": chosen.get(kind, ""),
            "default_label": labels[default_team(kind)],
        }
        for kind, label in ROUTABLE_KINDS.items()
    ]
    context = {"nav": "settings", "section": "routing", "rows": rows, "teams": Team.choices, "error": error}
    return render(request, "inbox/routing_rules.html", context, status=error.status if error else 200)


@require_http_methods(["GET", "POST"])
@staff_page(Capability.CONFIGURE_PRACTICE)
def routing_rules(request):
    if request.method == "GET":
        return _render(request, routing_rules_get(practice=request.practice))
    # Every kind on the page is posted; one that is missing keeps its rule rather than losing it.
    teams = {kind: request.POST[kind] for kind in ROUTABLE_KINDS if kind in request.POST}
    try:
        routing_rules_save(actor=request.actor, teams=teams)
    except MojoeError as error:
        # Show what the person chose, so that fixing one choice does not mean redoing the others.
        return _render(request, {**routing_rules_get(practice=request.practice), **teams}, error=error)
    messages.success(request, "Routing saved. New tasks go to these teams from now on.")
    return redirect("routing:rules")
