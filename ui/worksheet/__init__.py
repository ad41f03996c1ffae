"""The Worksheet page's pieces: the parts in order, URL fields and progress, the widgets
for one typed-answer exercise and one self-check question, the syntax card."""
