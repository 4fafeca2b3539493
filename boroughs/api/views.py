from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from kernel.api.base import ScopedViewSetMixin

from .. import selectors, services
from ..choices import Role
from ..models import Borough, Invitation, Strand, User
from .permissions import HasRole
from .serializers import (
    BoroughSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    StrandSerializer,
    UserSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not found, or not yours to see.")


@extend_schema_view(retrieve=extend_schema(responses={200: BoroughSerializer, 404: NOT_FOUND}))
class BoroughViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Member boroughs you may see: your own, or the whole consortium for lead-borough roles."""

    queryset = Borough.objects.none()
    serializer_class = BoroughSerializer
    selector = selectors.borough_list
    lookup_field = "ons_code"
    filterset_fields = ["dfe_la_code"]


@extend_schema_view(retrieve=extend_schema(responses={200: StrandSerializer, 404: NOT_FOUND}))
class StrandViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Your consortium's commissioning strands and their member boroughs."""

    queryset = Strand.objects.none()
    serializer_class = StrandSerializer
    selector = selectors.strand_list
    lookup_field = "slug"
    filterset_fields = ["kind"]


@extend_schema_view(retrieve=extend_schema(responses={200: UserSerializer, 404: NOT_FOUND}))
class UserViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Users of your borough, or of the consortium for lead-borough roles."""

    queryset = User.objects.none()
    serializer_class = UserSerializer
    selector = selectors.user_list
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    filterset_fields = {"borough__ons_code": ["exact"], "role_assignments__role": ["exact"]}


@extend_schema_view(
    create=extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, 400: OpenApiResponse(description="Invalid input.")},
    ),
    retrieve=extend_schema(responses={200: InvitationSerializer, 404: NOT_FOUND}),
)
class InvitationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations for council staff. Consortium admins only."""

    action_rules = {
        "create": "boroughs.add_invitation",
    }

    queryset = Invitation.objects.none()
    serializer_class = InvitationSerializer
    selector = selectors.invitation_list
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    required_roles = (Role.CONSORTIUM_ADMIN,)
    filterset_fields = ["role"]

    def get_permissions(self):
        return [*super().get_permissions(), HasRole()]

    def create(self, request, *args, **kwargs):
        incoming = InvitationCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        invitation = services.invitation_create(actor=request.user, **incoming.validated_data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: UserSerializer})
@api_view(["GET"])
def me(request):
    """The signed-in user, their borough and roles."""
    return Response(UserSerializer(request.user).data)
