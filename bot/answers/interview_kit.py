"""Interview kits: a role's or office type's questions a page at a time, for the hiring manager (what a good
answer shows) or for the candidate (a tip on what to show), and the whole kit as a Markdown file to print.

Button data: "kit:<view>:<page>:<slug>" shows a page, "kitf:<view>:<slug>" sends the file; view is
"m" (hiring manager) or "c" (candidate).
"""

from __future__ import annotations

from bot.answers.model import Action, Answer, Block, Document
from bot.answers.subjects import Subject, find_subject
from bot.knowledge.model import KnowledgeBase, Question

PAGE, FILE = "kit", "kitf"
MANAGER, CANDIDATE = "m", "c"
VIEWS = (MANAGER, CANDIDATE)


class InterviewKit:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.page_size = max(1, int(kb.settings.get("interview_kit_page", 3)))

    def page(self, slug: str, view: str, page_text: str, lang: str, edit: bool) -> Answer | None:
        """One page of questions with buttons: more, the other view, the file; None for stale data."""
        subject = find_subject(self.kb, slug)
        pages = self._pages(subject) if subject else 0
        if subject is None or view not in VIEWS or not page_text.isdigit() or int(page_text) >= pages:
            return None
        page = int(page_text)
        first = page * self.page_size
        questions = subject.interview[first : first + self.page_size]
        blocks = (
            Block("title", self._title(subject, view, lang)),
            Block(
                "text",
                self.kb.text(
                    "kit_page", lang, first=first + 1, last=first + len(questions), total=len(subject.interview)
                ),
            ),
            Block("list", items=tuple(self._item(q, view, lang) for q in questions)),
        )
        actions = []
        if pages > 1:
            more = page + 1 < pages
            actions.append(
                Action(
                    self.kb.text("button_kit_more" if more else "button_kit_first", lang),
                    f"{PAGE}:{view}:{page + 1 if more else 0}:{slug}",
                )
            )
        other = CANDIDATE if view == MANAGER else MANAGER
        actions.append(
            Action(
                self.kb.text(f"button_kit_{'candidate' if other == CANDIDATE else 'manager'}", lang),
                f"{PAGE}:{other}:{page}:{slug}",
            )
        )
        actions.append(Action(self.kb.text("button_kit_file", lang), f"{FILE}:{view}:{slug}"))
        return Answer(blocks, tuple(actions), lang, edit=edit)

    def file(self, slug: str, view: str, lang: str) -> Answer | None:
        """The whole kit in the chosen view as a Markdown document, with a line saying what it is."""
        subject = find_subject(self.kb, slug)
        if subject is None or view not in VIEWS:
            return None
        document = Document(self.kb.text("kit_file_name", lang, slug=slug), self.markdown(subject, view, lang))
        blocks = (Block("text", self.kb.text("kit_file_sent", lang)),)
        back = Action(
            self.kb.text(f"button_kit_{'manager' if view == MANAGER else 'candidate'}", lang), f"{PAGE}:{view}:0:{slug}"
        )
        return Answer(blocks, (back,), lang, document=document)

    def markdown(self, subject: Subject, view: str, lang: str) -> str:
        """The kit as Markdown: numbered questions, each with its note and room for the interviewer's notes."""
        lines = [f"# {self._title(subject, view, lang)}", ""]
        label = self._label(view, lang)
        for number, question in enumerate(subject.interview, 1):
            lines += [
                f"{number}. **{question.text.get(lang)}**",
                "",
                f"   *{label}:* {question.good_answer.get(lang)}",
                "",
            ]
            if view == MANAGER:
                lines += [f"   {self.kb.text('kit_file_notes', lang)} ____________________________", ""]
        return "\n".join(lines)

    def _pages(self, subject: Subject) -> int:
        return -(-len(subject.interview) // self.page_size)

    def _title(self, subject: Subject, view: str, lang: str) -> str:
        key = "kit_title_manager" if view == MANAGER else "kit_title_candidate"
        return self.kb.text(key, lang, role=subject.display(lang))

    def _label(self, view: str, lang: str) -> str:
        return self.kb.text("good_answer" if view == MANAGER else "kit_tip", lang)

    def _item(self, question: Question, view: str, lang: str) -> str:
        marker = "→" if view == MANAGER else "💡"
        return f"{question.text.get(lang)}\n   {marker} {self._label(view, lang)}: {question.good_answer.get(lang)}"
