"""Message ids for values stored as codes: case statuses and reasons and input kinds."""

from __future__ import annotations

from bot.core.i18n import N_

CASE_STATUS = {
    "open": N_("case.status.open"),
    "claimed": N_("case.status.claimed"),
    "closed": N_("case.status.closed"),
}
CASE_REASON = {
    "requested": N_("case.reason.requested"),
    "stuck": N_("case.reason.stuck"),
    "network": N_("case.reason.network"),
    "introduction": N_("case.reason.introduction"),
    "checkin": N_("case.reason.checkin"),
    "suicide": N_("case.reason.suicide"),
    "self_harm": N_("case.reason.self_harm"),
    "violence": N_("case.reason.violence"),
    "attempt": N_("case.reason.attempt"),
    "caring_reply": N_("case.reason.caring_reply"),
}
# The partner directory's kinds (bot/partners/directory.py KINDS).
PARTNER_KIND = {
    "employer": N_("partner.kind.employer"),
    "praksis": N_("partner.kind.praksis"),
    "course": N_("partner.kind.course"),
    "public": N_("partner.kind.public"),
}
# What the bot says when it gets something it cannot read, by kind.
NON_TEXT_REPLY = {
    "sticker": N_("nontext.sticker"),
    "photo": N_("nontext.photo"),
    "voice": N_("nontext.voice"),
    "audio": N_("nontext.voice"),
    "video": N_("nontext.video"),
    "video_note": N_("nontext.video"),
    "animation": N_("nontext.sticker"),
    "document": N_("nontext.document"),
    "location": N_("nontext.location"),
    "contact": N_("nontext.contact"),
    "poll": N_("nontext.other"),
    "other": N_("nontext.other"),
}
# How a non-text message is named where a text would stand (relay, case history).
KIND_NAME = {
    "text": N_("kind.text"),
    "sticker": N_("kind.sticker"),
    "photo": N_("kind.photo"),
    "voice": N_("kind.voice"),
    "audio": N_("kind.voice"),
    "video": N_("kind.video"),
    "video_note": N_("kind.video"),
    "animation": N_("kind.sticker"),
    "document": N_("kind.document"),
    "location": N_("kind.location"),
    "contact": N_("kind.contact"),
    "poll": N_("kind.other"),
    "other": N_("kind.other"),
}
SCRUBBED = {
    "identity_number": N_("scrubbed.identity_number"),
    "email": N_("scrubbed.email"),
    "phone": N_("scrubbed.phone"),
    "account_number": N_("scrubbed.account_number"),
}
AUTHOR = {
    "participant": N_("author.participant"),
    "coordinator": N_("author.coordinator"),
}
# How a non-text message is named in a sentence ("Ola sendte et bilde").
KIND_PHRASE = {
    "sticker": N_("kind_phrase.sticker"),
    "animation": N_("kind_phrase.sticker"),
    "photo": N_("kind_phrase.photo"),
    "voice": N_("kind_phrase.voice"),
    "audio": N_("kind_phrase.voice"),
    "video": N_("kind_phrase.video"),
    "video_note": N_("kind_phrase.video"),
    "document": N_("kind_phrase.document"),
    "location": N_("kind_phrase.location"),
    "contact": N_("kind_phrase.contact"),
    "poll": N_("kind_phrase.other"),
    "other": N_("kind_phrase.other"),
}
