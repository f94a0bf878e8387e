"""The Telegram adapter: renders core Answers as HTML and keyboards, and wires python-telegram-bot.

Only this package imports `telegram`; the core (bot.core, bot.nlu, bot.answers) stays platform-free.
"""
