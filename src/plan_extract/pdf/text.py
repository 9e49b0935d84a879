"""Words → lines → text: the one place that decides how printed fragments become a string."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from plan_extract.pdf.reader import Word


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped into visual lines (per page), top to bottom, each line left to right."""
    ordered = sorted(words, key=lambda w: (w.page, w.ymid, w.x0))
    lines: list[list[Word]] = []
    for word in ordered:
        if lines:
            last = lines[-1]
            ref = last[0]
            if ref.page == word.page and abs(ref.ymid - word.ymid) < 0.45 * max(
                ref.size, word.size
            ):
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def grow_connected(
    seed: list[Word], candidates: Iterable[Word], connected: Callable[[Word, Word], bool]
) -> list[Word]:
    """`seed` plus every candidate linked to it through a chain of `connected` pairs."""
    block = list(seed)
    ids = {id(w) for w in block}
    grown = True
    while grown:
        grown = False
        for word in candidates:
            if id(word) not in ids and any(connected(word, other) for other in block):
                block.append(word)
                ids.add(id(word))
                grown = True
    return block


def line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def join_lines(
    lines: list[list[Word]],
    right_limit: float | None = None,
    whole: frozenset[str] = frozenset(),
) -> str:
    """One string from a cell's lines: a line break becomes a space, except inside a word.

    A word was broken by the line (not by the author) when the producer wrote no space after
    it; producers that never write space characters leave only geometry: a lone word filling
    the cell's width, or a trailing hyphen. `whole` (see `whole_words`) can overrule the
    geometry: a long word fills a narrow cell as well as a broken one does.
    """
    text = ""
    for i, line in enumerate(lines):
        piece = line_text(line)
        if i == 0:
            text = piece
            continue
        last = lines[i - 1][-1]
        broken = _broken_inside_word(lines[i - 1], last, line[0], right_limit, whole)
        text += piece if broken else " " + piece
    return text.strip()


def _broken_inside_word(
    line: list[Word], last: Word, nxt: Word, right_limit: float | None, whole: frozenset[str]
) -> bool:
    if nxt.text[0] in ".,;:)]»”’":
        return last.space_after is not True  # punctuation pushed to the next line
    if not nxt.text[0].isalnum():
        return False  # a line opening with a bullet or symbol starts a new item
    if last.text[-1] in ",;:." and nxt.text[0].isalpha():
        return False  # after punctuation the break is between words, spaces printed or not
    if last.space_after is not None:
        return not last.space_after
    if last.text.endswith("-") and len(last.text) > 1:
        return True
    if len(line) > 1 or right_limit is None or last.x1 < right_limit - 0.6 * last.size:
        return False
    # A lone word filling the cell: broken, unless the document prints the next word whole
    # and never the two as one word ('funcionamiento' / 'de', not 'capacitacion' / 'es.').
    return not (_word_key(nxt.text) in whole and _word_key(last.text + nxt.text) not in whole)


def wrapped_between_words(last: Word, nxt: Word, whole: frozenset[str]) -> bool:
    """A line ending in `last` and going on with `nxt` broke between two words, whatever the
    spaces say: the document prints both whole and never the two as one word (producers that
    write a space at most line ends but drop it at some). A trailing hyphen keeps its word
    joined to the next line's ('Paniamor-' / 'Programa')."""
    return (
        not last.text.endswith("-")
        and _word_key(last.text) in whole
        and _word_key(nxt.text) in whole
        and _word_key(last.text + nxt.text) not in whole
    )


def whole_words(words: Iterable[Word]) -> frozenset[str]:
    """The document's words printed with a space on both sides on one line: whole words,
    never a part of a word a line broke (a broken word's tail is followed by a space)."""
    whole = set()
    ordered = list(words)
    for before, word in zip(ordered, ordered[1:], strict=False):
        if (
            before.space_after
            and word.space_after
            and before.page == word.page
            and abs(before.ymid - word.ymid) < 0.5 * word.size
            and before.x1 <= word.x0
        ):
            whole.add(_word_key(word.text))
    return frozenset(whole)


def _word_key(text: str) -> str:
    return text.strip(".,;:()[]«»“”\"'‘’").casefold()


def words_text(
    words: Iterable[Word],
    right_limit: float | None = None,
    whole: frozenset[str] = frozenset(),
) -> str:
    return join_lines(group_lines(words), right_limit, whole)


_ITEM_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(\.?)(?=\s|$)")


def split_item_number(text: str) -> tuple[str | None, str]:
    """'2.1.1. Recopilar…' → ('2.1.1', 'Recopilar…'); a bare '10 sesiones' is not a number."""
    text = text.strip()
    match = _ITEM_NUMBER.match(text)
    if not match or ("." not in match.group(1) and not match.group(2)):
        return None, text
    return match.group(1), text[match.end() :].strip()


def starts_with_item_number(text: str) -> bool:
    return split_item_number(text)[0] is not None
