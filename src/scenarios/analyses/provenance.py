"""What makes an output reproducible: tool version, workspace path and content hash, the changes
applied, and the settings of any random part. Read by JSON output and the export manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios.analyses.robustness import Sensitivity
    from scenarios.workspace.load import Workspace


def version() -> str:
    from scenarios._version import __version__

    return str(__version__)


def meta_of(ws: Workspace, **extra: Any) -> dict[str, Any]:
    panel = ws.panel
    return {
        "tool": "scenarios",
        "version": version(),
        "workspace": ws.name,
        "workspace_path": str(ws.root.resolve()),
        "content_hash": ws.content_hash,
        "changes": [str(c) for c in ws.changes],
        # what the changes adjusted besides (a range moved with a value set outside it)
        **({"notes": [str(n) for n in ws.notes]} if ws.notes else {}),
        **(
            {
                "panel": {
                    "folder": panel.folder,
                    "illustrative": panel.illustrative,
                    "analysts": dict(zip(panel.ids, map(float, panel.weights), strict=True)),
                    "aggregate": panel.rule.model_dump(),
                    "weights": panel.basis,
                }
            }
            if panel is not None
            else {}
        ),
        **extra,
    }


def sensitivity_meta(result: Sensitivity) -> dict[str, Any]:
    """What a reader needs to reproduce the random parts."""
    meta: dict[str, Any] = {}
    if result.tornado is not None:
        meta["delta"] = result.tornado.delta
    if result.monte_carlo is not None:
        mc = result.monte_carlo
        meta |= {
            "seed": mc.settings.seed,
            "samples": mc.samples,
            "standard_error": mc.standard_error,
            "concentration": mc.settings.concentration,
            "fixed_weights": mc.settings.fixed_weights,
            "values": mc.settings.values,
        }
    if result.sobol is not None:
        meta |= {"seed": result.settings.seed, "sobol_base_samples": result.sobol.base_samples}
    return meta
