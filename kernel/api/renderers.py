"""Renderers for the API's downloads."""

from rest_framework import renderers


class AnyFileRenderer(renderers.JSONRenderer):
    """Lets a download be asked for with any Accept header (application/pdf, text/csv); its
    refusals are still JSON."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:  # what it renders is JSON, whatever the client accepted
            response["Content-Type"] = "application/json"
        return super().render(data, accepted_media_type, renderer_context)
