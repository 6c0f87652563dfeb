/// Placeholder: the RTP ingest work fills this module (see issue 5).
