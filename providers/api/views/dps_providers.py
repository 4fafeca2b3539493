"""DPSs and their lots, providers, and providers' settings in the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from kernel.api.base import ScopedViewSetMixin
from kernel.api.lookups import PublicIdLookup
from kernel.api.schema import INVALID, NOT_FOUND

from ... import services
from ...models import DynamicPurchasingSystem, Provider, Setting
from .. import querysets, serializers
from .base import FORBIDDEN


@extend_schema_view(
    retrieve=extend_schema(responses={200: serializers.DPSSerializer, 404: NOT_FOUND})
)
class DPSViewSet(PublicIdLookup, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Dynamic purchasing systems (and dynamic markets) with their lots: open to every provider."""

    queryset = DynamicPurchasingSystem.objects.none()
    serializer_class = serializers.DPSSerializer
    selector = querysets.dps_rows
    filterset_fields = ["regime"]


@extend_schema_view(
    retrieve=extend_schema(responses={200: serializers.ProviderSerializer, 404: NOT_FOUND})
)
class ProviderViewSet(PublicIdLookup, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Provider organisations: a provider sees its own; council staff see every provider."""

    queryset = Provider.objects.none()
    serializer_class = serializers.ProviderSerializer
    selector = querysets.provider_rows


# --- Settings ----------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        responses={201: serializers.SettingSerializer, 400: INVALID, 403: FORBIDDEN}
    ),
    retrieve=extend_schema(responses={200: serializers.SettingSerializer, 404: NOT_FOUND}),
    update=extend_schema(
        responses={200: serializers.SettingSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
    partial_update=extend_schema(
        responses={200: serializers.SettingSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
)
class SettingViewSet(
    PublicIdLookup,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Schools, colleges and homes. Providers add and change their own; council staff read all.

    Settings are not deleted: price lines and enrolments point at them.
    """

    action_rules = {
        "create": "providers.add_setting",
        "update": "providers.change_setting",
        "partial_update": "providers.change_setting",
    }

    queryset = Setting.objects.none()
    serializer_class = serializers.SettingSerializer
    selector = querysets.setting_rows
    filterset_class = querysets.SettingFilter

    def perform_create(self, serializer):
        serializer.instance = services.setting_save(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.setting_save(
            actor=self.request.user, setting=serializer.instance, **serializer.validated_data
        )
