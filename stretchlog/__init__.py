"""stretchlog: keep a daily psoas and hip-flexor stretching habit from your terminal."""

__version__ = "0.1.0"
