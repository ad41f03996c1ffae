"""Backprop Lab core: numpy only (no streamlit, pandas or altair).

Modules follow the worksheet's notation (S, x, delta, W, b; layers l = 1..L).
"""
