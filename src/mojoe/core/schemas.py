"""Shapes shared by every API router."""

from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class Items(Schema, Generic[T]):
    items: list[T]


class ErrorOut(Schema):
    detail: str
    code: str
