"""Entry point for ``python -m generator``."""

import sys

if sys.argv[1:2] == ["diff"]:
    from generator.diffcli import main as diff

    sys.exit(diff(sys.argv[2:]))

from generator.cli import main

sys.exit(main())
