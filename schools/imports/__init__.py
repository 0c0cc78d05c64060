"""Readers for the data files the register is built from: GIAS establishments, Ofsted outcomes, indicators.

Each importer validates every in-scope row before writing anything and returns an ImportResult.
"""

from .base import ImportResult, RowError

__all__ = ["ImportResult", "RowError"]
