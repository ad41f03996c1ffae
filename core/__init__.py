"""Backprop Lab core: numpy only (no streamlit, pandas or altair).

Modules follow WORKSHEET.md's notation (S, x, delta, W, b; layers l = 1..L).
"""
