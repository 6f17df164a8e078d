"""Errors are grouped by cause; the API and the CLI map groups, never single classes."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona import errors
from synthpersona.api import HTTP_STATUS, http_status_for
from synthpersona.api._errors import install_error_handlers
from synthpersona.cli import EXIT_CODES, exit_code_for
from synthpersona.errors import CAUSES, InputError, SynthPersonaError, cause_of

SRC = Path(errors.__file__).parent
INTERFACES = ("api", "cli", "ui")


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def _error_classes() -> list[type[SynthPersonaError]]:
    """Every SynthPersonaError subclass defined anywhere under src (found from the source)."""
    known = {"SynthPersonaError"}
    where: dict[str, str] = {}
    changed = True
    while changed:  # a class may derive from an error class defined further down the tree
        changed = False
        for module, tree in _modules():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in known:
                    bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                    if bases & known:
                        known.add(node.name)
                        where[node.name] = module
                        changed = True
    return [getattr(importlib.import_module(mod), name) for name, mod in sorted(where.items())]


ERROR_CLASSES = _error_classes()


def test_the_scan_finds_the_classes_of_errors_py() -> None:
    names = {cls.__name__ for cls in ERROR_CLASSES}
    assert {"InputError", "GoalParseError", "StoreError", "ConflictError"} <= names


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_sits_under_exactly_one_cause(cls: type[SynthPersonaError]) -> None:
    groups = [g for g in CAUSES if issubclass(cls, g)]
    assert len(groups) == 1, f"{cls.__name__} is under {groups}; put it under exactly one cause group"
    assert cause_of(cls) is groups[0]


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_maps_to_a_status_and_exit_code_by_its_group(cls: type[SynthPersonaError]) -> None:
    err = cls("boom")
    group = cause_of(err)
    status = http_status_for(err)
    assert 400 <= status < 600 and status == HTTP_STATUS[group]
    assert exit_code_for(err) == EXIT_CODES[group] and exit_code_for(err) not in (0, 130)
    assert err.code == cls.default_code and err.to_dict()["message"] == "boom"


def test_groups_have_distinct_exit_codes_and_bad_input_is_never_a_5xx() -> None:
    assert len({EXIT_CODES[g] for g in CAUSES}) == len(CAUSES)
    for group in (errors.InputError, errors.DataError, errors.NotFoundError, errors.ConflictError):
        assert 400 <= HTTP_STATUS[group] < 500
    assert HTTP_STATUS[errors.BackendError] >= 500


def test_the_interface_tables_are_keyed_by_groups_only() -> None:
    allowed = {*CAUSES, SynthPersonaError}
    assert set(HTTP_STATUS) == allowed
    assert set(EXIT_CODES) == allowed


def test_no_interface_maps_single_error_classes_by_hand() -> None:
    """No dict literal in api/, cli/ or ui/ is keyed by an error class other than a group."""
    concrete = {cls.__name__ for cls in ERROR_CLASSES} - {g.__name__ for g in CAUSES}
    offenders = []
    for module, tree in _modules():
        if module.split(".")[1:2] not in [[i] for i in INTERFACES]:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.id if isinstance(k, ast.Name) else getattr(k, "attr", None) for k in node.keys if k}
                if keys & concrete:
                    offenders.append(f"{module}:{node.lineno} {sorted(keys & concrete)}")
    assert not offenders, f"per-class error tables in interfaces: {offenders}"


def test_input_errors_are_value_errors() -> None:
    # scikit-learn's check_estimator expects ValueError for bad parameters
    assert issubclass(InputError, ValueError) and issubclass(errors.GoalParseError, ValueError)
    with pytest.raises(ValueError, match="k must be"):
        raise InputError("k must be >= 2, got 1")


def test_the_old_validation_error_name_is_a_deprecated_alias() -> None:
    with pytest.warns(DeprecationWarning, match="InputError"):
        alias = errors.ValidationError  # type: ignore[attr-defined]
    assert alias is InputError
    with pytest.raises(AttributeError):
        errors.NoSuchError  # type: ignore[attr-defined]  # noqa: B018


def test_did_you_mean_quotes_close_matches() -> None:
    assert errors.did_you_mean("kmean", ["kmeans", "gmm"]) == " Did you mean 'kmeans'?"
    assert errors.did_you_mean("zzz", ["kmeans", "gmm"]) == ""


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_the_api_answers_each_class_with_its_group_status_as_json(cls: type[SynthPersonaError]) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise cls("the bad value 'x'", details={"allowed": ["a", "b"]})

    r = TestClient(app).get("/boom")
    assert r.status_code == HTTP_STATUS[cause_of(cls)]
    assert r.json() == {
        "error": {
            "code": cls.default_code,
            "message": "the bad value 'x'",
            "details": {"allowed": ["a", "b"]},
        }
    }
