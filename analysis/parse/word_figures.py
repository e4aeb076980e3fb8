"""What the words around a figure say: figures printed in words (ranks, quartiles, 'one in
four', fractions, number words), the qualifier before a number ('around', 'over') and the
direction its words give ('increased', 'fell').

>>> figure_in_words("A quarter", "A quarter").value, leading_qualifier("over ")[0]
(25.0, 'over')
"""

from __future__ import annotations

from . import figure_words as words
from .reading import Figure, Rejection, bounds


def special_figure(body: str, quartile_order: str = "top_first") -> Figure | None:
    """Ranks, quartiles and 'one in four': figures not written as plain numbers. A quartile
    code ('Q4') is the paper's own number; a quartile in words is numbered in
    ``quartile_order`` (its measure's: 1 is the top quartile, or the bottom one).

    >>> special_figure("ranked the second lowest").value, special_figure("Q4 (14/15)").unit
    (2.0, 'quartile')
    >>> [special_figure("bottom quartile", order).value for order in words.QUARTILE_ORDERS]
    [4.0, 1.0]
    >>> special_figure("1 in 4 people are supported").numerator
    1.0
    """
    q = words.QUARTILE.match(body)
    if q:
        return Figure(float(q.group(1)), "quartile", flags=("quartile",))
    qw = words.QUARTILE_WORDS.search(body)
    if qw:
        place = words.QUARTILE_POSITIONS[qw.group("pos").lower()]  # from the top
        number = 5 - place if quartile_order == "bottom_first" else place
        return Figure(float(number), "quartile", flags=(f"from words: {qw.group(0)}",))
    if not words.DIGIT.search(body):  # 'the highest 85%' is a percentage, not a rank
        rank = words.RANK_WORDS.search(body)
        if rank:
            n = words.ORDINALS[rank.group("ord").lower()] if rank.group("ord") else 1.0
            return Figure(n, "rank", flags=(f"from words: {rank.group(0).strip()}",))
    one_in = words.ONE_IN.search(body)
    if one_in:
        def num(s):
            return words.WORD_NUMBERS[s.lower()] if s.lower() in words.WORD_NUMBERS else float(s)
        a, b = num(one_in.group("num")), num(one_in.group("den"))
        if not 0 < a < b:
            return None
        return Figure(round(100 * a / b, 6), "percent", numerator=a, denominator=b,
                      flags=(f"from words: {one_in.group(0)}",), precision=words.WORD_PRECISION)
    return None


def fraction_in(low: str) -> str | None:
    """The fraction in words in lower-cased ``low``; of two, the longer phrase.

    >>> fraction_in("just over two-thirds"), fraction_in("a thirdly")
    ('two-thirds', None)
    """
    found = words.FRACTION.findall(low)
    return min(found, key=words.FRACTIONS_LONGEST_FIRST.index) if found else None


def number_in_words(low: str) -> tuple[str, float, float] | None:
    """A number in words among the first two words of lower-cased ``low``, with its scale
    word: the words, the value and half a unit of it.

    >>> number_in_words("eight days per year"), number_in_words("one million visits")
    (('eight', 8.0, 0.5), ('one million', 1000000.0, 500000.0))
    """
    tokens = words.LETTERS.findall(low)
    for k, word in enumerate(tokens[:2]):
        if word in words.WORD_NUMBERS:
            value = words.WORD_NUMBERS[word]
            following = tokens[k + 1] if k + 1 < len(tokens) else ""
            if following in ("hundred", "thousand", "million", "billion"):
                scale = 100.0 if following == "hundred" else words.SCALES[following]
                return f"{word} {following}", value * scale, 0.5 * scale
            return word, value, 0.5
    return None


def figure_in_words(body: str, text: str) -> Figure | Rejection:
    """A figure printed in words only: a fraction ('three-quarters', as a percentage) or a
    number word, with its qualifier and direction.

    >>> fig = figure_in_words("Just over two-thirds", "Just over two-thirds")
    >>> round(fig.value, 2), fig.unit, fig.qualifier, fig.flags
    (66.67, 'percent', 'over', ('from words: two-thirds',))
    """
    low = body.lower()
    phrase = fraction_in(low)
    if phrase is not None:
        value, unit = round(words.WORD_FRACTIONS[phrase], 6), "percent"
        precision = words.WORD_PRECISION
    else:
        spelled = number_in_words(low)
        if spelled is None:
            return Rejection(f"no figure printed ('{text}')")
        (phrase, value, precision), unit = spelled, None
    qualifier, _ = leading_qualifier(low.split(phrase)[0])
    lower, upper = bounds(qualifier, value, None, None)
    return Figure(value, unit, qualifier, lower=lower, upper=upper, direction=direction_of(body),
                  flags=(f"from words: {phrase}",), precision=precision)


def leading_qualifier(prefix: str) -> tuple[str | None, str]:
    """The qualifier at the end of ``prefix`` (the text before a number) and what is left
    before it.

    >>> leading_qualifier("an estimated "), leading_qualifier("a workforce of around ")
    (('estimated', ''), ('approximately', 'a workforce of '))
    >>> leading_qualifier("handsome ")
    (None, 'handsome ')
    """
    low = prefix.lower().rstrip()
    found = words.QUALIFIER_AT_END.search(low)
    if found is None:
        return None, prefix
    return words.QUALIFIER_OF[found.group(0)], prefix.rstrip()[: found.start()]


def direction_of(text: str) -> int:
    """-1 for words of a fall, 1 for words of a rise, 0 for neither; the first word wins when
    both are printed. 'up to' and 'more than' are bounds, not a rise.

    >>> direction_of("decreased by 1,200 (- 7%)"), direction_of("57 pence more")
    (-1, 1)
    >>> direction_of("up to 5"), direction_of("no more than 5%")
    (0, 0)
    """
    found = words.DIRECTION.search(words.BOUND_PHRASES.sub(" ", text.lower()))
    if found is None:
        return 0
    return -1 if found.group("down") else 1
