"""A workspace on disk, read into validated objects: finding it (`find`), reading YAML with the
position of every value (`yamlsource`, `validate`), the file format (the pydantic `schema`), the
cache of validated files (`cache`), the checks across files as a table of rules (`checks`),
loading (`load`), the typed scenario of a run (`scenario`), what-ifs, the evidence and its
sources, the warnings of `validate`, and names in the reader's language. It imports only `core`;
it knows nothing of analyses, panels or output: a panel/ folder is read by the caller's `part`
(the API passes the panels layer's reader).
"""
