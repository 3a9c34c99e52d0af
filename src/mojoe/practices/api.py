"""The practice, its locations and providers, as the token's practice sees them."""

from __future__ import annotations

from uuid import UUID

from ninja import Router, Schema

from mojoe.core.roles import Capability
from mojoe.core.schemas import Items
from mojoe.practices.models import Location, Provider

router = Router(tags=["practice"])


class PracticeOut(Schema):
    id: UUID
    name: str
    slug: str
    time_zone: str
    phone: str
    fax: str
    email: str
    website: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str
    country: str


class LocationOut(Schema):
    id: UUID
    name: str
    phone: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str
    active: bool


class ProviderOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    display_name: str
    credentials: str
    specialty: str
    npi: str
    active: bool
    location_ids: list[UUID]

    @staticmethod
    def resolve_location_ids(obj: Provider) -> list[UUID]:
        return [location.pk for location in obj.locations.all()]


@router.get("/practice", response=PracticeOut, summary="The token's practice")
def practice_detail(request):
    request.actor.require(Capability.VIEW_PRACTICE)
    return request.actor.practice


@router.get("/locations", response=Items[LocationOut])
def location_list(request):
    request.actor.require(Capability.VIEW_PRACTICE)
    return {"items": list(Location.objects.filter(practice=request.actor.practice))}


@router.get("/providers", response=Items[ProviderOut])
def provider_list(request, include_inactive: bool = False):
    request.actor.require(Capability.VIEW_PRACTICE)
    providers = Provider.objects.filter(practice=request.actor.practice).prefetch_related("locations")
    if not include_inactive:
        providers = providers.filter(active=True)
    return {"items": list(providers)}
