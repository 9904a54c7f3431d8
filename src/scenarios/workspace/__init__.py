"""A workspace on disk, read into validated objects: finding it, reading YAML with the position
of every value, the file format (the pydantic schema), the checks across files, what-ifs, the
evidence and its sources, and names in the reader's language. It imports only `core`; it knows
nothing of analyses, panels or output.
"""
