"""The one parser for forms and JSON: types, ranges, unknown fields, every error at once."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from domain.errors import Invalid
from domain.i18n import Msg, _
from domain.pagination import Page, PageRequest
from domain.parse import Fields, FormInput
from web.i18n import pick_locale


@pytest.mark.parametrize("value, expected", [(150, 150), (150.0, 150), ("150", None), (150.5, None), (True, None)])
def test_json_integer_accepts_integral_numbers_only(value, expected):
    f = Fields({"quota": value})
    assert f.integer("quota") == expected
    assert ("quota" in f.errors) is (expected is None)


def test_form_integer_reads_text():
    assert Fields(FormInput({"n": " 42 "})).integer("n") == 42


@pytest.mark.parametrize("value, expected", [
    ("12,50", Decimal("12.50")), (12.5, Decimal("12.5")), ("1 234.56", Decimal("1234.56")), (3, Decimal("3"))])
def test_decimal_is_exact(value, expected):
    assert Fields(FormInput({"a": value}) if isinstance(value, str) else {"a": value}).decimal("a") == expected


@pytest.mark.parametrize("value", ["abc", "1.234", "NaN", "Infinity", True, [1]])
def test_decimal_rejects(value):
    f = Fields({"a": value})
    assert f.decimal("a") is None and "a" in f.errors


def test_every_error_at_once_and_unknown_fields():
    f = Fields({"name": "", "year": "x", "colour": "blue"}, allowed={"name", "year"})
    f.text("name", required=True)
    f.integer("year")
    with pytest.raises(Invalid) as caught:
        f.done()
    assert set(caught.value.errors) == {"name", "year", "colour"}


def test_forms_ignore_extra_fields():
    f = Fields(FormInput({"csrf_token": "t", "name": "A"}), allowed={"name"})
    assert f.text("name") == "A" and f.errors == {}


def test_text_length_choice_date_email():
    f = Fields({"t": "x" * 11, "c": "apartment", "d": "2026-02-30", "e": "nope", "ok": "2026-03-01"})
    assert f.text("t", max_len=10) is None
    assert f.choice("c", ("Apartment", "Parking")) == "Apartment"
    assert f.date("d") is None and f.date("ok") == date(2026, 3, 1)
    assert f.email("e") is None
    assert set(f.errors) == {"t", "d", "e"}


def test_body_must_be_an_object():
    with pytest.raises(Invalid):
        Fields([1, 2])


def test_msg_keeps_template_and_params():
    message = _("Doit être au moins %(min)s.", min=3)
    assert isinstance(message, Msg) and message == "Doit être au moins 3."
    assert message.translate(lambda s: s.replace("Doit être au moins", "Must be at least")) == "Must be at least 3."


@pytest.mark.parametrize("args, expected", [({}, (1, 20)), ({"page": "3", "per_page": "50"}, (3, 50))])
def test_page_request(args, expected):
    request = PageRequest.parse(args)
    assert (request.page, request.per_page) == expected


@pytest.mark.parametrize("args", [{"page": "0"}, {"per_page": "101"}, {"page": "x"}])
def test_page_request_rejects(args):
    with pytest.raises(Invalid):
        PageRequest.parse(args)


def test_page_meta():
    page = Page(list(range(5)), PageRequest(3, 10), 25)
    assert page.meta() == {"current_page": 3, "per_page": 10, "total_items": 25, "total_pages": 3,
                           "has_next": False, "has_previous": True}


@pytest.mark.parametrize("user, cookie, header, expected", [
    (None, None, None, "fr"), ("nl", None, "en", "en"), ("nl", None, None, "nl"), ("nl", "en", None, "en"),
    (None, None, "de-BE,de;q=0.9", "de"), (None, None, "es,en;q=0.5", "en"), (None, "xx", "ja", "fr")])
def test_language_choice(user, cookie, header, expected):
    assert pick_locale(user, cookie, header) == expected


def test_nested_messages_are_translated_too():
    inner = _("majorité absolue")
    outer = _("Adoptée (%(rule)s)", rule=inner)
    table = {"Adoptée (%(rule)s)": "Adopted (%(rule)s)", "majorité absolue": "absolute majority"}
    assert outer.translate(lambda s: table.get(s, s)) == "Adopted (absolute majority)"


@pytest.mark.parametrize("args, expected", [({"page": "0"}, (1, 20)), ({"page": "2", "per_page": "x"}, (1, 20)),
                                            ({"page": "3"}, (3, 20))])
def test_lenient_page_request_for_pages(args, expected):
    request = PageRequest.lenient(args)
    assert (request.page, request.per_page) == expected


def test_a_control_character_at_either_end_is_refused_not_stripped():
    """The OpenAPI says one-line text holds no control character; stripping must not hide one (found by schemathesis:
    a chair named "\\f…" was accepted)."""
    f = Fields({"chair": "\fJean", "note": "ligne 1\nligne 2\v", "name": "  Jean Dupont  "})
    assert f.text("chair") is None and f.text("note", multiline=True) is None
    assert f.text("name") == "Jean Dupont"
    assert set(f.errors) == {"chair", "note"}


def test_a_list_of_identifiers_is_an_array_in_json_and_repeated_fields_in_a_form() -> None:
    one = "8a6624c9-50d7-4a5a-9c92-4b8b8c5f025e"
    f = Fields({"ids": one})  # JSON: a string where the schema says array
    assert f.uuid_list("ids") is None and "ids" in f.errors
    f = Fields({"ids": [one]})
    assert f.uuid_list("ids") == [uuid.UUID(one)] and not f.errors
    f = Fields(FormInput(ids=one))  # a form: the field sent once
    assert f.uuid_list("ids") == [uuid.UUID(one)] and not f.errors
