"""Terminal and JSON output of the demo: rich tables when available, plain text otherwise."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ._sections import SectionReport

__all__ = ["render_json", "render_text"]

_WIDTH = 72


def _short(text: str, width: int = _WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _summary(result: Mapping[str, Any]) -> dict[str, Any]:
    reports: list[SectionReport] = result["sections"]
    return {
        "sections": len(reports),
        "passed": sum(r.ok for r in reports),
        "blocked": sum(r.blocked for r in reports),
        "redacted": sum(r.redacted for r in reports),
        "guard_checks": sum(r.guard_checks for r in reports),
        "guard_ms": round(sum(r.guard_ms for r in reports), 2),
        "seconds": result["seconds"],
    }


def render_json(result: Mapping[str, Any]) -> dict[str, Any]:
    """The report as JSON-ready data."""
    sections = []
    for report in result["sections"]:
        data = asdict(report)
        data["ok"] = report.ok
        data["seconds"] = round(report.seconds, 3)
        data["guard_ms"] = round(report.guard_ms, 3)
        sections.append(data)
    return {
        "mode": result["mode"],
        "ok": result["ok"],
        "summary": _summary(result),
        "sections": sections,
    }


def _mode_line(result: Mapping[str, Any]) -> str:
    if result["mode"] == "live":
        return (
            "Using the real Mistral API (MISTRAL_API_KEY is set). Scripted answers cannot be "
            "forced on a real model: 'output' and 'stream' use canned answers checked by the "
            "Guard, 'pii' skips the request-log check, 'keys' uses a dead key in the pool."
        )
    return "Using the embedded Mistral-compatible server: no API key, no network."


def render_text(result: Mapping[str, Any]) -> None:
    """Print the report: rich tables if ``rich`` is installed, plain text otherwise."""
    try:
        from rich.console import Console
    except ImportError:
        _plain(result)
        return
    _rich(result, Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False))


def _plain(result: Mapping[str, Any]) -> None:
    out = sys.stdout.write
    out(f"mistral-secure demo\n{_mode_line(result)}\n")
    for report in result["sections"]:
        status = "PASS" if report.ok else "FAIL"
        out(f"\n== [{status}] {report.title}: {report.expected} ({report.name})\n")
        for row in report.rows:
            mark = "ok " if row.ok else "BAD"
            out(f"  {mark} {row.app:<10} {row.case}\n")
            if row.before:
                out(f"        before: {_short(row.before)}\n")
            out(f"        after:  {_short(row.after)}\n")
        for note in report.notes:
            out(f"  note: {note}\n")
        if report.error:
            out(f"  error: {report.error}\n")
    s = _summary(result)
    out(
        f"\n{s['passed']}/{s['sections']} sections as expected; {s['blocked']} blocked, "
        f"{s['redacted']} values redacted; {s['guard_checks']} guard checks took "
        f"{s['guard_ms']:.1f} ms in total; demo ran in {s['seconds']:.1f} s\n"
    )


def _rich(result: Mapping[str, Any], console: Any) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console.print(Panel.fit(f"[bold]mistral-secure demo[/bold]\n{_mode_line(result)}"))
    for report in result["sections"]:
        status = "[green]PASS[/green]" if report.ok else "[bold red]FAIL[/bold red]"
        extra = " [yellow](adapted)[/yellow]" if report.mode == "adapted" else ""
        console.rule(f"{status} [bold]{report.title}[/bold]: {report.expected}{extra}")
        table = Table(expand=True, pad_edge=False, show_lines=True)
        table.add_column("", width=1, no_wrap=True)
        table.add_column("app / case", style="cyan", ratio=1)
        table.add_column("before", ratio=3, overflow="fold")
        table.add_column("after", ratio=3, overflow="fold")
        for row in report.rows:
            mark = Text("✓", style="green") if row.ok else Text("✗", style="bold red")
            label = Text(row.app, style="bold cyan")
            label.append(f"\n{row.case}", style="dim")
            before = Text(_short(row.before, 200), style="red" if row.before else "")
            table.add_row(mark, label, before, Text(_short(row.after, 200), style="green"))
        if report.rows:
            console.print(table)
        for note in report.notes:
            console.print(Text(f"  note: {note}", style="dim"))
        if report.error:
            console.print(Text(f"  error: {report.error}", style="bold red"))
    s = _summary(result)
    summary = Table(title="Summary", show_footer=True)
    color = "green" if result["ok"] else "red"
    summary.add_column("section", footer=f"[{color}]{s['passed']}/{s['sections']} as expected[/]")
    summary.add_column("outcome")
    summary.add_column("blocked", justify="right", footer=str(s["blocked"]))
    summary.add_column("values redacted", justify="right", footer=str(s["redacted"]))
    summary.add_column("guard checks", justify="right", footer=str(s["guard_checks"]))
    summary.add_column("time in guards", justify="right", footer=f"{s['guard_ms']:.1f} ms")
    summary.add_column("wall time", justify="right", footer=f"{s['seconds']:.1f} s")
    for report in result["sections"]:
        outcome = "✓ as expected" if report.ok else "✗ NOT AS EXPECTED"
        summary.add_row(
            report.name,
            Text(outcome, style="green" if report.ok else "bold red"),
            str(report.blocked),
            str(report.redacted),
            str(report.guard_checks),
            f"{report.guard_ms:.1f} ms",
            f"{report.seconds:.2f} s",
        )
    console.print(summary)
    console.print(
        Text(
            "time in guards: the guards' own checks (moderation round trips included), "
            "from their audit records; wall time includes the model calls",
            style="dim",
        )
    )
