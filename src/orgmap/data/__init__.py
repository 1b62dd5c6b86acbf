"""From files to a validated `Dataset`: dates, models, reading, validation, the cache.

Knows nothing of questions, pages or exports; everything else builds on it.
"""
