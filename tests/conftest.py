"""Test-wide settings: the tests never read or fill the user's own chart cache."""

import os
import tempfile

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ivplan-test-cache-")
