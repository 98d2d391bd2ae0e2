"""Makes tests/contract a package so its conftest.py is imported as ``contract.conftest``.

Without it pytest (prepend import mode) would register this conftest as the top-level
module ``conftest``, shadowing tests/conftest.py for the ``from conftest import ...`` lines
in tests/test_*.py, and same-named test files here and in tests/ would collide.
"""
