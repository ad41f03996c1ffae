"""The tally chart: votes per option, one bar per round (side by side after a re-vote).

One Altair spec per (rounds shown, size, label style) is cached; the counts come as
the named dataset ``tally``, so the once-a-second refresh on the projector changes
only the data and the browser updates the bars in place.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from classroom import RoundTally
from lessons.questions import Question
from ui import theme

LETTERS = "ABCDE"
LATEST = "#0072B2"  # the round being voted on; earlier rounds in lighter colours
EARLIER = ("#56B4E9", "#E69F00", "#CC79A7", "#999999")
CORRECT = "#007a55"
CHECK = "✓"


def round_name(number: int) -> str:
    return f"Round {number}"


def option_label(question: Question, index: int, full: bool, revealed: bool) -> str:
    """ "B. At the S nodes…" (``full``) or "B"; with a check mark on the answer once revealed."""
    option = question.options[index]
    text = f"{LETTERS[index]}. {option}" if full else LETTERS[index]
    return f"{text} {CHECK}" if revealed and option == question.answer else text


def tally_frame(
    question: Question, tallies: list[RoundTally], full: bool, revealed: bool
) -> pd.DataFrame:
    """One row per (option, round): label, round name, count, share of that round's voters.

    ``xmax`` (the same in every row) keeps the count axis at least 1 wide, with room
    for the numbers printed beside the bars.
    """
    rows = []
    for tally in tallies:
        for i, option in enumerate(question.options):
            count = int(tally.counts.get(option, 0))
            share = count / tally.voters if tally.voters else 0.0
            rows.append(
                {
                    "pos": i,
                    "label": option_label(question, i, full, revealed),
                    "round": round_name(tally.round),
                    "count": count,
                    "text": f"{count} ({share:.0%})" if tally.voters else "0",
                }
            )
    frame = pd.DataFrame(rows, columns=["pos", "label", "round", "count", "text"])
    top = int(frame["count"].max()) if len(frame) else 0
    frame["xmax"] = max(1.0, top * 1.3)
    return frame


@st.cache_data(max_entries=64, show_spinner=False)
def tally_spec(rounds: tuple[int, ...], height: int, font: int, label_limit: int) -> dict:
    """The chart's spec for these rounds (cached); data come as dataset ``tally``."""
    names = [round_name(r) for r in rounds]
    colours = [EARLIER[i % len(EARLIER)] for i in range(len(names) - 1)] + [LATEST]
    base = alt.Chart(alt.Data(name="tally"))
    is_answer = f"indexof(datum.label, '{CHECK}') >= 0"
    y = alt.Y(
        "label:N",
        sort=alt.EncodingSortField("pos", op="min"),
        title=None,
        axis=alt.Axis(
            labelFontSize=font,
            labelLimit=label_limit,
            labelFontWeight=alt.ExprRef(f"{is_answer} ? 'bold' : 'normal'"),
            labelColor=alt.ExprRef(f"{is_answer} ? '{CORRECT}' : '#111111'"),
            ticks=False,
            domain=False,
        ),
    )
    # no count axis: every bar carries its count and share, big
    x = alt.X("count:Q", title=None, scale=alt.Scale(zero=True, nice=False), axis=None)
    offset = alt.YOffset("round:N", sort=names, scale=alt.Scale(domain=names))
    legend = alt.Legend(orient="top", title=None, labelFontSize=font) if len(names) > 1 else None
    colour = alt.Color("round:N", scale=alt.Scale(domain=names, range=colours), legend=legend)
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        y=y, x=x, yOffset=offset, color=colour, tooltip=["round:N", "label:N", "count:Q"]
    )
    text = base.mark_text(align="left", dx=5, fontSize=font, fontWeight="bold").encode(
        y=y, x=x, yOffset=offset, text="text:N"
    )
    # an invisible tick at xmax keeps the axis >= 1 wide, with room for the numbers
    room = base.mark_tick(opacity=0).encode(y=y, x=alt.X("xmax:Q", title=None, axis=None))
    chart = alt.layer(bars, text, room).properties(height=height)
    spec = chart.to_dict(validate=False)
    spec.get("config", {}).pop("view", None)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def tally_chart(
    question: Question,
    tallies: list[RoundTally],
    *,
    revealed: bool,
    height: int,
    full_labels: bool = True,
    font: int = theme.FONT_SIZE,
) -> dict:
    """The spec to pass to ``st.vega_lite_chart`` (cached spec + this moment's counts)."""
    rounds = tuple(t.round for t in tallies)
    limit = 520 if full_labels else 60
    spec = tally_spec(rounds, height, font, limit)
    return {**spec, "datasets": {"tally": tally_frame(question, tallies, full_labels, revealed)}}
