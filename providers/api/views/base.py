"""What every DPS API view shares beyond the kernel's API pieces (kernel.api): its 403 answer.

Every viewset reads through a `for_user` queryset (providers.api.querysets), so another
provider's row is simply absent and answers 404, exactly like a missing one. Detail actions
fetch the object before they read the body, so an outsider learns nothing from validation
errors either. Lookups by public id and the documented error answers are the kernel's
(`kernel.api.lookups.PublicIdLookup`, `kernel.api.schema`).
"""

from __future__ import annotations

from kernel.api.schema import error_response

FORBIDDEN = error_response("Your role does not allow this (for example, a provider reviewing).")
