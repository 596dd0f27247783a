"""The page title starts "Error: " when the page holds a bound form or formset with errors
(GOV.UK error message pattern), and not otherwise."""

from django import forms
from django.forms import formset_factory
from django.template import Context

from core.templatetags.forms_extra import error_prefix


class _Form(forms.Form):
    name = forms.CharField(max_length=5)


def _prefix(**values) -> str:
    return error_prefix(Context(values))


def test_a_bound_form_with_errors_prefixes_the_title():
    assert _prefix(form=_Form(data={"name": ""})) == "Error: "
    assert _prefix(anything=_Form(data={"name": "toolongname"})) == "Error: "


def test_unbound_or_valid_forms_do_not():
    assert _prefix(form=_Form()) == ""
    assert _prefix(form=_Form(data={"name": "Ann"})) == ""
    assert _prefix() == ""


def test_a_formset_counts_only_when_it_has_errors():
    formset = formset_factory(_Form)
    management = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    assert _prefix(rows=formset(data=management | {"form-0-name": "Ann"})) == ""
    assert _prefix(rows=formset(data=management | {"form-0-name": "toolongname"})) == "Error: "
