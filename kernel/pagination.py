"""List pages a page at a time (`?page=`): a list page's cost must not grow with its rows.

Page links keep the page's other query parameters through `{% load pagination %}`
(kernel/templatetags/pagination.py).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25  # rows a list page shows: a screenful of a wide table


def paginate(request, rows, size: int = PAGE_SIZE, *, count: int | None = None) -> Page:
    """One page of a list (?page=); past the end, the last page, and the first for nonsense.

    `count`, when the caller already knows how many rows there are (a cached total), saves the
    COUNT(*) over them, the costliest query of a long list.
    """
    paginator = Paginator(rows, size)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this is its cached value
    return paginator.get_page(request.GET.get("page"))
