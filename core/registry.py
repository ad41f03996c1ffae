"""Name registries (activations, losses, init schemes): one lookup for all."""

from __future__ import annotations

from typing import Any


def lookup(registry: dict, name: Any, what: str) -> Any:
    """``registry[name]``, or a ValueError naming ``what`` and the known names.

    Parameters
    ----------
    registry : dict
        Name -> object.
    name : Any
        The name asked for (unhashable or unknown names are errors too).
    what : str
        What the names are, for the message ("activation", "loss", ...).
    """
    try:
        return registry[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown {what} {name!r}; choose one of {sorted(registry)}") from None
