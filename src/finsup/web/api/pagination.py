"""Page-number pagination with bounded input: a huge page number must answer 200 with no items
or 422, never overflow the database's integer range."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs):
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)
