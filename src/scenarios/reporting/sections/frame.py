"""The page's frame: its header (title, question, event) and its footer (how to make it again)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from scenarios.reporting.formatting import (
    years_text,
)
from scenarios.reporting.texts import count_form
from scenarios.workspace.evidence import evidence_date

if TYPE_CHECKING:
    from scenarios.reporting.context import Context
    from scenarios.reporting.results import Results
    from scenarios.workspace.load import Workspace


def header(cx: Context) -> dict[str, Any]:
    ws, t = cx.ws, cx.t
    ranking = cx.r.ranking
    if ranking.link is not None:
        event = cx.say("event_link", horizon=cx.horizon(), link=link_source(cx))
    else:
        event = cx.say("event_no_link")
    model = ws.model
    if model.event is not None:
        definition = cx.from_files(
            "model", ("event", "definition"), model.event.definition,
            model.event.definition_ar, block=True,
        )  # fmt: skip
        event = definition + cx.Markup(" ") + event
    date = evidence_date(ws)
    local = cx.names.text("model", ("title",), model.title, model.title_ar)
    title = model.title if local is None else local
    if cx.whatif:
        title = t["title_whatif"].format(changes=cx.changes_text(), title=title)
    return {
        "title": cx.isolated(title),
        "kicker": t["kicker_whatif" if cx.whatif else "kicker"],
        "whatif": bool(cx.whatif),
        "title_english": local is None and not cx.whatif,
        "question": cx.from_files(
            "model", ("question",), model.question, model.question_ar, block=True
        ),
        "event": event,
        "evidence_date": date.isoformat() if date else t["undated"],
        "workspace": cx.code(ws.name)
        if ws.panel is None
        else cx.say(
            "workspace_panel"
            + ("_illustrative" if ws.panel.illustrative else "")
            + count_form(cx.lang, len(ws.panel.analysts)),
            workspace=cx.code(ws.name),
            n=str(len(ws.panel.analysts)),
            rule=cx.panel_rule(),
        ),
        "changes": cx.code(", ".join(map(str, ws.changes))) if ws.changes else t["none"],
    }


def link_source(cx: Context) -> Any:
    """Where the link's intercept comes from (the link's `source`, in words)."""
    link = cx.r.ranking.link
    assert link is not None
    base = link.base
    if base is None:
        if link.source != "model.yaml":  # a link made otherwise says so itself
            return cx.english(link.source)
        return cx.say("link_source_file", file=cx.code("model.yaml"))
    values = {
        "events": cx.num(str(base.events)),
        "of": cx.num(str(base.of)),
        "years": cx.num(base.window_label),
    }
    if link.members is not None:
        return cx.say("link_source_members", **values)
    from scenarios.analyses.likelihood import annual_base_rate

    rate = cx.num(f"{annual_base_rate(base):.3f}")
    return cx.say("link_source_base", rate=rate, **values)


def footer(cx: Context, command: str) -> list[tuple[Any, Any, bool]]:
    """(label, value, whether the value is code) for the footer."""
    from scenarios._version import __version__

    t, s = cx.t, cx.r.settings
    rows = [
        (t["f_version"], f"scenarios {__version__}", True),
        (t["workspace"], cx.ws.name, True),
        (cx.say("f_hash", algorithm=cx.code("SHA-256")), cx.ws.content_hash, True),
        (t["f_aggregation"], t[f"aggregation_{s['aggregation']}"], False),
    ]
    if s["horizon"] is not None:
        rows.append((t["f_horizon"], years_text(cx.lang, s["horizon"]), False))
    rows += [
        (t["f_samples"], f"{s['samples']:,}", True),
        (t["f_delta"], f"±{100 * s['delta']:g}%", True),
    ]
    if s["runs"] is not None:
        rows.append((t["f_runs"], f"{s['runs']:,}", True))
    if cx.r.history is not None:
        rows.append((t["f_ledger"], cx.r.history.ledger.path.name, True))
    changes = ", ".join(map(str, cx.ws.changes))
    rows += [
        (t["f_seed"], str(s["seed"]), True),
        (t["f_overrides"], changes or t["none"], bool(changes)),
        (t["f_language"], cx.lang, True),
        (t["f_command"], command, True),
    ]
    return [
        (
            label if isinstance(label, cx.Markup) else cx.isolated(label),
            value if code else cx.isolated(value),
            code,
        )
        for label, value, code in rows
    ]


def command_line(ws: Workspace, lang: str, results: Results) -> str:
    """The `scenarios report` command that makes this page again."""
    s = results.settings
    parts = ["scenarios report", f"-w {ws.name}"]
    parts += map(str, ws.changes)
    if s["aggregation"] != ws.model.aggregation:
        parts.append(f"--aggregation {s['aggregation']}")
    if s["horizon"] is not None and s["horizon"] != ws.model.horizon_years:
        parts.append(f"--horizon {s['horizon']:g}")
    if s.get("ledger") is not None:
        parts.append(f"--ledger {shlex.quote(s['ledger'])}")
    parts += [f"--lang {lang}", f"--samples {s['samples']}", f"--seed {s['seed']}"]
    if s["runs"] is not None:
        parts.append(f"--runs {s['runs']}")
    return " ".join(parts)
