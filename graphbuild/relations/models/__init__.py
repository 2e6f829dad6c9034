"""The trained relation model shipped with the package (``relations.npz`` + ``relations.json``),
rebuilt by ``graphbuild train``."""
