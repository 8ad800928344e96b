"""Replies to what is not an answer: a question to the bot is answered, a greeting or thanks
returned, a refusal respected, a command without its slash run, another language or low mood met;
then, in most cases, the same question again. Nothing of it is stored as an answer."""

from __future__ import annotations

from bot.core import care, commands
from bot.core.flow_engine import Question
from bot.core.handoff import request_human, say_wait
from bot.core.i18n import N_
from bot.core.phrases import asks_for_human
from bot.core.plan import where_text
from bot.core.prompts import ask
from bot.core.turn import Turn
from bot.core.understanding import (
    COMMAND,
    CONFUSED,
    GREETING,
    HARMFUL,
    LANGUAGE,
    LOW_MOOD,
    OFF_TOPIC,
    QUESTION,
    REFUSAL,
    THANKS,
    command_in_words,
    faq_topic,
)

FAQ_REPLIES = {
    "point": N_("faq.point"),
    "who_sees": N_("faq.who_sees"),
    "delete": N_("faq.delete"),
    "cost": N_("faq.cost"),
    "human": N_("faq.human"),
    "wait": N_("faq.wait"),
    "bridge_builder": N_("faq.bridge_builder"),
    "how_long": N_("faq.how_long"),
}
KIND_REPLIES = {
    GREETING: N_("offscript.greeting"),
    THANKS: N_("offscript.thanks"),
    LANGUAGE: N_("offscript.language"),
    OFF_TOPIC: N_("offscript.off_topic"),
}


async def reply(turn: Turn, kind: str, text: str, asked: Question | None) -> None:
    """The reply to a message of this kind at this question (None: at the consent)."""
    turn.event("off_script", kind=kind, question=asked.name if asked else "consent")
    if kind == HARMFUL:
        await harmful(turn)
    elif kind == QUESTION:
        await _answer_question(turn, text, asked)
    elif kind == COMMAND:
        await _command(turn, text)
    elif kind == LOW_MOOD:
        care.offer_human(turn, N_("offscript.low_mood"))
    elif kind == REFUSAL:
        await _refusal(turn, asked)
    elif kind == CONFUSED:
        if asked is None:
            turn.say(N_("consent.more"))
            await ask(turn)
        else:
            # Like "vet ikke": the question said another way once, then the offer of a human.
            participant = turn.participant
            if participant.dont_know_step != asked.step or participant.dont_know_count == 0:
                turn.say(N_("offscript.confused"))
            from bot.core import answering  # answering reads answers, and sends non-answers here

            await answering.dont_know(turn, asked)
    else:
        turn.say(KIND_REPLIES.get(kind, N_("offscript.off_topic")))
        await ask(turn)


async def harmful(turn: Turn) -> None:
    """A step or goal that would do harm: not praised, not stored; care and the offer of a person."""
    turn.event("harmful_step")
    care.offer_human(turn, N_("offscript.harmful"))


async def _answer_question(turn: Turn, text: str, asked: Question | None) -> None:
    topic = faq_topic(text) or await turn.topic_of(text)  # in any wording the model knows
    if topic == "where":
        turn.say(N_("offscript.where"), where=where_text(turn))
    elif topic == "wait":
        say_wait(turn)
    elif topic in FAQ_REPLIES:
        turn.say(FAQ_REPLIES[topic])
    elif topic is None and asked is not None:
        # A question the bot cannot place ("konkret?"): most often about the question itself.
        turn.say(N_("offscript.confused"))
        turn.say(asked.hint)
        return
    else:
        turn.say(N_("offscript.question"))
    await ask(turn)


async def _command(turn: Turn, text: str) -> None:
    name = command_in_words(text)
    if name is None and asks_for_human(text):  # asking for a human, in words
        await request_human(turn)
    elif name is None:
        # The model heard a wish about the conversation the rules cannot name ("ska slutt på det
        # her kurset"): the commands shown, not a case opened on a guess.
        await commands.run(turn, "hjelp", None)
    elif name == "stop":
        turn.say(N_("offscript.stop"))  # nothing more is asked until they write
    elif name == "change":
        turn.say(N_("offscript.change"))
        await ask(turn)
    else:
        await commands.run(turn, name, None)


async def _refusal(turn: Turn, asked: Question | None) -> None:
    """Not wanting to answer is fine: the question is skipped (a plan can have gaps)."""
    if asked is None:
        turn.say(N_("consent.unclear"))
        await ask(turn)
        return
    from bot.core import answering  # answering reads answers, and sends non-answers here

    turn.say(N_("offscript.refusal"))
    await answering.skip(turn, asked)


async def welcome_back(turn: Turn) -> None:
    """After a break: a greeting, where they are, and the question again."""
    name = turn.participant.first_name
    if name:
        turn.say(N_("offscript.welcome_back_name"), name=name, where=where_text(turn))
    else:
        turn.say(N_("offscript.welcome_back"), where=where_text(turn))
    await ask(turn)
