"""Reading a PDF: words, rules, signatures, hostile-file guards; no table or plan knowledge."""
