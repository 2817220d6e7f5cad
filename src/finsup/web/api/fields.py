"""The types of what a client files (a filing's or a survey answer's fields) and of its texts: only
what the database can store, and said in the schema so that a client can know it."""

from decimal import Decimal
from typing import Annotated

from ninja import Field
from pydantic import AfterValidator

NO_NUL = "^[^\\x00]*$"


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL characters and unpaired surrogates in text and JSON.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode") from None
    return value


def Text(max_length: int):  # noqa: N802 - a type factory
    # The schema says what _storable refuses (a NUL), so that a client can know it; a string with an
    # unpaired surrogate cannot be written in a schema and is not valid Unicode anyway.
    return Annotated[
        str, Field(max_length=max_length, json_schema_extra={"pattern": NO_NUL}), AfterValidator(_storable)
    ]


# A figure: a JSON number (bounded, so that no input overflows a database column) or its text.
Number = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=40, decimal_places=20, ge=-(10**18), le=10**18)]
FieldValue = Number | Text(2000) | None
FieldId = Annotated[str, Field(max_length=64), AfterValidator(_storable)]
