"""The statistics as a picture: a funnel and a weekly line, drawn with matplotlib (Agg) as PNG bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.core.statistics import Figures

WIDTH, HEIGHT, DPI = 14.0, 4.2, 100  # inches, dots per inch: 1400 x 420 pixels
AFTER_COLOUR = "#7a5c99"
BAR_COLOUR = "#2f6f8f"
STARTED_COLOUR = "#2f6f8f"
FINISHED_COLOUR = "#e08a2c"


def render(figures: Figures, t: Translator) -> bytes:
    """One figure, three panels: the funnel from started to a finished plan, started and
    finished per ISO week, and what followed crises (on call, caring contacts, safety plans, and
    whether a conversation with a bridge-builder helped). Matplotlib is imported here, the first
    time a chart is drawn: the bot does not pay for it at start. No pyplot: a figure of its own,
    safe off the event loop."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    funnel_axes, weekly_axes, after_axes = figure.subplots(1, 3, width_ratios=(1.1, 1, 1))

    labels = [t(label) for label, _ in figures.funnel]
    counts = [n for _, n in figures.funnel]
    rows = list(range(len(labels)))
    funnel_axes.barh(rows, counts, color=BAR_COLOUR)
    funnel_axes.set_yticks(rows, labels)
    funnel_axes.invert_yaxis()  # started on top, the finished plan at the bottom
    funnel_axes.set_title(t(N_("chart.funnel_title")))
    funnel_axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    top = max(counts, default=0)
    funnel_axes.set_xlim(0, max(1, top) * 1.15)
    for row, n in zip(rows, counts, strict=True):
        funnel_axes.text(n + max(1, top) * 0.01, row, str(n), va="center", fontsize=9)
    funnel_axes.spines[["top", "right"]].set_visible(False)

    weeks = [str(week) for _, week, _, _ in figures.weeks]
    positions = list(range(len(weeks)))
    started = [s for _, _, s, _ in figures.weeks]
    finished = [f for _, _, _, f in figures.weeks]
    weekly_axes.plot(positions, started, marker="o", color=STARTED_COLOUR, label=t(N_("stats.started")))
    weekly_axes.plot(positions, finished, marker="o", color=FINISHED_COLOUR, label=t(N_("stats.finished")))
    weekly_axes.set_xticks(positions, weeks)
    weekly_axes.set_xlabel(t(N_("chart.week")))
    weekly_axes.set_title(t(N_("chart.weekly_title")))
    weekly_axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    weekly_axes.set_ylim(bottom=0, top=max([1, *started, *finished]) * 1.15)
    weekly_axes.legend(loc="upper left", frameon=False)
    weekly_axes.spines[["top", "right"]].set_visible(False)

    after = [
        (N_("chart.on_call"), figures.on_call),
        (N_("chart.caring_sent"), figures.caring_sent),
        (N_("chart.caring_answered"), figures.caring_answered),
        (N_("chart.safety_plans"), figures.safety_plans),
        (N_("chart.helpful_yes"), figures.helpful.get("yes", 0)),
        (N_("chart.helpful_some"), figures.helpful.get("some", 0)),
        (N_("chart.helpful_no"), figures.helpful.get("no", 0)),
    ]
    after_rows = list(range(len(after)))
    after_counts = [n for _, n in after]
    after_axes.barh(after_rows, after_counts, color=AFTER_COLOUR)
    after_axes.set_yticks(after_rows, [t(label) for label, _ in after])
    after_axes.invert_yaxis()
    after_axes.set_title(t(N_("chart.after_title")))
    after_axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    after_axes.set_xlim(0, max(1, *after_counts) * 1.15)
    after_axes.spines[["top", "right"]].set_visible(False)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
