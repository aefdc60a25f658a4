"""The characters a .docx cannot hold: one home for the loader (which removes them from plan text with
a warning, IVP080) and the docx writer (which removes them from whatever reaches a document).

XML 1.0 allows tab, newline and carriage return, and every character from U+0020 on except the
surrogates and U+FFFE/U+FFFF. So it cannot hold the other C0 controls, a lone surrogate (Python can
carry one after a YAML escape such as "\\ud800"), U+FFFE or U+FFFF.
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold, as a regex character class body.
XML_INVALID_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_INVALID = re.compile(f"[{XML_INVALID_CHARS}]")

# What the loader strips from plan text: the above and DEL (U+007F). XML allows DEL, but it is a
# control character that no plan means to write.
CONTROL_CHARS = re.compile(f"[{XML_INVALID_CHARS}\x7f]")


def remove_invalid_xml_chars(text: str) -> tuple[str, int]:
    """The text without characters XML cannot hold, and how many were removed."""
    return XML_INVALID.subn("", text)
