"""Connecting to the ledger database and bringing its schema up to date (Alembic).

SQLite in a file by default (no server to start); PostgreSQL for multi-user sites, by
URL (``postgresql+psycopg://user@host/db``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///maquila-ledger.db"


def normalise(url: str) -> str:
    """Plain ``postgresql://`` URLs use psycopg 3 (the driver maquila installs)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if "://" not in url:  # a bare path is a SQLite file
        return f"sqlite:///{Path(url)}"
    return url


def shown(url: str) -> str:
    """A database URL as it may be printed: with its password masked (never echoed)."""
    try:
        return make_url(normalise(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "<a database URL that cannot be read>"


def engine_for(url: str) -> Engine:
    engine = create_engine(normalise(url))
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    location = resources.files("maquila.ledger").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ini escaping
    return config


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (idempotent)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_problem(engine: Engine) -> str | None:
    """Why the database cannot be used as it is (not initialised, or an older schema)."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if current is None:
        return "the ledger database is not initialised: run `maquila ledger init` first"
    if current != head:
        return (
            f"the ledger database is at schema revision {current}, this maquila needs {head}: "
            "run `maquila ledger init` to upgrade it"
        )
    return None


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# the tables a bulk import or a posted run writes in quantity
BULK_TABLES = ("pedimento", "pedimento_line", "identifier", "entry", "contribution")


def refresh_statistics(session: Session) -> None:
    """PostgreSQL: ANALYZE the tables bulk writes fill, so the planner does not plan the
    next discharge on an empty-table estimate (a first bulk load left it minutes instead
    of seconds until autovacuum caught up). SQLite plans without them: nothing to do."""
    if session.get_bind().dialect.name != "postgresql":
        return
    with session.begin():
        session.execute(text("ANALYZE " + ", ".join(BULK_TABLES)))
