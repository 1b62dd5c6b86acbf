"""The questions researchers ask of a `Dataset`, each a plain function returning a DataFrame."""
