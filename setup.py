"""The compiled part of kamerqa: everything else is declared in pyproject.toml.

``kamerqa.parsers._lines`` groups a PDF page's characters into lines (parsers/_lines.c). It is
optional: where it cannot be built, kamerqa uses the same algorithm in Python
(``layout.lines_from_chars``), some ten times slower on PDFs.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "kamerqa.parsers._lines",
            sources=["parsers/_lines.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
