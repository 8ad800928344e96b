"""The composition root and console script: settings, then storage, then a channel."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot import killpoints
from bot.settings import SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brobygger", description="Brobygger chatbot")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--participant", default="deg", help="who you are (a second run resumes)")
    chat.add_argument("--db", type=Path, help="SQLite file to use instead of DATABASE_URL")
    chat.add_argument("--coordinator", default="Kari", help="name used by the !ta/!skriv lines")
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
    draw = commands.add_parser("draw-flow", help="write the flow's Mermaid diagram")
    draw.add_argument("--output", type=Path, help="file to write (default: print)")
    return parser


def _database_url(db: Path | None) -> str:
    if db is not None:
        return f"sqlite+aiosqlite:///{db}"
    return load_settings().database_url


async def _chat(args: argparse.Namespace) -> None:
    from bot.app import open_storage
    from bot.channels.terminal import TerminalChannel

    storage = await open_storage(_database_url(args.db))
    try:
        channel = TerminalChannel(storage.sessions, args.participant, coordinator_name=args.coordinator)
        await channel.run()
    finally:
        await storage.close()


async def _telegram(args: argparse.Namespace) -> None:
    from bot.channels.telegram import create_channel, serve

    settings = load_settings()
    webhook = args.command == "webhook"
    settings.require_telegram(webhook=webhook)
    killpoints.arm(settings.kill_at)
    await serve(create_channel(settings, args.framework), webhook=webhook)


async def _migrate(args: argparse.Namespace) -> None:
    from storage.engine import create_engine
    from storage.migrate import upgrade

    engine = create_engine(_database_url(args.db))
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "chat":
            asyncio.run(_chat(args))
        elif args.command in ("run", "webhook"):
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
            for noisy in ("alembic", "transitions", "aiohttp.access"):
                logging.getLogger(noisy).setLevel(logging.WARNING)
            asyncio.run(_telegram(args))
        elif args.command == "migrate":
            asyncio.run(_migrate(args))
            print("database is up to date")
        elif args.command == "draw-flow":
            from bot.flow import mermaid

            drawing = mermaid()
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
        from bot.app import UnmigratedDatabase

        if isinstance(error, UnmigratedDatabase):
            print(f"brobygger: {error}", file=sys.stderr)
            return 2
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
