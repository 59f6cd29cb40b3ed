"""Structure a news article's claims, dates and checks against the public record, and report them."""

__version__ = "0.1.0"
