"""Keeping every lookup inside the acting practice: another practice's id is simply not found."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from mojoe.core.context import Actor
from mojoe.core.errors import NotFound

M = TypeVar("M", bound=models.Model)


def get_in_practice(model: type[M], actor: Actor, pk, *, label: str | None = None, queryset=None) -> M:
    qs = queryset if queryset is not None else model.objects.all()
    try:
        obj = qs.filter(practice=actor.practice, pk=pk).first()
    except (ValueError, ValidationError):  # a malformed id is simply not found
        obj = None
    if obj is None:
        name = label or model._meta.verbose_name
        raise NotFound(f"No such {name} in this practice.", code=f"{model._meta.model_name}_not_found")
    return obj


def get_optional_in_practice(model: type[M], actor: Actor, pk, **kwargs) -> M | None:
    return None if pk is None else get_in_practice(model, actor, pk, **kwargs)
