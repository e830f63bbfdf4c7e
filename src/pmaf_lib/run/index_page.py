"""``index.html``: the month's reports with their status and links, accessible and script-free.

Built from :class:`~pmaf_lib.report.html.Html` templates, so every report title, error and
name from data is escaped; the page carries the reports' Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

from pmaf_lib.render.page import CONTENT_SECURITY_POLICY
from pmaf_lib.report.html import Html, join
from pmaf_lib.run.jobs import RunPlan
from pmaf_lib.run.worker import JobResult

_STYLE = """
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #0b0c0c;
       max-width: 60rem; margin: 0 auto; padding: 0 1rem; line-height: 1.45; }
.marking { font-weight: bold; border-top: 1px solid #505a5f; border-bottom: 1px solid #505a5f;
           padding: 0.25rem 0; margin: 0.5rem 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { position: static; background: #ffdd00; outline: 3px solid #0b0c0c; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.4rem; text-align: left; vertical-align: top; }
.failed { color: #d4351c; font-weight: bold; }
a:focus { outline: 3px solid #ffdd00; }
/* a phone (390 px): each report a card, each cell labelled, nothing wider than the screen */
@media (max-width: 40rem) {
  table, caption, tbody, tr, th, td { display: block; width: auto; }
  thead { position: absolute; left: -9999px; }
  tr { border: 1px solid #b1b4b6; margin: 0 0 0.75rem; padding: 0.25rem 0.5rem; }
  th, td { border: 0; padding: 0.15rem 0; overflow-wrap: anywhere; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
  td:empty { display: none; }
  h1 { font-size: 1.5rem; }
}
"""


def _link(name: str | None, label: str, report: str) -> Html:
    if not name:
        return Html("—")
    return Html('<a href="{}">{}<span class="skip"> of {}</span></a>').format(name, label, report)


def _row(title: str, result: JobResult) -> Html:
    ok = result.status == "ok"
    status = Html("Complete" if ok else '<span class="failed">Failed</span>')
    files = result.files
    return Html(
        '<tr><th scope="row">{}</th><td data-label="Status">{}</td><td data-label="HTML">{}</td>'
        '<td data-label="PDF">{}</td><td data-label="Executed notebook">{}</td>'
        '<td data-label="Problem">{}</td></tr>'
    ).format(
        title,
        status,
        _link(files.get("html"), "HTML", title),
        Html("HTML only") if ok and "pdf" not in files else _link(files.get("pdf"), "PDF", title),
        _link(files.get("notebook"), "Notebook", title),
        "" if ok else result.error or "unknown error",
    )


_PAGE = Html("""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<style>{style}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header role="banner"><p class="marking">{marking}</p></header>
<main id="main">
<h1>{heading}</h1>
<p>{outcome}</p>
{scope_note}
<table>
<caption>Reports for {period_label} ({count})</caption>
<thead><tr><th scope="col">Report</th><th scope="col">Status</th><th scope="col">HTML</th>
<th scope="col">PDF</th><th scope="col">Executed notebook</th><th scope="col">Problem</th>
</tr></thead>
<tbody>
{rows}
</tbody>
</table>
{open_data}<p>Inputs, software versions, timings and file hashes are in
<a href="manifest.json">manifest.json</a>.</p>
</main>
<footer role="contentinfo"><p class="marking">{marking}</p></footer>
</body>
</html>
""")


def write_index(build: Path, plan: RunPlan, results: list[JobResult]) -> Path:
    """Write ``index.html`` listing every report of the run, failures with their error."""
    failed = sum(r.status != "ok" for r in results)
    outcome = (
        (
            "The report was produced."
            if len(results) == 1
            else f"All {len(results)} reports were produced."
        )
        if not failed
        else f"{len(results) - failed} of {len(results)} reports were produced; "
        f"{failed} failed (see the table)."
    )
    open_data = Html(
        '<p>The scorecard as open data: <a href="scorecard.csv">scorecard.csv</a> and '
        '<a href="scorecard.json">scorecard.json</a> (one row per metric).</p>\n'
        if (build / "scorecard.csv").is_file()
        else ""
    )
    page = _PAGE.format(
        policy=CONTENT_SECURITY_POLICY,
        heading=f"Monthly performance reports: {plan.council}, {plan.period_label}",
        style=Html(_STYLE),
        marking=plan.classification,
        outcome=outcome,
        scope_note=Html(
            "" if plan.complete else "<p>This run produced a selection of reports only.</p>"
        ),
        period_label=plan.period_label,
        count=len(results),
        open_data=open_data,
        rows=join(
            (_row(job.title, res) for job, res in zip(plan.jobs, results, strict=True)), "\n"
        ),
    )
    path = build / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
