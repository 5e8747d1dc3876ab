"""auditor: audits district offices' Click ชุมชน publicity and renders monthly scorecards."""

__version__ = "0.1.0"
