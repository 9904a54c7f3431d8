"""The report's sections, one module each: every section is a function of the page's shared
`Context` that returns what the template draws (or None to leave it out). They draw finished
results; they compute nothing. They import the report's own modules and the layers below.
"""
