"""A fake Telegram Bot API server on 127.0.0.1 so the bot can be tested end to end, offline.

It speaks just enough of the Bot API for python-telegram-bot: long-polling getUpdates fed by
push_text()/push_callback(), and sendMessage & co. recorded in `calls` and `sent`. Use it as an
async context manager inside the test's event loop:

    async with FakeBotApi() as server:
        app = build_application(server.token, engine, base_url=server.base_url)
        server.push_text(42, "hello")
        [reply] = await server.wait_for_messages(1, timeout=5)

Faults, for the resilience tests: fail_next (429 with retry_after, 5xx, 4xx; optionally for one chat),
delay_next (slow answers; a timeout when longer than the client waits), hold_next (an answer held until the
test releases it), drop_next (the connection closed without an answer), go_away()/come_back() (nothing
listening, then back on the same port).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web

DEFAULT_TOKEN = "123:TEST"
BOT_USERNAME = "officebot_test_bot"

# Parameters that the Bot API receives as JSON-serialised strings in form bodies.
JSON_PARAMS = {
    "reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
    "link_preview_options", "reply_parameters", "results", "media",
}
INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"}


def bot_user(token: str = DEFAULT_TOKEN) -> dict[str, Any]:
    """The bot's own User object; its id is the token's numeric prefix, as on Telegram."""
    return {
        "id": int(token.split(":", 1)[0]),
        "is_bot": True,
        "first_name": "OfficeBot",
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def human_user(user_id: int, user_lang: str | None = "en") -> dict[str, Any]:
    """A human User object; the language code drives the bot's reply language."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Tester"}
    if user_lang:
        user["language_code"] = user_lang
    return user


def private_chat(chat_id: int) -> dict[str, Any]:
    """A private Chat object (the user's id is the chat id, as on Telegram)."""
    return {"id": chat_id, "type": "private", "first_name": "Tester"}


def message_update(
    update_id: int, message_id: int, chat_id: int, user_lang: str | None = "en", **content: Any
) -> dict[str, Any]:
    """An Update carrying a new message with arbitrary content (text=..., sticker=..., ...)."""
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": private_chat(chat_id),
        "from": human_user(chat_id, user_lang),
        **content,
    }
    return {"update_id": update_id, "message": message}


def text_update(
    update_id: int, message_id: int, chat_id: int, text: str, user_lang: str | None = "en"
) -> dict[str, Any]:
    """An Update with a text message; a leading /command gets the bot_command entity Telegram adds."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return message_update(update_id, message_id, chat_id, user_lang, **content)


def document_update(
    update_id: int, message_id: int, chat_id: int, file_id: str, size: int, name: str = "ad.txt",
    caption: str | None = None, user_lang: str | None = "en", mime: str = "text/plain",
) -> dict[str, Any]:
    """An Update with a document (a .txt file the user sends), and its caption when there is one."""
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": name, "mime_type": mime,
                "file_size": size}
    content: dict[str, Any] = {"document": document}
    if caption:
        content["caption"] = caption
    return message_update(update_id, message_id, chat_id, user_lang, **content)


def callback_update(
    update_id: int,
    query_id: str,
    chat_id: int,
    data: str,
    message_id: int,
    message_text: str = "…",
    user_lang: str | None = "en",
    token: str = DEFAULT_TOKEN,
) -> dict[str, Any]:
    """An Update for a tapped inline button under the bot's message `message_id`."""
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": private_chat(chat_id),
        "from": bot_user(token),
        "text": message_text,
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id,
            "from": human_user(chat_id, user_lang),
            "chat_instance": f"instance-{chat_id}",
            "data": data,
            "message": message,
        },
    }



def group_chat(chat_id: int) -> dict[str, Any]:
    """A group Chat object (group ids are negative on Telegram)."""
    return {"id": chat_id, "type": "group", "title": "Office team"}


def _utf16_len(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def group_text_update(
    update_id: int, message_id: int, chat_id: int, user_id: int, text: str, user_lang: str | None = "en",
    reply_to: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An Update with a text message in a group: @mentions and a leading /command get their entities,
    and `reply_to` (a Message object) makes it a reply."""
    entities = [{"type": "mention", "offset": _utf16_len(text[: m.start()]), "length": _utf16_len(m.group())}
                for m in re.finditer(r"@\w+", text)]
    if text.startswith("/"):
        entities.insert(0, {"type": "bot_command", "offset": 0, "length": _utf16_len(text.split(maxsplit=1)[0])})
    message: dict[str, Any] = {
        "message_id": message_id, "date": int(time.time()), "chat": group_chat(chat_id),
        "from": human_user(user_id, user_lang), "text": text,
    }
    if entities:
        message["entities"] = entities
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return {"update_id": update_id, "message": message}


def bot_message_in(chat: dict[str, Any], message_id: int, text: str, token: str = DEFAULT_TOKEN) -> dict[str, Any]:
    """A Message object the bot sent earlier in `chat`, for a reply to point at."""
    return {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": bot_user(token), "text": text}


def inline_query_update(update_id: int, query_id: str, user_id: int, query: str,
                        user_lang: str | None = "en") -> dict[str, Any]:
    """An Update for "@bot <query>" typed in any chat."""
    return {"update_id": update_id,
            "inline_query": {"id": query_id, "from": human_user(user_id, user_lang), "query": query, "offset": ""}}



class BotExited(AssertionError):
    """The bot process ended while a test or benchmark was waiting for it to answer."""


@dataclass
class Fault:
    """What the server does instead of answering a call normally, for the next `times` matching calls.

    `error` answers {"ok": false} with `code` (and `parameters.retry_after` when set), as Telegram does for
    429 and 5xx; `delay` waits `seconds` before handling the call (a client that gave up meanwhile gets
    nothing handled: the call is lost, as a request that never reached Telegram); `hold` waits until the test
    calls release() (no timing in the test: "while this chat's answer is held, the others are answered");
    `drop` closes the connection without an answer and without handling the call. `times=None` means every
    later call.
    """

    method: str                      # a Bot API method name, or "*" for any method but getUpdates
    kind: Literal["error", "delay", "hold", "drop"]
    times: int | None = 1
    code: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None
    seconds: float = 0.0
    chat_id: int | None = None       # only calls for this chat
    released: asyncio.Event | None = None  # for `hold`: set by release()

    def release(self) -> None:
        """Let the held calls go on (and every later one this fault would have held)."""
        assert self.released is not None, "only a hold can be released"
        self.released.set()

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.method == "*" and method == "getUpdates":
            return False
        if self.method not in ("*", method):
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

class FakeBotApi:
    """The fake server; all methods must be called from the event loop that started it."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []  # every request, in arrival order
        self.sent: list[dict[str, Any]] = []  # sendMessage params
        self.documents: list[dict[str, Any]] = []  # sendDocument params (uploads as filename + content)
        self.commands: dict[str, list[dict[str, Any]]] = {}  # setMyCommands by language_code ("" = default)
        self.faults: list[Fault] = []  # see fail(), fail_next(), delay_next(), drop_next()
        self.webhook: dict[str, Any] = {}  # the last setWebhook params; deleteWebhook empties it
        self.callback_answers: list[dict[str, Any]] = []  # answerCallbackQuery params
        self.inline_answers: list[dict[str, Any]] = []  # answerInlineQuery params
        self.files: dict[str, bytes] = {}  # file_id -> content, served by getFile and /file/bot<token>/<path>
        self.away = False  # between go_away() and come_back(): nothing listens on `port`
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)  # shared by user and bot messages, as in a chat
        self._query_ids = itertools.count(1)
        self._changed = asyncio.Event()  # replaced after each set(): a broadcast to all waiters
        self._closing = False
        self._faulted = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeBotApi:
        """Listen on 127.0.0.1 on a free port (see `port` and `base_url`)."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def go_away(self) -> None:
        """Disappear like an unreachable Telegram: close every connection and stop listening.

        Long polls are released without updates, so nothing queued is handed out while away.
        Updates pushed meanwhile wait, as on Telegram, for the bot to come back for them.
        """
        self.away = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def come_back(self) -> None:
        """Listen again on the same port (the bot's base_url stays valid)."""
        self.away = False
        await self.start()

    async def stop(self) -> None:
        """Release long-polling requests and held calls, then close the server."""
        self._closing = True
        for fault in self.faults:
            if fault.released is not None:
                fault.released.set()
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The value for python-telegram-bot's base_url (the token is appended to it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what a user does -------------------------------------------------------------------

    def push_text(self, chat_id: int, text: str, user_lang: str | None = "en") -> dict[str, Any]:
        """Queue a text message (or /command) from a user for the next getUpdates."""
        update = text_update(next(self._update_ids), next(self._message_ids), chat_id, text, user_lang)
        return self._push(update)

    def push_message(self, chat_id: int, user_lang: str | None = "en", **content: Any) -> dict[str, Any]:
        """Queue a message with any content, e.g. sticker={...} or photo=[...]."""
        update = message_update(next(self._update_ids), next(self._message_ids), chat_id, user_lang, **content)
        return self._push(update)

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any Update (an edited message, a channel post, an inline query...) under the next update_id."""
        return self._push({**update, "update_id": next(self._update_ids)})

    def push_callback(
        self, chat_id: int, data: str, message_id: int, user_lang: str | None = "en"
    ) -> dict[str, Any]:
        """Queue a tap on a button with callback `data` under the bot's message `message_id`."""
        original = next((m for m in self.sent if m.get("message_id") == message_id), {})
        update = callback_update(
            next(self._update_ids), str(next(self._query_ids)), chat_id, data, message_id,
            message_text=original.get("text", "…"), user_lang=user_lang, token=self.token,
        )
        return self._push(update)

    def push_group_text(self, chat_id: int, user_id: int, text: str, user_lang: str | None = "en",
                        reply_to_message_id: int | None = None) -> dict[str, Any]:
        """Queue a message in a group; `reply_to_message_id` makes it a reply to the bot's message of that id."""
        reply_to = None
        if reply_to_message_id is not None:
            original = next((m for m in self.sent if m.get("message_id") == reply_to_message_id), {})
            reply_to = bot_message_in(group_chat(chat_id), reply_to_message_id, original.get("text", "…"), self.token)
        update = group_text_update(next(self._update_ids), next(self._message_ids), chat_id, user_id, text,
                                   user_lang, reply_to)
        return self._push(update)

    def push_inline_query(self, user_id: int, query: str, user_lang: str | None = "en") -> dict[str, Any]:
        """Queue an inline query ("@bot <query>")."""
        return self._push(inline_query_update(next(self._update_ids), str(next(self._query_ids)), user_id, query,
                                              user_lang))

    def edits(self) -> list[dict[str, Any]]:
        """The editMessageText calls so far, in order."""
        return [params for method, params in self.calls if method == "editMessageText"]

    async def wait_for_messages(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least `n` messages were sent in total; return all sent so far."""
        await self.wait_until(lambda: len(self.sent) >= n, timeout, f"{n} sent messages")
        return list(self.sent)

    async def wait_until(self, condition: Callable[[], bool], timeout: float, what: str = "condition") -> None:
        """Wait until `condition()` holds, re-checking after every request and push."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"waited {timeout} s for {what}; sent so far: {self.sent}")
            await self._wait_changed(remaining)

    async def wait_while_running(self, process: asyncio.subprocess.Process, condition: Callable[[], bool],
                                 timeout: float, output: Callable[[], str]) -> None:
        """Wait for `condition`, but stop at once, showing the bot's output, if the bot process exits first."""
        waiting = asyncio.ensure_future(self.wait_until(condition, timeout))
        exiting = asyncio.ensure_future(process.wait())
        await asyncio.wait({waiting, exiting}, return_when=asyncio.FIRST_COMPLETED)
        if not waiting.done():
            waiting.cancel()
            raise BotExited(f"the bot exited with code {process.returncode}:\n{output()}")
        exiting.cancel()
        waiting.result()

    def fail(self, method: str, error_code: int = 400, description: str = "Bad Request: test failure") -> None:
        """Make every later call of `method` fail as the Bot API would (recorded in `calls` all the same)."""
        self.faults.append(Fault(method, "error", None, error_code, description))

    def fail_next(self, method: str, times: int = 1, code: int = 500, description: str = "Internal Server Error",
                  retry_after: int | None = None, chat_id: int | None = None) -> Fault:
        """Fail the next `times` calls of `method` ("*": any but getUpdates); 429 + retry_after = flood control."""
        if retry_after is not None and code == 500:
            code, description = 429, f"Too Many Requests: retry after {retry_after}"
        return self._add(Fault(method, "error", times, code, description, retry_after, chat_id=chat_id))

    def delay_next(self, method: str, seconds: float, times: int = 1, chat_id: int | None = None) -> Fault:
        """Answer the next `times` calls of `method` only after `seconds` (slow answers; timeouts if long)."""
        return self._add(Fault(method, "delay", times, seconds=seconds, chat_id=chat_id))

    def hold_next(self, method: str, times: int = 1, chat_id: int | None = None) -> Fault:
        """Hold the next `times` calls of `method` (for one chat) until the returned fault's release()."""
        return self._add(Fault(method, "hold", times, chat_id=chat_id, released=asyncio.Event()))

    def drop_next(self, method: str, times: int = 1) -> Fault:
        """Close the connection of the next `times` calls of `method` without answering or handling them."""
        return self._add(Fault(method, "drop", times))

    def faulted(self) -> int:
        """How many calls got a fault instead of a normal answer so far."""
        return self._faulted

    def methods(self) -> list[str]:
        """Names of the methods called so far, in order."""
        return [method for method, _ in self.calls]

    # -- internals ----------------------------------------------------------------------------

    def _add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def _fault_for(self, method: str, params: dict[str, Any]) -> Fault | None:
        """The first fault that applies to this call, used up by one."""
        for fault in self.faults:
            if fault.matches(method, params):
                if fault.times is not None:
                    fault.times -= 1
                self._faulted += 1
                return fault
        return None

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        self._updates.append(update)
        self._notify()
        return update

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_changed(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            pass

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.match_info["method"]
        params = await _read_params(request)
        self.calls.append((method, params))
        self._notify()  # a waiter on calls (e.g. "is it polling yet?") need not wait for a long poll to end
        fault = self._fault_for(method, params)
        if fault is not None and fault.kind == "drop":
            assert request.transport is not None
            request.transport.abort()  # no status line, no body: the client sees a broken connection
            return web.Response()
        if fault is not None and fault.kind == "hold":
            assert fault.released is not None
            await fault.released.wait()
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            if request.transport is None or request.transport.is_closing():
                return web.Response()  # the client gave up waiting: the call is never handled
        if fault is not None and fault.kind == "error":
            payload: dict[str, Any] = {"ok": False, "error_code": fault.code, "description": fault.description}
            if fault.retry_after is not None:
                payload["parameters"] = {"retry_after": fault.retry_after}
            return _reply(payload, fault.code)
        handler = getattr(self, f"_api_{method.lower()}", None)
        result = await handler(params) if handler else True
        self._notify()
        return _reply({"ok": True, "result": result})

    def add_file(self, content: bytes) -> str:
        """Keep a file a user sends (a document) for getFile; its file_id."""
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = content
        return file_id

    async def _api_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        content = self.files.get(file_id, b"")
        return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(content),
                "file_path": f"documents/{file_id}.txt"}

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1].removesuffix(".txt")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    async def _api_getme(self, params: dict[str, Any]) -> Any:
        return bot_user(self.token)

    async def _api_getupdates(self, params: dict[str, Any]) -> Any:
        offset = params.get("offset")
        if offset is not None:  # confirming: everything before `offset` is gone for good
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = params.get("limit") or 100
        deadline = asyncio.get_running_loop().time() + float(params.get("timeout") or 0)
        while not self._updates and not self._closing and not self.away:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await self._wait_changed(remaining)
        return [] if self.away else self._updates[:limit]

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        message = self._bot_message(params, text=params.get("text", ""))
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.sent.append({**params, "message_id": message["message_id"]})
        return message

    async def _api_senddocument(self, params: dict[str, Any]) -> Any:
        self.documents.append(params)
        upload = params.get("document")
        name = upload["filename"] if isinstance(upload, dict) else str(upload)
        document = {"file_id": "doc-1", "file_unique_id": "doc-1", "file_name": name}
        return self._bot_message(params, document=document)

    async def _api_editmessagetext(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        return self._bot_message(params, message_id=params.get("message_id"), text=params.get("text", ""))

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        return self._bot_message(params, message_id=params.get("message_id"), text="…")

    async def _api_setmycommands(self, params: dict[str, Any]) -> Any:
        self.commands[params.get("language_code") or ""] = list(params.get("commands") or [])
        return True

    async def _api_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(params.get("language_code") or "", [])

    async def _api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    async def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = dict(params)
        return True

    async def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True

    async def _api_answerinlinequery(self, params: dict[str, Any]) -> Any:
        self.inline_answers.append(params)
        return True

    def _bot_message(self, params: dict[str, Any], message_id: int | None = None, **content: Any) -> dict[str, Any]:
        """A Message object as the bot's own, in the chat the request named."""
        chat_id = params.get("chat_id", 0)
        chat = private_chat(chat_id) if isinstance(chat_id, int) else {"id": -1, "type": "channel"}
        return {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": bot_user(self.token),
            **content,
        }


def _reply(payload: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(payload, status=status)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Read query, JSON, urlencoded or multipart parameters, decoded like the Bot API does."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            for key, value in (await request.post()).items():
                params[key] = value if isinstance(value, str) else {"filename": value.filename,
                                                                    "content": value.file.read()}
    for key, value in params.items():
        if not isinstance(value, str):
            continue
        if key in JSON_PARAMS:
            params[key] = json.loads(value)
        elif key in INT_PARAMS:
            try:
                params[key] = int(value)
            except ValueError:
                pass  # e.g. chat_id="@channel"
    return params
