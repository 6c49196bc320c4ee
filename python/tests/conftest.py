import os
import sys

import pytest

# Run from a source checkout without installing: the package is one folder up.
if os.environ.get("MDF_TEST_FROM_SOURCE"):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

torch = pytest.importorskip("torch")
