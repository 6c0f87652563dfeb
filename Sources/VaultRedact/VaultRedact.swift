/// Placeholder: the redaction work fills this module (see issue 6).
