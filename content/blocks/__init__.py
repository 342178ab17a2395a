"""The block library: one StreamBlock used by every page's body."""

from .body import BODY_BLOCK_NAMES, BodyBlock

__all__ = ["BODY_BLOCK_NAMES", "BodyBlock"]
