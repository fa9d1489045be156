"""How the word count splits text: letters only, lower case (shipped to the executors as a py_files entry)."""
import re

_NOT_LETTERS = re.compile(r"[^\w]|[\d_]+")


def words(line):
    """The letter-only, lower-cased words of a line of text."""
    return [w.lower() for w in _NOT_LETTERS.split(line) if w]
