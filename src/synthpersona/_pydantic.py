"""pydantic models whose validators may raise synthpersona errors.

:class:`~synthpersona.errors.InputError` is also a :class:`ValueError` (scikit-learn
expects that), and pydantic turns every ``ValueError`` raised in a validator into its
own ``ValidationError``. :class:`Model` undoes that for the library's models: when a
validator raised a :class:`~synthpersona.errors.SynthPersonaError`, constructing or
validating the model raises that error itself, with its code, message and details,
as callers (and the API's error handler) expect.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ValidationError

from synthpersona.errors import SynthPersonaError

__all__ = ["Model", "original_error"]


def original_error(exc: ValidationError | Any) -> SynthPersonaError | None:
    """The first synthpersona error a validator raised inside ``exc``, if any.

    Works on pydantic's ``ValidationError`` and on anything with the same ``errors()``
    (FastAPI's ``RequestValidationError``).
    """
    for err in exc.errors():
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, SynthPersonaError):
            return cause
    return None


class Model(BaseModel):
    """``BaseModel`` that lets a validator's synthpersona error through unchanged.

    Examples
    --------
    >>> from pydantic import field_validator
    >>> from synthpersona.errors import InputError
    >>> class Pick(Model):
    ...     name: str
    ...
    ...     @field_validator("name")
    ...     @classmethod
    ...     def _known(cls, v: str) -> str:
    ...         if v != "a":
    ...             raise InputError(f"unknown name {v!r}; allowed: 'a'")
    ...         return v
    >>> try:
    ...     Pick(name="b")
    ... except InputError as err:
    ...     print(err.message)
    unknown name 'b'; allowed: 'a'
    """

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise original_error(exc) or exc from None

    @classmethod
    def model_validate(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(*args, **kwargs)
        except ValidationError as exc:
            raise original_error(exc) or exc from None

    @classmethod
    def model_validate_json(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(*args, **kwargs)
        except ValidationError as exc:
            raise original_error(exc) or exc from None
