"""Signals of official documents, for the procedures that record their documents' numbers.

`signed_off(documents=[…])` is sent inside the sign-off's transaction once the documents are numbered:
a receiver's failure undoes the sign-off."""

from django.dispatch import Signal

signed_off = Signal()
