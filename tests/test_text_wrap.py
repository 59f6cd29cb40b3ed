"""Wrapping measures whole lines, not every prefix, and still fills each line as full as it goes."""

from __future__ import annotations

import pytest

from analysis.charts.text import greedy_lines, text_size

DPI = 100.0
TEXTS = (
    "Russia's military and NATO held first telephone talks in three years",
    "Col. General Alexander Zhuravlev — Deputy Chief of the General Staff, 2017-02-28",
    "a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii",
    "Supercalifragilisticexpialidocious is one word, longer than any line here",
    "Фомин и Жураев: переговоры «в конструктивном ключе»",
    "x",
)


def one_word_at_a_time(words: list[str], size: float, max_in: float, weight: str) -> list[str]:
    """The plain greedy fill: add each word to the line if the line still fits."""
    lines: list[str] = []
    for word in words:
        if lines and text_size(DPI, f"{lines[-1]} {word}", size, weight)[0] <= max_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("max_in", [0.3, 0.9, 1.7, 2.6, 4.0, 12.0])
@pytest.mark.parametrize(("size", "weight"), [(8.0, "normal"), (11.0, "bold")])
def test_lines_are_those_of_the_plain_greedy_fill(
    text: str, max_in: float, size: float, weight: str
) -> None:
    words = text.split()
    lines = greedy_lines(DPI, words, size, max_in, weight)
    assert lines == one_word_at_a_time(words, size, max_in, weight)
    assert " ".join(lines).split() == words
    for line in lines:  # every line fits, unless it is one word too long for any line
        assert text_size(DPI, line, size, weight)[0] <= max_in or " " not in line


def test_no_words_no_lines() -> None:
    assert greedy_lines(DPI, [], 9.0, 2.0, "normal") == []
