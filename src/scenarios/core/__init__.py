"""The ground: the numpy scoring kernels, the exceptions, every set of choices and default,
the checks of arguments, safe text, and safe reading and atomic writing of files. It imports
nothing else of the package; every other layer may import it.
"""
