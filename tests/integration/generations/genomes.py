"""Genomes the projects and generations suites submit: a tiny one, and versions of it."""

SMALL_GENOME = """\
genome: 1
name: Tiny Notes
slug: tiny_notes
stack: {backend: flask, frontend: none}
entities:
  - name: Note
    fields:
      title: {type: string, required: true, max_length: 80}
      body: {type: text}
"""
# Its next version: one field added, with the default existing rows take.
WITH_PRIORITY = SMALL_GENOME + "      priority: {type: integer, default: 3}\n"
