"""Vietnamese text folding: the one definition every search in the portal uses."""

import unicodedata

# NFD decomposition separates the tone and vowel marks, but đ/Đ are letters of their own.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Return text in lowercase ASCII-like form: diacritics removed, đ→d, spaces squeezed."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def fold_words(query: str | None, *, max_length: int = 200) -> list[str]:
    """Return the distinct folded words of a search query, cut to max_length characters."""
    cleaned = (query or "").replace("\x00", " ")[:max_length]
    words = []
    for word in fold(cleaned).split():
        if word not in words:
            words.append(word)
    return words


def clean_query(raw: str | None, *, max_length: int = 200) -> str:
    """Return a search query as typed, without null bytes or extra spaces, cut to max_length."""
    return " ".join((raw or "").replace("\x00", " ").split())[:max_length]
