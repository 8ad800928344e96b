"""The composition root and console script: settings, then storage, then a channel."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

from bot import killpoints
from bot.core.reading.reader import open_reader
from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brobygger", description="Brobygger chatbot")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--participant", default="deg", help="who you are (a second run resumes)")
    chat.add_argument("--db", type=Path, help="SQLite file to use instead of DATABASE_URL")
    chat.add_argument("--coordinator", default="Kari", help="name used by the !ta/!skriv lines")
    chat.add_argument("--language", "--lang", help="your phone's language code: nn, en, uk, pl, ru, ...")
    for name, text in (
        ("run", "run on Telegram, polling for updates"),
        ("webhook", "run on Telegram, serving its webhook"),
    ):
        telegram = commands.add_parser(name, help=text)
        telegram.add_argument(
            "--framework",
            choices=("aiogram", "ptb"),
            help="Telegram library (default: BOT_FRAMEWORK, else aiogram)",
        )
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--db", type=Path, help="SQLite file to use instead of DATABASE_URL")
    rotate = commands.add_parser(
        "rotate-key",
        help="re-encrypt everything under the newest key (a new key on the embedded database); "
        "stop the bot first",
    )
    rotate.add_argument("--db", type=Path, help="SQLite file to use instead of DATABASE_URL")
    prune = commands.add_parser(
        "prune", help="apply the retention periods now (the running bot does it daily)"
    )
    prune.add_argument("--db", type=Path, help="SQLite file to use instead of DATABASE_URL")
    commands.add_parser(
        "check", help="check the set-up: Bot API and token, the group, the webhook, the database"
    )
    partners = commands.add_parser("partners", help="the partner directory: import or export a CSV file")
    partners.add_argument("action", choices=("import", "export"))
    partners.add_argument(
        "file", type=Path, help="CSV, UTF-8, header name,kind,tags,area,contact,description"
    )
    partners.add_argument("--db", type=Path, help="SQLite file to use instead of DATABASE_URL")
    draw = commands.add_parser("draw-flow", help="write a flow's Mermaid diagram")
    draw.add_argument("flow", nargs="?", default="brobygger", help="brobygger (default) or checkin")
    draw.add_argument("--output", type=Path, help="file to write (default: print)")
    return parser


def _database_url(db: Path | None) -> str:
    if db is not None:
        return f"sqlite+aiosqlite:///{db}"
    return load_settings().database_url


async def _chat(args: argparse.Namespace) -> None:
    from sqlalchemy.engine import make_url

    from bot.channels.terminal import TerminalChannel
    from bot.core.conversation import utc_now
    from bot.runtime.retention import Periods, prune
    from bot.startup import open_storage

    settings = load_settings()
    storage = await open_storage(_database_url(args.db), settings.keys)
    try:
        await prune(storage.sessions, utc_now(), Periods.from_settings(settings))
        database = make_url(storage.engine.url).database
        files = Path(database).resolve().parent if database and database != ":memory:" else Path.cwd()
        channel = TerminalChannel(
            storage.sessions,
            args.participant,
            coordinator_name=args.coordinator,
            files=files,
            followup_hour=settings.followup_hour,
            welcome_back_hours=settings.welcome_back_hours,
            opening_hours=settings.opening_hours,
            reader=open_reader(settings.reading_model),
            language=args.language,
        )
        await channel.run()
    finally:
        await storage.close()


async def _telegram(args: argparse.Namespace) -> int:
    from bot.channels.telegram.channel import create_channel, serve

    settings = load_settings()
    webhook = args.command == "webhook"
    settings.require_telegram(webhook=webhook)
    killpoints.arm(settings.kill_at)
    channel = create_channel(settings, args.framework)
    try:
        return await serve(channel, webhook=webhook)
    except Exception:
        # A start that failed (the database's disk full, say) leaves the framework's HTTP session
        # open: its warnings at exit would bury the one line main() prints.
        with contextlib.suppress(Exception):
            await channel.api.close()
        raise


async def _migrate(args: argparse.Namespace) -> None:
    """Migrate, then open it with its keys: rows written before encryption are encrypted now."""
    from bot.startup import open_storage
    from storage.engine import create_engine
    from storage.migrate import upgrade

    url = _database_url(args.db)
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    storage = await open_storage(url, load_settings().keys)
    await storage.close()


async def _rotate_key(args: argparse.Namespace) -> None:
    """ENCRYPTION_KEYS: re-encrypt under its first key (put the new one first, then remove the old
    ones after this). The embedded database's key file: a new key, everything re-encrypted, and
    the old key dropped from the file."""
    from bot.startup import open_storage
    from storage.crypto import Keyring
    from storage.keys import key_file_for, rotate, write_key_file

    url = _database_url(args.db)
    configured = load_settings().keys
    key_file = None if configured else key_file_for(url)
    if key_file is not None and key_file.exists():
        old = key_file.read_text().split()
        write_key_file(key_file, [Keyring.new_key(), *old])  # old keys still read until done
    storage = await open_storage(url, configured)
    try:
        count = await rotate(storage.engine, storage.keyring)
    finally:
        await storage.close()
    if key_file is not None and key_file.exists():
        write_key_file(key_file, key_file.read_text().split()[:1])
        print(
            f"re-encrypted {count} values under a new key; {key_file} holds only the new key now (back it up)"
        )
    else:
        print(f"re-encrypted {count} values under the first key of ENCRYPTION_KEYS; the others can go now")


async def _prune(args: argparse.Namespace) -> None:
    from bot.core.conversation import utc_now
    from bot.runtime.retention import Periods, prune
    from bot.startup import open_storage

    settings = load_settings()
    storage = await open_storage(_database_url(args.db), settings.keys)
    try:
        print(await prune(storage.sessions, utc_now(), Periods.from_settings(settings)))
    finally:
        await storage.close()


async def _partners(args: argparse.Namespace) -> int:
    from bot.core.conversation import utc_now
    from bot.partners.directory import DirectoryError, export_text, import_file
    from bot.startup import open_storage
    from storage.unit_of_work import UnitOfWork

    storage = await open_storage(_database_url(args.db), load_settings().keys)
    try:
        async with UnitOfWork(storage.sessions) as uow:
            if args.action == "export":
                args.file.write_text(await export_text(uow), encoding="utf-8")
                print(f"wrote {len(await uow.partners.all())} partners to {args.file}")
                return 0
            try:
                imported = await import_file(uow, args.file, utc_now())
            except (DirectoryError, OSError) as error:
                print(f"brobygger: {args.file}: nothing imported:\n{error}", file=sys.stderr)
                return 1
            print(f"imported {args.file}: {imported.added} new partners, {imported.updated} updated")
            return 0
    finally:
        await storage.close()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "chat":
            asyncio.run(_chat(args))
        elif args.command in ("run", "webhook"):
            settings = load_settings()
            keys = (settings.keys or "").split(",")
            configure_logging(settings.log_level, secrets=[settings.token or "", *keys])
            return asyncio.run(_telegram(args))
        elif args.command == "migrate":
            asyncio.run(_migrate(args))
            print("database is up to date")
        elif args.command == "rotate-key":
            asyncio.run(_rotate_key(args))
        elif args.command == "prune":
            asyncio.run(_prune(args))
        elif args.command == "partners":
            return asyncio.run(_partners(args))
        elif args.command == "check":
            from bot.check import report, run_checks

            return report(asyncio.run(run_checks(load_settings())))
        elif args.command == "draw-flow":
            from bot.core.flow_engine import flows

            known = flows()
            if args.flow not in known:
                print(f"brobygger: no flow named {args.flow!r} ({', '.join(known)})", file=sys.stderr)
                return 2
            drawing = known[args.flow].mermaid()
            if args.output:
                args.output.write_text(drawing, encoding="utf-8")
            else:
                sys.stdout.write(drawing)
    except SettingsError as error:
        print(f"brobygger: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the one line a person starting the bot needs, not a traceback
        from bot.startup import UnmigratedDatabase
        from storage.crypto import KeyProblem
        from storage.health import disk_full_words, is_disk_full

        if isinstance(error, UnmigratedDatabase | KeyProblem):
            print(f"brobygger: {error}", file=sys.stderr)
            return 2
        if is_disk_full(error):
            print(
                f"brobygger: the database's disk is full ({disk_full_words(error)}): "
                "free some space, then start again",
                file=sys.stderr,
            )
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
