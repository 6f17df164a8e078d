"""The privacy checks, one registry: what each checks, how each interface names it, how it is reported.

Three kinds of personas are privacy-checked (docs/trust.md): an uploaded **table**'s (k-anonymous
attribute combinations, small cells, identifiers, optional Laplace noise), a **goal** run's
(each persona's anchor generalised until k audience members share it) and an event log's
(**events**: each behavioural persona's traits, paths and events shared by k users).
:data:`PRIVACY_CHECKS` is the one list: the CLI's ``privacy`` inputs and their help, the API's
``POST /privacy`` fields and their descriptions, the "give exactly one of" errors, where
noise applies, what a report counts (its unit) and the report as published are generated
from it; :func:`check_privacy` runs any of them.

Examples
--------
>>> list(PRIVACY_CHECKS)
['table', 'goal', 'events']
>>> PRIVACY_CHECKS["goal"].unit, PRIVACY_CHECKS["events"].api_field
('audience members', 'events_dataset_id')
>>> one_of("cli")
'exactly one of TABLE (a file), --goal TEXT or --events FILE'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from synthpersona.errors import InputError

if TYPE_CHECKING:
    from synthpersona.trust import PrivacyReport

__all__ = ["PRIVACY_CHECKS", "PrivacyCheck", "check_for", "check_privacy", "noise_error", "one_of"]

Interface = Literal["cli", "api"]


@dataclass(frozen=True)
class PrivacyCheck:
    """One kind of privacy check.

    ``noun`` names what it checks (plural), ``unit`` what a persona's statement must be
    shared by (reports count it), ``cli_input`` / ``api_field`` how the CLI and the API
    name its input, ``help`` the sentence both show, ``noise`` whether Laplace noise
    (``epsilon``) applies, and ``published`` the report as it may be shown with the
    personas (a goal run's steps name no withheld value).
    """

    name: str
    noun: str
    unit: str
    cli_input: str
    api_field: str
    help: str
    noise: bool
    run: Callable[..., tuple[PrivacyReport, list[dict[str, Any]]]]
    published: Callable[[PrivacyReport], dict[str, Any]]

    def named(self, interface: Interface) -> str:
        """How ``interface`` names this check's input (``"--goal TEXT"``, ``"'goal'"``)."""
        return self.cli_input if interface == "cli" else repr(self.api_field)


def _summary(report: PrivacyReport) -> dict[str, Any]:
    return report.summary()


def _run_table(source: Any, **options: Any) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    from synthpersona.usecases.trust_privacy import privacy_table

    keep = ("k_anonymity", "epsilon", "k", "target", "random_state", "limits", "engine")
    return privacy_table(source, **{k: v for k, v in options.items() if k in keep})


def _run_goal(source: Any, **options: Any) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """``source``: a goal (run on ``population``) or a ``GoalRun`` already made."""
    from synthpersona.usecases.trust_anchors import privacy_goal, privacy_goal_run

    if not isinstance(source, str):
        return privacy_goal_run(source, k_anonymity=options.get("k_anonymity", 5))
    keep = ("k_anonymity", "random_state", "population", "engine")
    return privacy_goal(source, **{k: v for k, v in options.items() if k in keep})


def _run_events(source: Any, **options: Any) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    from synthpersona.usecases.trust_privacy import privacy_events

    keep = ("k_anonymity", "random_state", "engine")
    return privacy_events(source, **{k: v for k, v in options.items() if k in keep})


def _published_goal(report: PrivacyReport) -> dict[str, Any]:
    from synthpersona.usecases.trust_anchors import public_summary

    return public_summary(report)


PRIVACY_CHECKS: dict[str, PrivacyCheck] = {
    "table": PrivacyCheck(
        name="table",
        noun="tables",
        unit="records",
        cli_input="TABLE (a file)",
        api_field="dataset_id",
        help="An uploaded table (leads, customers): each persona's attribute combination must match "
        "k records, counts from fewer than k are merged, no identifier or free text is shown.",
        noise=True,
        run=_run_table,
        published=_summary,
    ),
    "goal": PrivacyCheck(
        name="goal",
        noun="goal runs",
        unit="audience members",
        cli_input="--goal TEXT",
        api_field="goal",
        help="A business goal: each persona's anchor (age, city, occupation, income, ...) is "
        "generalised until k members of the run's audience share it.",
        noise=False,
        run=_run_goal,
        published=_published_goal,
    ),
    "events": PrivacyCheck(
        name="events",
        noun="event logs",
        unit="users",
        cli_input="--events FILE",
        api_field="events_dataset_id",
        help="An event log (clickstream): each behavioural persona's traits, paths and events must be "
        "shared by k users (the check every simulation applies).",
        noise=False,
        run=_run_events,
        published=_summary,
    ),
}


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def one_of(interface: Interface) -> str:
    """``"exactly one of ..."`` naming every check's input as ``interface`` names it."""
    return "exactly one of " + _words([c.named(interface) for c in PRIVACY_CHECKS.values()])


def check_for(given: Mapping[str, Any], interface: Interface) -> PrivacyCheck:
    """The one check whose input is given (``given``: check name -> input or ``None``).

    Raises
    ------
    InputError
        None or several are given (the message lists every check as ``interface`` names it).

    Examples
    --------
    >>> check_for({"table": None, "goal": "gen z", "events": None}, "api").name
    'goal'
    >>> check_for({"goal": "a", "events": "b"}, "api")
    Traceback (most recent call last):
    ...
    synthpersona.errors.InputError: Give exactly one of 'dataset_id', 'goal' or 'events_dataset_id' ...
    """
    chosen = [PRIVACY_CHECKS[name] for name, value in given.items() if value is not None]
    if len(chosen) != 1:
        raise InputError(
            f"Give {one_of(interface)} to privacy-check.",
            code="privacy_input",
            details={
                "given": [c.name for c in chosen],
                "allowed": [c.named(interface) for c in PRIVACY_CHECKS.values()],
            },
        )
    return chosen[0]


def noise_error(check: PrivacyCheck, interface: Interface) -> InputError | None:
    """The error for ``epsilon`` given to a check it does not apply to (``None``: it applies)."""
    if check.noise:
        return None
    name = "--epsilon" if interface == "cli" else "'epsilon'"
    noisy = _words([c.noun for c in PRIVACY_CHECKS.values() if c.noise])
    return InputError(
        f"{name} (Laplace noise) applies to {noisy}; leave it out with {check.named(interface)}.",
        code="privacy_noise",
        details={"check": check.name},
    )


def check_privacy(
    kind: str, source: Any, **options: Any
) -> tuple[PrivacyReport, dict[str, Any], list[dict[str, Any]]]:
    """Run the privacy check ``kind`` of :data:`PRIVACY_CHECKS` on ``source``.

    ``options``: ``k_anonymity`` and ``random_state`` (every check), ``epsilon``, ``k``,
    ``target`` (tables), ``population`` (a goal given as text), ``engine``; options a check
    does not take are refused with the ones it does.

    Returns
    -------
    tuple
        The report (for whoever holds the data), the report as published with the personas
        (``PrivacyCheck.published``) and the protected personas.
    """
    check = PRIVACY_CHECKS.get(kind)
    if check is None:
        raise InputError(f"Unknown privacy check {kind!r}; use one of {', '.join(PRIVACY_CHECKS)}.")
    if options.get("epsilon") is not None:
        err = noise_error(check, "api")
        if err is not None:
            raise err
    report, shown = check.run(source, **options)
    return report, check.published(report), shown
