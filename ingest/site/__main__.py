"""``python -m kamerqa.ingest.site serve …``: Datasette's own command line with kamerqa's plugin loaded.

An installed kamerqa registers the plugin through its entry point already; from a source
checkout it is not installed, so this registers it before handing over to Datasette.
"""

from datasette.cli import cli

from . import register

register()
cli(prog_name="datasette")
