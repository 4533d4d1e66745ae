"""Words and identifiers: namespaces, the kind table, CURIEs, the label policy, units. No I/O."""
