from mojoe.core.roles import Capability


def workspace(request):
    """What the navigation needs: the practice, the role's capabilities, whether there is a practice to switch to."""
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    return {
        "practice": actor.practice,
        "membership": request.membership,
        "can": {
            "configure": actor.can(Capability.CONFIGURE_PRACTICE),
            "manage_schedule": actor.can(Capability.MANAGE_SCHEDULE),
            "edit_patients": actor.can(Capability.EDIT_PATIENTS),
            "manage_waitlist": actor.can(Capability.MANAGE_WAITLIST),
        },
        "several_practices": request.user.memberships.filter(active=True).count() > 1,
    }
