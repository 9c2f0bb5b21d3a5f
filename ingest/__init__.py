"""The kamerqa command line and build pipeline."""
