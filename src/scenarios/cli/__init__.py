"""The command line, on top of everything: the commands, the options they share, how results
reach the terminal or a file, the terminal renderers, and the live edit loop. It is the only
layer that imports rich and typer; it calls the library through `scenarios.api`.
"""
