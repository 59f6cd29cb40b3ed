"""Structure a news article's claims, dates and record checks, and report them."""

__version__ = "0.1.0"
