import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import VaultCore
import VaultLive
import VaultRTP

/// `callvault capture`: records the calls seen on a network interface, live (passive capture).
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Record the calls seen on a network interface (a SPAN or mirror port), live.",
        discussion: """
            Follows SIP dialogs and their RTP (and RTP without SIP, found as ingest finds it in a capture file),
            and stores each call while it goes on, as `callvault ingest` stores a capture's call: one stereo
            recording, the SIP caller (or, without SIP, the direction heard first) on the left. A call ends at its
            BYE, or after --rtp-timeout seconds without RTP. SRTP calls are not recorded (a capture has no keys).
            Standard output gets one line per stored call: its id, or a JSON object with --json.
            SIGTERM or SIGINT stops: the calls in progress are stored as they are. Capturing needs root or
            CAP_NET_RAW.
            """
    )

    @OptionGroup var options: VaultOptions

    @Option(name: [.customShort("i"), .long], help: ArgumentHelp("The interface to capture on, e.g. eth1.", valueName: "name"))
    var interface: String

    @Option(help: ArgumentHelp("A BPF filter (tcpdump syntax); default: all UDP and TCP port 5060 (SIP over TCP), VLAN-tagged or not.", valueName: "expression"))
    var filter: String?

    @Option(name: .customLong("rtp-timeout"), help: ArgumentHelp("Seconds without RTP after which a call has ended.", valueName: "seconds"))
    var rtpTimeout: Double = 30

    @Option(name: .customLong("max-calls"), help: "Calls recorded at once; more are not recorded (and audited).")
    var maximumCalls = 500

    @Option(help: ArgumentHelp("outbound (the subject is the called number) or inbound (the calling number).", valueName: "outbound|inbound"))
    var direction: String = CallDirection.outbound.rawValue

    @Option(help: "Opus encoder complexity, 0-10; default: the vault's.")
    var complexity: Int?

    @Flag(help: "Print one JSON object per stored call instead of its id.")
    var json = false

    func validate() throws {
        guard CallDirection(rawValue: direction) != nil else { throw ValidationError("--direction: outbound or inbound") }
        guard rtpTimeout >= 1, rtpTimeout.isFinite else { throw ValidationError("--rtp-timeout: at least 1 second") }
        guard maximumCalls >= 1 else { throw ValidationError("--max-calls: at least 1") }
        if let complexity, !(0...10).contains(complexity) { throw ValidationError("--complexity: 0 to 10") }
    }

    func run() async throws {
        let vault = try await options.openVault()
        var logger = options.logger()
        if logger.logLevel > .notice { logger.logLevel = .notice }  // the start and stop lines are always shown
        let configuration = PassiveCaptureConfiguration(
            interface: interface, filter: filter,
            tracking: PassiveCallTracker.Configuration(rtpTimeout: rtpTimeout, maximumCalls: maximumCalls),
            direction: CallDirection(rawValue: direction)!, complexity: complexity)
        let counts = Mutex((stored: 0, failed: 0))
        let json = self.json, source = "capture:\(interface)"
        let recorder = try PassiveRecorder(configuration: configuration, vault: vault, logger: logger) { stored in
            switch stored.result {
            case .success(let recording):
                counts.withLock { $0.stored += 1 }
                let line = json ? recording.ingestLine(source: source, extra: ["call_index": stored.index, "rtp": stored.rtp]) : recording.id.description
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            case .failure(let error):
                counts.withLock { $0.failed += 1 }
                printError("callvault: call \(stored.index) not stored: \(ExitStatus(error)?.message ?? "\(error)")")
            }
        }
        // SIGINT and SIGTERM stop the capture; the calls in progress are stored.
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { recorder.stop() }
            source.resume()
            return source
        }
        defer { for source in signals { source.cancel() } }
        let stats = try await recorder.run()
        let (stored, failed) = counts.withLock { ($0.stored, $0.failed) }
        printError("callvault: \(stored) call(s) stored, \(failed) failed; \(stats.received) frames captured, \(stats.dropped + stats.interfaceDropped) dropped")
        if failed > 0 { throw ExitStatus(code: 1, message: nil) }
    }
}
