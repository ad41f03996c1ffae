"""The class poll page's pieces: store access, host (projector) view, student view,
tally chart and QR code. The store itself is :mod:`classroom` (no Streamlit there)."""
