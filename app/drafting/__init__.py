"""Drafting: a plain-language product description -> a genome proposal (YAML).

`draft.draft(text)` is the entry point; `text`, `words`, `prose` and `lexicon` read the
sentences, `fields` and `jobs` turn them into fields and scheduled jobs. Drafting depends
on the genome package (its names and rules) and never on code generation.
"""
