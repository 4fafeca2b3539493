"""Tenant-owned rows read from presentation code without the scope fail loudly (boroughs.tenancy),
and every tenant-owned model, whatever its foreign key is called, is scoped (boroughs.E001)."""

import pytest
from django.db import models
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import isolate_apps
from django.views.generic import ListView

from boroughs.checks import tenancy_problems, tenant_owned_models
from boroughs.tenancy import TenantQuerySet
from kernel.tenancy import UnscopedQuery
from placements.models import Child, FeeChange, Placement, PlacementRequest

pytestmark = pytest.mark.django_db


def _written_in(module: str, source: str):
    """A function compiled as if it were written in `module`, to stand for code there."""
    namespace = {"__name__": module, "Child": Child}
    exec(compile(source, f"<{module}>", "exec"), namespace)  # noqa: S102
    return namespace["read"]


def test_an_unscoped_query_in_a_view_raises(child):
    read = _written_in("placements.views.example", "def read(): return list(Child.objects.all())")
    with pytest.raises(UnscopedQuery, match=r"placements\.Child rows were read"):
        read()


def test_the_same_query_through_for_user_is_allowed(child, alice, charlie):
    read = _written_in(
        "placements.views.example", "def read(user): return list(Child.objects.for_user(user))"
    )
    assert read(alice) == [child]
    assert read(charlie) == []


@pytest.mark.parametrize(
    "module", ["placements.api.views.example", "providers.forms", "boroughs.templatetags.x"]
)
def test_api_views_forms_and_template_tags_count_as_presentation(module, child):
    read = _written_in(module, "def read(): return Child.objects.filter(pk__gt=0).count()")
    with pytest.raises(UnscopedQuery):
        read()


def test_selectors_and_services_are_trusted_to_scope_on_purpose(child):
    for module in ("placements.selectors", "placements.services.children", "placements.tasks"):
        read = _written_in(module, "def read(): return Child.objects.count()")
        assert read() == 1


def test_a_generic_list_view_without_the_scope_raises(child, alice):
    request = RequestFactory().get("/")
    request.user = alice
    view = ListView(model=Child)
    view.setup(request)
    with pytest.raises(UnscopedQuery):
        list(view.get_queryset())


def test_a_template_reading_another_owners_rows_through_a_relation_raises(child, placement):
    """A child's requests belong to the requesting borough, not to the child row: a template
    must be given them scoped, not reach for them itself."""
    template = Template("{% for r in child.requests.all %}{{ r.pk }}{% endfor %}")
    with pytest.raises(UnscopedQuery):
        template.render(Context({"child": child}))


def test_a_relation_whose_rows_share_their_parents_owner_inherits_its_scope(placement):
    template = Template("{% for fee in placement.fees.all %}{{ fee.weekly_fee }}{% endfor %}")
    assert template.render(Context({"placement": placement})) != ""


def test_a_serializer_field_with_an_unscoped_queryset_raises(child):
    read = _written_in(
        "placements.api.serializers.example",
        "from rest_framework import serializers\n"
        "class ChildChoice(serializers.Serializer):\n"
        "    child = serializers.PrimaryKeyRelatedField(queryset=Child.objects.all())\n"
        "def read(pk): return ChildChoice(data={'child': pk}).is_valid()",
    )
    with pytest.raises(UnscopedQuery):
        read(child.pk)


def test_every_tenant_owned_model_is_scoped():
    owned = {model._meta.label for model in tenant_owned_models()}
    # Reached through keys not named `borough`: each is checked all the same.
    assert {"placements.FeeChange", "providers.PriceLine", "reports.ReportDownload"} <= owned
    assert {model: tenancy_problems(model) for model in tenant_owned_models()} == {
        model: [] for model in tenant_owned_models()
    }
    assert FeeChange in tenant_owned_models() and Placement in tenant_owned_models()


@isolate_apps("placements")
def test_the_check_names_a_model_reaching_a_tenant_through_any_key():
    class CaseNote(models.Model):  # noqa: DJ008
        request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE)

        class Meta:
            app_label = "placements"

    assert tenancy_problems(CaseNote) == [
        "its default manager is not built from boroughs.tenancy.TenantQuerySet"
    ]


@isolate_apps("placements")
def test_the_check_names_a_tenancy_path_that_leads_nowhere():
    class Misrouted(TenantQuerySet):
        borough_path = "request__strand"

    class CaseNote(models.Model):  # noqa: DJ008
        request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE)
        objects = Misrouted.as_manager()

        class Meta:
            app_label = "placements"

    assert tenancy_problems(CaseNote) == [
        "borough_path 'request__strand' does not lead to boroughs.Borough"
    ]
