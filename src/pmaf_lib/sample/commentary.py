"""Service commentary, improvement actions and what a board needs about an off-track figure
(impact, cause), including deliberately awkward text.

Reports must treat commentary as text, never markup or formulas; the sample exercises that
with quotes, ampersands, HTML, Markdown, spreadsheet formulas, emoji, long paragraphs and
non-ASCII names.
"""

from __future__ import annotations

import numpy as np

HOSTILE = (
    "Figures re-run after the \"data cleanse\" & restated; see O'Neill's note.",
    "<script>alert(1)</script> System test text pasted by mistake - please ignore.",
    "<b>bold</b> claim: performance is <i>back on track</i> & improving.",
    "**Improved** after the _new_ rota; see [the plan](http://example.com) for `details`.",
    '=HYPERLINK("http://example.com","x")',
    "Great month for the team 🎉👏 - thank you all! 🚀",
    "Zoë Okonkwo-Hart and Ólafur Jónsson agreed the revised approach with Nguyễn Thị Lan; "
    "Siân will brief Cllr Siobhán Kavanagh.",
    "+44 1632 960000 / -5% / @mentions / 50% < 75% > 25% ; semicolons; and | pipes |",
    "Line one of the note.\nLine two, after a line break.\n\n\tIndented third line.",
)
LONG_PARAGRAPH = (
    "Performance this month reflects a combination of factors that the service has been "
    "working through with partners. Demand remained higher than the same period last year, "
    "driven by seasonal pressures and by the continuing effects of the cost-of-living crisis "
    "on the households we support. At the same time the team carried two vacancies and one "
    "long-term absence, and the new case management system - which went live in the spring - "
    "is still bedding in, with some records needing to be re-keyed by hand. We have agreed a "
    "recovery plan with the Director: overtime has been authorised for the next eight weeks, "
    "two agency officers start on Monday, weekly performance clinics are in place, and the "
    "supplier is fixing the two known defects in the workflow. We expect to see the backlog "
    "fall from next month and to be back within tolerance by the end of the quarter, although "
    "this depends on recruitment to the permanent posts, which are out to advert for a third "
    "time. The service will report progress to the Directorate Management Team every fortnight "
    "and to the Improvement Board at its next meeting, together with an analysis of the cases "
    "that took longest, so that we can learn from them and change the process where needed. "
    "Residents affected by the delays have been contacted individually and offered an "
    "apology, and none has been left without support."
)
_GOOD = (
    "Performance improved following the introduction of the new triage process.",
    "Ahead of target: the additional capacity agreed in the spring is now in place.",
    "Improvement sustained for a third month as new starters complete their training.",
    "Better than the same month last year; online self-service take-up continues to grow.",
    "On target. No issues to report this month.",
    "Steady performance in line with the profile.",
)
_BAD = (
    "Off target because of two vacancies in the team and higher than expected demand.",
    "Performance dipped during the system migration; a backlog is being cleared.",
    "Seasonal pressures increased demand; agency staff have been brought in.",
    "An IT outage lasting three days affected processing this month.",
    "Demand is 12% higher than last year while staffing is unchanged.",
    "Industrial action affected the service for part of the month.",
)
_CONTEXT = (
    "Figure provided for context; no target is set for this measure.",
    "Demand continues to rise in line with the regional trend.",
    "Small numbers: month-to-month changes should be read with care.",
)
ACTIONS = (
    "Recovery plan agreed at DMT: overtime and two agency officers for eight weeks.",
    "Weekly performance clinic chaired by the Head of Service until back within tolerance.",
    "Process review by the Continuous Improvement team; report to the Improvement Board.",
    "Backlog cleared by a dedicated task-and-finish group; monthly update to the Cabinet Member.",
    "Supplier escalation meeting held; service credits applied under the contract.",
    "Recruitment campaign relaunched with a market supplement approved by the Chief Executive.",
)
# so what (impact) and why (cause) for an off-track figure
IMPACTS = (
    "Residents wait longer for a decision; complaints have risen and two were escalated.",
    "Each month off target adds to the backlog and puts the year-end target at risk.",
    "Vulnerable residents wait longer for support, raising the risk of crisis placements.",
    "Agency cover and temporary arrangements add about 25 thousand pounds a month.",
    "A statutory duty is at risk and the regulator has asked for an update.",
    "Satisfaction is falling and repeat contacts are adding to demand.",
)
CAUSES = (
    "Two vacancies and one long-term absence in a team of nine.",
    "Demand is 12% higher than last year while staffing is unchanged.",
    "The new case management system is still bedding in; records are being re-keyed.",
    "The contractor's performance fell after a change of subcontractor.",
    "Seasonal pressures and a rise in complex cases.",
    "A partner agency's data arrived late, so cases could not be closed.",
)
MILESTONE_NOTES = {
    "on track": (
        "Work progressing to plan.",
        "Project board met; no new risks.",
        "Progressing to plan; next gateway review booked.",
    ),
    "at risk": (
        "Supplier delays put the date at risk; mitigation plan agreed.",
        "Resourcing gap in the project team; interim cover being sought.",
        "Dependency on the ERP programme may delay this milestone.",
    ),
    "off track": (
        "Milestone will be missed: procurement had to be re-run.",
        "Legal challenge to the decision; timetable under review.",
    ),
    "deferred": (
        "Deferred by Cabinet to align with the budget timetable.",
        "Deferred at the request of commissioners pending the Best Value review.",
    ),
    "complete": (
        "Milestone complete; evidence held by the project board.",
        "Complete & signed off by the Lead Member.",
    ),
    "not started": ("Not yet started; awaiting the previous milestone.",),
}


def metric_commentary(tone: str, rng: np.random.Generator) -> str:
    """A routine comment for a value that is ``good``, ``bad`` or ``context``."""
    pool = {"good": _GOOD, "bad": _BAD, "context": _CONTEXT}[tone]
    return str(pool[int(rng.integers(0, len(pool)))])


def action_text(rng: np.random.Generator) -> str:
    return str(ACTIONS[int(rng.integers(0, len(ACTIONS)))])


def impact_text(rng: np.random.Generator) -> str:
    return str(IMPACTS[int(rng.integers(0, len(IMPACTS)))])


def cause_text(rng: np.random.Generator) -> str:
    return str(CAUSES[int(rng.integers(0, len(CAUSES)))])


def milestone_note(status: str, rng: np.random.Generator) -> str:
    pool = MILESTONE_NOTES[status]
    return str(pool[int(rng.integers(0, len(pool)))])
