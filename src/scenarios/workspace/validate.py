"""Reading one file of a workspace: its YAML parsed with the position of every value, then
validated against the schema, pydantic's errors turned into located problems."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scenarios.core.errors import Problem, WorkspaceError, did_you_mean
from scenarios.core.textsafe import ID_HINT, id_control, shown_marks
from scenarios.workspace.yamlsource import LIST_FOR_MAPPING, Document, load_yaml, text_problem


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model class found by following ``loc`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        current = _core(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return []
            current = info.annotation
        elif typing.get_origin(current) in (dict, list):  # part is a key (factors.NAME) or index
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _core(current)
    return (
        list(current.model_fields)
        if isinstance(current, type) and issubclass(current, BaseModel)
        else []
    )


def _core(annotation: Any) -> Any:
    """``X | None`` and ``Annotated[X, ...]`` -> X (containers such as ``dict[K, V]`` are kept)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    return [_problem(err, doc, model) for err in exc.errors()]


def _problem(err: Any, doc: Document, model: type[BaseModel]) -> Problem:
    """One of pydantic's errors as a problem located at the value (or the key) it is about."""
    loc = tuple(err["loc"])
    on_key = loc[-1:] == ("[key]",)  # the key itself is wrong: point at the key
    if on_key:
        loc = loc[:-1]
    kind = err["type"]
    if kind == "missing":
        message = f"missing required key '{loc[-1]}'"
        if len(loc) > 1:
            message += f" in {'.'.join(str(p) for p in loc[:-1])}"
        return doc.problem(loc[:-1], message)
    if kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _fields_at(model, loc[:-1]))
        return doc.key_problem(loc, f"unknown key '{loc[-1]}'", hint)
    dotted = ".".join(shown_marks(str(p)) for p in loc)
    msg, hint = _message(err, kind)
    place = doc.key_problem if on_key else doc.problem
    return place(loc, f"{dotted}: {msg}" if dotted else msg, hint)


def _message(err: Any, kind: str) -> tuple[str, str | None]:
    """(what is wrong, hint) of an error about a value."""
    hint = (err.get("ctx") or {}).get("hint")  # a check's own hint (schema.py)
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    msg = msg[0].lower() + msg[1:]
    if kind == "literal_error" and isinstance(err.get("input"), str):
        expected = [e.strip(" '") for e in err["ctx"]["expected"].replace(" or ", ",").split(",")]
        hint = did_you_mean(err["input"], [e for e in expected if e])
        msg = f"'{err['input']}' is not allowed: {msg}"
    elif kind == "string_pattern_mismatch":
        msg = "use letters, digits and underscores, starting with a letter"
        invisible = id_control(str(err.get("input", "")))
        if invisible is not None:
            msg, hint = invisible, ID_HINT
            err = {**err, "input": shown_marks(str(err.get("input", "")))}
    if kind in ("model_type", "dict_type") and isinstance(err.get("input"), list):
        return "a list where a mapping belongs", LIST_FOR_MAPPING
    if hint is None and kind in ("float_parsing", "int_parsing", "model_type", "dict_type"):
        read_as_text = text_problem(err.get("input"))
        if read_as_text is not None:
            return read_as_text
    if "input" in err and kind not in ("literal_error", "model_type", "dict_type"):
        value = err["input"]
        if isinstance(value, float | int | str) and not isinstance(value, bool):
            msg = f"{msg} (got {value!r})" if len(repr(value)) < 40 else msg
    return msg, hint


def validate_document(doc: Document, model: type[BaseModel], problems: list[Problem]) -> Any:
    """The file validated as ``model``, or None (then ``problems`` says why, located)."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.append(doc.problem((), f"the file is {what}, expected a mapping of keys"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from(exc, doc, model))
        return None


def read_documents(paths: list[Path], problems: list[Problem]) -> list[Document]:
    """Each file parsed as YAML (with the position of every value); what cannot be read or
    parsed goes to ``problems`` and is left out."""
    docs = []
    for path in paths:
        try:
            docs.append(load_yaml(path))
        except WorkspaceError as exc:
            problems.extend(exc.problems)
    return docs
