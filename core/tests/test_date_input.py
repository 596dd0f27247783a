"""The GOV.UK date input: three boxes, the pattern's messages, ISO from links still read."""

import datetime

import pytest
from django import forms

from core.forms import GovukDateField


class _Form(forms.Form):
    starts_on = GovukDateField(label="First day")


@pytest.mark.parametrize(
    ("data", "message"),
    [({"starts_on-day": "", "starts_on-month": "3", "starts_on-year": "2026"},
      "First day must include a day"),
     ({"starts_on-day": "1", "starts_on-month": "", "starts_on-year": ""},
      "First day must include a month and a year"),
     ({"starts_on-day": "31", "starts_on-month": "2", "starts_on-year": "2026"},
      "First day must be a real date"),
     ({"starts_on-day": "1", "starts_on-month": "3", "starts_on-year": "26"},
      "First day must be a real date, with the year in 4 digits"),
     ({"starts_on-day": "9" * 30, "starts_on-month": "1", "starts_on-year": "2026"},
      "First day must be a real date"),
     ({}, "Enter the date for \u2018First day\u2019")],
)  # fmt: skip
def test_what_is_wrong_is_said(data, message):
    form = _Form(data=data)
    assert not form.is_valid() and form.errors["starts_on"] == [message]


def test_three_boxes_or_an_iso_value_make_the_date():
    boxes = {"starts_on-day": "7", "starts_on-month": "09", "starts_on-year": "2026"}
    for data in (boxes, {"starts_on": "2026-09-07"}):
        form = _Form(data=data)
        assert form.is_valid() and form.cleaned_data["starts_on"] == datetime.date(2026, 9, 7)


def test_the_page_draws_three_labelled_boxes_with_what_was_typed():
    from django.template.loader import render_to_string

    form = _Form(data={"starts_on-day": "31", "starts_on-month": "2", "starts_on-year": "2026"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["starts_on"]})
    assert 'type="date"' not in html and "govuk-date-input" in html
    for part, value in (("day", "31"), ("month", "2"), ("year", "2026")):
        assert f'name="starts_on-{part}" type="text" inputmode="numeric" value="{value}"' in html
    assert "First day must be a real date" in html
