/// The shipped default policy, byte for byte `Policies/default.yaml` (a test keeps them equal).
enum DefaultPolicy {
    static let yaml = """
    # callvault default policy (format 1).
    # `callvault policy check FILE` validates a policy; `callvault init --policy FILE` or
    # `callvault policy apply FILE` makes one the vault's policy. Schema: Policies/README.md.
    format: 1

    keys:
      # Days a key-encryption key may wrap new keys before it is rotated. At most 90.
      rotation_period_days: 90

    retention:
      # Recordings and transcripts are kept at least this long after the call started. At least 6.
      minimum_months: 6
      # and purged after this long, unless held.
      maximum_months: 24

    erasure:
      # Hours from an opt-out or a DPO request to completed erasure. At most 72.
      deadline_hours: 72

    recordings:
      # The longest call accepted, in hours (1 to 24). A longer input is refused, whatever its size.
      maximum_call_hours: 12

    consent:
      # Purposes a number can be authorised for; a check names one of them.
      purposes: [marketing, service, collections]
      # The callee's time zone when their number's country does not name one (IANA name).
      time_zone: Asia/Shanghai
      # No calls from `start` until `end`, callee's local time.
      quiet_hours:
        start: "22:00"
        end: "08:00"
      # Call attempts (claims, answered or not) allowed per number in a rolling window, counted
      # across purposes. A purpose rule replaces the default for checks of that purpose; a tag rule
      # (customers tagged e.g. complaint_sensitive) applies on top. Every applicable rule must pass.
      frequency:
        default: {max_attempts: 1, window_hours: 72}
        purposes: {}
        tags:
          complaint_sensitive: {max_attempts: 1, window_hours: 720}
    """
}
