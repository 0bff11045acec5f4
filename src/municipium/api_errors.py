"""The API's one error shape, declared on every operation so the OpenAPI document shows it."""

from __future__ import annotations

from ninja import Schema


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[ErrorItem] | None = None


# 404 covers an unknown organisation; 422 a request that does not fit the schema.
PUBLIC_ERRORS: dict[int, type[Schema]] = {404: ErrorOut, 422: ErrorOut}
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}
