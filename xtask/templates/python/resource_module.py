"""Operations tagged `{TAG}`: ``client.{NAME}`` and ``async_client.{NAME}``."""

from __future__ import annotations

import builtins as _b
import typing as _t

from . import _Resource

if _t.TYPE_CHECKING:
    from .. import models as _m
    from .._native import AsyncPager, FileInput, Pager
