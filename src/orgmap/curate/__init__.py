"""The commands that write data (init, fmt, add, import, diff), preserving comments."""
