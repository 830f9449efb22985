"""registration questions: asked of delegation members; keyed, multilingual choices

Choices were a list of strings and answers stored the string itself. They
become [{"key", "label": {main language: text}, "retired"}] and answers store
the key (a multiple-choice answer, a JSON list of keys), so a choice's wording
can change, in every language, without touching the answers.

Revision ID: questions
Revises: 0001
"""

import json
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "questions"
down_revision = "0001"
branch_labels = None
depends_on = None

CHOICE_KINDS = ("single_choice", "multiple_choice")

question = sa.table(
    "registration_question",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("choices", sa.JSON),
)
meeting = sa.table(
    "meeting", sa.column("id", sa.Integer), sa.column("main_language", sa.String)
)
answer = sa.table(
    "registration_answer",
    sa.column("id", sa.Integer),
    sa.column("question_id", sa.Integer),
    sa.column("value", sa.Text),
)


def _key(text: str, taken: set) -> str:
    # The same rule as registration/questions.py choice_key(), frozen here.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:30] or "choice"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    return candidate


def _keyed(choices, language: str) -> tuple[list, dict]:
    keyed, by_text, taken = [], {}, set()
    for text in choices or []:
        if isinstance(text, dict):  # already keyed
            keyed.append(text)
            continue
        key = _key(str(text), taken)
        taken.add(key)
        by_text[text] = key
        keyed.append({"key": key, "label": {language: text}, "retired": False})
    return keyed, by_text


def _answer_value(kind: str, value: str, by_text: dict) -> str:
    if kind == "single_choice":
        return by_text.get(value, value)
    try:
        picked = json.loads(value) if value else []
    except ValueError:
        return value
    if not isinstance(picked, list):
        return value
    return json.dumps([by_text.get(p, p) for p in picked])


def upgrade():
    # A plain ADD COLUMN, never a batch copy: on SQLite a batch drops and
    # recreates the table, and with foreign keys on, dropping it would cascade
    # to every stored answer.
    op.add_column(
        "registration_question",
        sa.Column(
            "asked_of_members", sa.Boolean(), server_default=sa.true(), nullable=False
        ),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            question.c.id, question.c.kind, question.c.choices, meeting.c.main_language
        ).join(meeting, meeting.c.id == question.c.meeting_id)
    ).all()
    for qid, kind, choices, language in rows:
        keyed, by_text = _keyed(choices, language or "en")
        connection.execute(
            question.update().where(question.c.id == qid).values(choices=keyed)
        )
        if kind not in CHOICE_KINDS or not by_text:
            continue
        answers = connection.execute(
            sa.select(answer.c.id, answer.c.value).where(answer.c.question_id == qid)
        ).all()
        for aid, value in answers:
            new = _answer_value(kind, value, by_text)
            if new != value:
                connection.execute(
                    answer.update().where(answer.c.id == aid).values(value=new)
                )


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(question.c.id, question.c.kind, question.c.choices)
    ).all()
    for qid, kind, choices in rows:
        texts = {}
        for choice in choices or []:
            if isinstance(choice, dict):
                label = choice.get("label") or {}
                texts[choice["key"]] = next(iter(label.values()), choice["key"])
        connection.execute(
            question.update()
            .where(question.c.id == qid)
            .values(choices=list(texts.values()))
        )
        if kind in CHOICE_KINDS and texts:
            answers = connection.execute(
                sa.select(answer.c.id, answer.c.value).where(
                    answer.c.question_id == qid
                )
            ).all()
            for aid, value in answers:
                new = _answer_value(kind, value, texts)
                if new != value:
                    connection.execute(
                        answer.update().where(answer.c.id == aid).values(value=new)
                    )
    # SQLite 3.35+ and PostgreSQL drop a column in place (no batch copy, see upgrade).
    op.execute("ALTER TABLE registration_question DROP COLUMN asked_of_members")
