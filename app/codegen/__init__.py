"""Code generation: a normalized genome -> the files of a generated project.

`render.render(genome)` renders `templates_gen/<stack>/` (one folder per stack, mirroring
the output tree) with the filters of `escaping`; `formatting` runs ruff once over the
rendered Python; `archive` zips the result; `pattern_samples` computes sample values for
pattern-constrained fields at generation time. Code generation reads the genome package
and never the drafting one.
"""
