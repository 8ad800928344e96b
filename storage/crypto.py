"""Encryption at rest: column types that store text and JSON as Fernet tokens, under the keys of
the engine they are written through (newest first, so older keys still read)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeDecorator

# Every Fernet token starts with its version byte, 0x80, which base64 writes as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"
_ATTRIBUTE = "brobygger_keyring"


class KeyProblem(Exception):
    """The keys cannot be used: missing, malformed, or not the ones the data was written with."""


class Keyring:
    """Fernet keys, the newest first: it encrypts, and any of them decrypts."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise KeyProblem("no encryption key")
        try:
            self._fernets = [Fernet(key.strip().encode()) for key in keys]
        except (ValueError, TypeError) as error:
            raise KeyProblem("an encryption key is malformed (it must be a Fernet key)") from error
        self._multi = MultiFernet(self._fernets)
        self.keys = [key.strip() for key in keys]

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode()

    def encrypt(self, data: bytes) -> str:
        return self._multi.encrypt(data).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        try:
            return self._multi.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError) as error:
            raise KeyProblem("encrypted data that these keys cannot read") from error

    def rotate(self, token: str) -> str:
        """The same data under the newest key."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError) as error:
            raise KeyProblem("encrypted data that these keys cannot read") from error


def attach(engine: AsyncEngine, keyring: Keyring) -> None:
    """Give the engine its keys: every encrypted column written or read through it uses them."""
    setattr(engine.sync_engine.dialect, _ATTRIBUTE, keyring)


def keyring_of(dialect: Dialect) -> Keyring:
    keyring = getattr(dialect, _ATTRIBUTE, None)
    if keyring is None:
        raise KeyProblem("the engine has no encryption keys (storage opened without them)")
    assert isinstance(keyring, Keyring)
    return keyring


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token; the empty string stays empty (nothing to hide)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or value == "":
            return value
        return keyring_of(dialect).encrypt(value.encode("utf-8"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or value == "":
            return value
        return keyring_of(dialect).decrypt(value).decode("utf-8")


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring_of(dialect).encrypt(json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return json.loads(keyring_of(dialect).decrypt(value))
