"""The statistics as a picture: a funnel and a weekly line, drawn with matplotlib (Agg) as PNG bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.core.statistics import Figures

WIDTH, HEIGHT, DPI = 10.0, 4.2, 100  # inches, dots per inch: 1000 x 420 pixels
BAR_COLOUR = "#2f6f8f"
STARTED_COLOUR = "#2f6f8f"
FINISHED_COLOUR = "#e08a2c"


def render(figures: Figures, t: Translator) -> bytes:
    """One figure, two panels: the funnel from started to a finished plan, and started and
    finished per ISO week. Matplotlib is imported here, the first time a chart is drawn: the bot
    does not pay for it at start. No pyplot: a figure of its own, safe off the event loop."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    funnel_axes, weekly_axes = figure.subplots(1, 2, width_ratios=(1.1, 1))

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

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
