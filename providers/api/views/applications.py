"""Applications in the API, with their workflow (submit, review, clarify, accredit, reject), and
their clarification questions. Writes call providers.services; its domain errors become
400/403/409 in kernel.api.base.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from kernel.api.base import ScopedViewSetMixin
from kernel.api.lookups import PublicIdLookup
from kernel.api.schema import INVALID, NOT_FOUND, WRONG_STATE, error_response

from ... import services
from ...models import Application, Clarification
from .. import querysets, serializers
from .base import FORBIDDEN


def problems_by_field(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for field, message in problems:
        grouped.setdefault(field, []).append(message)
    return grouped


def _transition_schema(summary: str, request=None, *, reviewer_only: bool = True):
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            200: serializers.ApplicationSerializer,
            400: INVALID,
            403: FORBIDDEN
            if reviewer_only
            else error_response("Only the provider's own users may."),
            404: NOT_FOUND,
            409: WRONG_STATE,
        },
    )


@extend_schema_view(
    retrieve=extend_schema(responses={200: serializers.ApplicationSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        request=serializers.ApplicationCreateSerializer,
        responses={201: serializers.ApplicationSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
    partial_update=extend_schema(
        request=serializers.ApplicationUpdateSerializer,
        responses={
            200: serializers.ApplicationSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: error_response("The application is no longer a draft."),
        },
    ),
)
class ApplicationViewSet(
    PublicIdLookup,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Applications to lots of a DPS, and their journey:
    draft → submitted → under review ⇄ clarification requested → accredited | rejected.

    Providers start, change (while a draft) and submit their own; lead-borough commissioners
    and consortium admins review them. A wrong status answers 409.
    """

    action_rules = {
        "create": "providers.add_application",
        "partial_update": "providers.change_application",
        "submit": "providers.change_application",
        "prices": "providers.change_application",
        "documents": "providers.change_application",
        "start_review": "providers.review_application",
        "request_clarification": "providers.review_application",
        "accredit": "providers.review_application",
        "reject": "providers.review_application",
    }

    queryset = Application.objects.none()
    serializer_class = serializers.ApplicationSerializer
    selector = querysets.application_rows
    filterset_fields = ["status"]

    def create(self, request, *args, **kwargs):
        incoming = serializers.ApplicationCreateSerializer(
            data=request.data, context={"request": request}
        )
        incoming.is_valid(raise_exception=True)
        application = services.application_start(actor=request.user, **incoming.validated_data)
        return Response(self._show(application), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        incoming = serializers.ApplicationUpdateSerializer(
            data=request.data, application=application, context={"request": request}
        )
        incoming.is_valid(raise_exception=True)
        services.application_update(
            actor=request.user, application=application, **incoming.service_arguments()
        )
        return Response(self._show(application))

    def _show(self, application: Application) -> dict:
        return self.get_serializer(self.fresh(application)).data

    def _move(self, service, body=None) -> Response:
        application = self.get_object()
        arguments = {}
        if body is not None:
            incoming = body(data=self.request.data)
            incoming.is_valid(raise_exception=True)
            arguments = incoming.validated_data
        service(actor=self.request.user, application=application, **arguments)
        return Response(self._show(application))

    @_transition_schema("Submit a complete draft", reviewer_only=False)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """A 409 lists every problem that stops the submission, by field: the draft as it
        stands refuses, not this (empty) request."""
        application = self.get_object()
        try:
            services.application_submit(actor=request.user, application=application)
        except services.ApplicationIncomplete as incomplete:
            return Response(problems_by_field(incomplete.problems), status=409)
        return Response(self._show(application))

    @_transition_schema("Start reviewing a submitted application")
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, *args, **kwargs):
        return self._move(services.application_start_review)

    @_transition_schema("Ask the provider a question", serializers.QuestionSerializer)
    @action(detail=True, methods=["post"], url_path="request-clarification")
    def request_clarification(self, request, *args, **kwargs):
        return self._move(services.clarification_request, serializers.QuestionSerializer)

    @_transition_schema(
        "Accredit: enrol every priced setting on its lot", serializers.ReasonSerializer
    )
    @action(detail=True, methods=["post"])
    def accredit(self, request, *args, **kwargs):
        return self._move(services.application_accredit, serializers.ReasonSerializer)

    @_transition_schema("Reject, with a reason", serializers.RequiredReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        return self._move(services.application_reject, serializers.RequiredReasonSerializer)

    @extend_schema(
        summary="Set a setting's weekly ceiling rate on a lot",
        request=serializers.PriceLineInputSerializer,
        responses={
            200: OpenApiResponse(
                serializers.PriceLineSerializer, description="The line was replaced."
            ),
            201: OpenApiResponse(
                serializers.PriceLineSerializer, description="The line was added."
            ),
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: error_response("The application is no longer a draft."),
        },
    )
    @action(detail=True, methods=["post"])
    def prices(self, request, *args, **kwargs):
        application = self.get_object()
        incoming = serializers.PriceLineInputSerializer(
            data=request.data, application=application, context={"request": request}
        )
        incoming.is_valid(raise_exception=True)
        rates = dict(incoming.validated_data)
        setting, lot = rates.pop("setting"), rates.pop("lot")
        existed = application.prices.filter(setting=setting, lot=lot).exists()
        line = services.price_line_set(
            actor=request.user, application=application, setting=setting, lot=lot, **rates
        )
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(serializers.PriceLineSerializer(line).data, status=answer)

    @extend_schema(
        methods=["GET"],
        summary="The application's evidence documents",
        responses={200: serializers.DocumentSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Upload an evidence document",
        request={"multipart/form-data": serializers.DocumentUploadSerializer},
        responses={
            201: serializers.DocumentSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: error_response(
                "Documents can be added only to a draft or while a clarification is open."
            ),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
        pagination_class=None,
    )
    def documents(self, request, *args, **kwargs):
        application = self.get_object()
        if request.method == "GET":
            rows = querysets.document_rows(actor=request.user).filter(application=application)
            return Response(serializers.DocumentSerializer(rows, many=True).data)
        incoming = serializers.DocumentUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        document = services.evidence_upload(
            actor=request.user,
            application=application,
            evidence_type=incoming.validated_data["evidence_type"],
            uploaded_file=incoming.validated_data["file"],
            expires_on=incoming.validated_data.get("expires_on"),
        )
        return Response(
            serializers.DocumentSerializer(document).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    retrieve=extend_schema(responses={200: serializers.ClarificationSerializer, 404: NOT_FOUND})
)
class ClarificationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reviewers' questions to providers and their answers."""

    action_rules = {
        "answer": "providers.answer_clarification",
    }

    queryset = Clarification.objects.none()
    serializer_class = serializers.ClarificationSerializer
    selector = querysets.clarification_rows
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    @extend_schema(
        summary="Answer the question; when none is left open the review resumes",
        request=serializers.AnswerSerializer,
        responses={
            200: serializers.ClarificationSerializer,
            400: INVALID,
            403: error_response("Only the provider's own users may answer."),
            404: NOT_FOUND,
            409: error_response("The question has already been answered."),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        clarification = self.get_object()
        incoming = serializers.AnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.clarification_answer(
            actor=request.user, clarification=clarification, **incoming.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=clarification.pk)).data)
